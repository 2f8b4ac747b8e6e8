// The scoring engine and the ranking index: components, evidence with snippets, years from
// date ranges, implied requirements from the job's occupation, the compact encoding (no text,
// bounded size), snapshots, and indexed top-k identical to scoring everyone.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type CandidateFeatures, featuresOf, MAX_TERMS } from '../../src/modules/matching/engine/features.js';
import { JobIndex } from '../../src/modules/matching/engine/job-index.js';
import { scoreMatch } from '../../src/modules/matching/engine/match.js';
import { candidateProfile, type CandidateInput, jobProfile, type JobInput } from '../../src/modules/matching/engine/profiles.js';
import { RankingIndex } from '../../src/modules/matching/engine/ranking-index.js';
import { decodeSnapshot, encodeSnapshot } from '../../src/modules/matching/engine/ranking-snapshot-codec.js';
import type { ScoringModel } from '../../src/modules/matching/engine/scoring.js';
import { yearsOf } from '../../src/modules/skills/experience.js';
import { builtinTaxonomy } from '../../src/modules/skills/taxonomy-loader.js';
import { random, syntheticCandidate, syntheticJob } from '../support/synthetic.js';

const taxonomy = builtinTaxonomy();
const skills = taxonomy.skills;
const NOW = new Date('2026-06-15T00:00:00Z');
const weighted: ScoringModel = { kind: 'weighted', weights: { mustHave: 35, niceToHave: 15, text: 20, experience: 10, seniority: 8, location: 7, salary: 5 } };
const logistic: ScoringModel = { kind: 'logistic', bias: -3, weights: { mustHave: 3, niceToHave: 1, text: 2, experience: 1, seniority: 0.5, location: 0.5, salary: -0.5 } };
const features = (c: CandidateInput) => featuresOf(candidateProfile(c, skills, NOW));

const job: JobInput = {
  id: 'j1',
  revision: 1,
  title: 'Senior Backend Engineer',
  description: 'Payments APIs in TypeScript on Kubernetes.',
  mustHave: [{ skill: 'TypeScript', minYears: 3 }, { skill: 'k8s' }],
  niceToHave: [{ skill: 'PostgreSQL' }, { skill: 'Kafka' }],
  seniority: 'senior',
  workplace: 'hybrid',
  location: { city: 'Berlin', country: 'DE' },
  salary: { min: 8_000_000, max: 10_000_000, currency: 'EUR' },
};
const alice: CandidateInput = {
  id: 'alice',
  revision: 1,
  skills: ['Postgres'],
  experience: [
    { title: 'Backend Engineer', company: 'Acme', start: '2019-01', end: '2022-12', description: 'Built payment APIs in TypeScript, deployed on Kubernetes.' },
    { title: 'Developer', company: 'Initech', start: '2016-01', end: '2018-12', description: 'PHP and MySQL.' },
  ],
  summary: 'Payments backend engineer.',
  location: { city: 'berlin', country: 'DE' },
  expectedSalary: { amount: 9_000_000, currency: 'EUR' },
};

/** An index of synthetic candidates plus alice, for corpus statistics. */
function indexWith(...extra: CandidateInput[]): RankingIndex {
  const index = new RankingIndex();
  const rnd = random(3);
  for (let i = 0; i < 100; i++) index.upsert(features(syntheticCandidate(i, rnd)));
  for (const c of extra) index.upsert(features(c));
  return index;
}

describe('years of experience', () => {
  it('merges overlapping periods and counts open ones to now', () => {
    assert.equal(yearsOf([{ start: '2020-01', end: '2020-12' }, { start: '2020-07', end: '2021-06' }], NOW), 1.5);
    assert.equal(yearsOf([{ start: '2025-06' }], NOW), 1.1);
    assert.equal(yearsOf([{ start: 'garbage' }], NOW), null);
  });
});

describe('scoring', () => {
  const index = indexWith(alice);
  const result = scoreMatch(jobProfile(job, taxonomy), candidateProfile(alice, skills, NOW), index, weighted);

  it('finds each requirement with the candidate’s words as evidence', () => {
    const byReq = Object.fromEntries(result.evidence.map((e) => [e.requirement, e]));
    assert.equal(byReq['TypeScript (3+ years)'].status, 'found');
    assert.match(byReq['TypeScript (3+ years)'].snippet!, /payment APIs in TypeScript.*\(4 years\)/);
    assert.equal(byReq.k8s.status, 'found');
    assert.match(byReq.k8s.snippet!, /deployed on Kubernetes/);
    assert.equal(byReq.PostgreSQL.status, 'found');
    assert.equal(byReq.PostgreSQL.snippet, 'Skills: Postgres');
    assert.deepEqual({ status: byReq.Kafka.status, snippet: byReq.Kafka.snippet }, { status: 'missing', snippet: null });
    assert.equal(result.allMustHavesFound, true);
  });

  it('computes each component', () => {
    assert.equal(result.components.mustHave, 1);
    assert.equal(result.components.niceToHave, 0.5);
    assert.equal(result.components.experience, 1, '7 years against 5 expected for senior');
    assert.equal(result.components.seniority, 1);
    assert.equal(result.components.location, 1);
    assert.equal(result.components.salary, 1);
    assert.ok(result.components.text! > 0 && result.components.text! < 1);
    assert.ok(result.score > 70 && result.score <= 100, String(result.score));
  });

  it('marks a missing must-have and scores far lower', () => {
    const bob = { ...alice, id: 'bob', skills: [], experience: [{ ...alice.experience[0], description: 'Built payment APIs in Java.' }] };
    const r = scoreMatch(jobProfile(job, taxonomy), candidateProfile(bob, skills, NOW), index, weighted);
    assert.equal(r.allMustHavesFound, false);
    assert.deepEqual(r.evidence.filter((e) => e.kind === 'must').map((e) => e.status), ['missing', 'missing']);
    assert.ok(r.score < result.score / 2, `${r.score} vs ${result.score}`);
  });

  it('says unclear when years cannot be told', () => {
    const carol = { ...alice, id: 'carol', skills: ['TypeScript', 'Kubernetes'], experience: [], summary: null };
    const r = scoreMatch(jobProfile(job, taxonomy), candidateProfile(carol, skills, NOW), index, weighted);
    assert.equal(r.evidence.find((e) => e.requirement === 'TypeScript (3+ years)')?.status, 'unclear');
    assert.equal(r.evidence.find((e) => e.kind === 'seniority')?.status, 'unclear');
  });

  it('uses weights from configuration, and a fitted logistic model when given', () => {
    const onlyLocation: ScoringModel = { kind: 'weighted', weights: { mustHave: 0, niceToHave: 0, text: 0, experience: 0, seniority: 0, location: 1, salary: 0 } };
    assert.equal(scoreMatch(jobProfile(job, taxonomy), candidateProfile(alice, skills, NOW), index, onlyLocation).score, 100);
    const fitted: ScoringModel = { kind: 'logistic', bias: -2, weights: { mustHave: 4, niceToHave: 0, text: 0, experience: 0, seniority: 0, location: 0, salary: 0 } };
    assert.equal(scoreMatch(jobProfile(job, taxonomy), candidateProfile(alice, skills, NOW), index, fitted).score, 88.1);
  });

  it('splits a requirement naming two skills and reads the one in parentheses', () => {
    const profile = jobProfile({ ...job, mustHave: [{ skill: 'Dockers and Kubernetes' }], niceToHave: [{ skill: 'Search Engine Optimization (SEO)' }] }, taxonomy);
    assert.deepEqual(profile.must.map((r) => [r.label, r.skillId]), [['Dockers', 'docker'], ['Kubernetes', 'kubernetes']]);
    assert.deepEqual(profile.nice.map((r) => r.skillId), ['seo']);
  });

  it('meets a requirement the taxonomy does not know when the candidate’s text has its words', () => {
    const profile = jobProfile({ ...job, mustHave: [{ skill: 'Underwater welding' }], niceToHave: [] }, taxonomy);
    const diver = { ...alice, id: 'diver', skills: [], experience: [], summary: 'Commercial diver: underwater welding and inspection of offshore platforms.' };
    const r = scoreMatch(profile, candidateProfile(diver, skills, NOW), indexWith(diver), weighted);
    const must = r.evidence.find((e) => e.kind === 'must')!;
    assert.deepEqual([must.status, r.components.mustHave], ['found', 1]);
    assert.match(must.snippet!, /underwater welding/);
    const other = scoreMatch(profile, candidateProfile(alice, skills, NOW), index, weighted);
    assert.equal(other.components.mustHave, 0);
  });
});

describe('occupations', () => {
  const civil: JobInput = { ...job, title: 'Senior Civil Engineer (m/f/d)', description: 'Bridges and road works.', mustHave: [], niceToHave: [{ skill: 'AutoCAD' }] };

  it('maps a job title to an occupation, exactly or by its telling words', () => {
    assert.equal(taxonomy.occupations.forTitle('Senior Civil Engineer (m/f/d)')?.occupation.title, 'civil engineer');
    assert.equal(taxonomy.occupations.forTitle('Internal Auditor - Banking')?.occupation.title, 'internal auditor');
    assert.equal(taxonomy.occupations.forTitle('HR Business Partners')?.occupation.title, 'human resources manager');
    assert.equal(taxonomy.occupations.forTitle('Lead Site Engineer, Highways')?.occupation.title, 'civil engineer');
    assert.equal(taxonomy.occupations.forTitle('Engineering Manager'), null, 'the role word decides: a manager is not an engineer');
    assert.equal(taxonomy.occupations.forTitle('Banana tamer'), null);
  });

  it('adds the occupation’s essential skills as implied, soft requirements when the employer lists few', () => {
    const profile = jobProfile(civil, taxonomy);
    assert.equal(profile.occupation?.title, 'civil engineer');
    assert.deepEqual(profile.implied.map((r) => r.label), ['Civil Engineering', 'Structural Engineering'], 'AutoCAD is listed already');
    const engineer = { ...alice, id: 'eng', skills: ['AutoCAD'], experience: [{ title: 'Civil Engineer', start: '2015-01', end: '2024-01', description: 'Structural engineering of bridges.' }], summary: 'Civil engineering.' };
    const r = scoreMatch(profile, candidateProfile(engineer, skills, NOW), indexWith(engineer), weighted);
    assert.deepEqual(r.evidence.filter((e) => e.kind === 'implied').map((e) => [e.requirement, e.status]), [['Civil Engineering', 'found'], ['Structural Engineering', 'found']]);
    assert.equal(r.components.niceToHave, 1);
    const listed = jobProfile({ ...civil, mustHave: [{ skill: 'AutoCAD' }, { skill: 'Revit' }, { skill: 'BIM' }] }, taxonomy);
    assert.deepEqual(listed.implied, [], 'an employer who lists enough is taken at their word');
  });
});

describe('compact candidates', () => {
  it('keeps no text and a bounded number of terms, whatever the CV’s length', () => {
    const rnd = random(9);
    const vocabulary = Array.from({ length: 3000 }, (_, i) => `word${i.toString(36)}`);
    const cv = Array.from({ length: 900 }, () => vocabulary[Math.floor(rnd() ** 2 * vocabulary.length)]).join(' ');
    const f = features({ ...alice, cvText: `${cv} TypeScript Kubernetes` });
    assert.equal(f.terms.length, MAX_TERMS);
    assert.ok(f.length > 900);
    assert.ok(!JSON.stringify(f, (_k, v) => (v instanceof Uint32Array ? [...v] : v)).includes('word'), 'no words kept, only hashed buckets');
    const index = new RankingIndex();
    index.upsert(f);
    assert.ok(index.bytes < 64 * 1024 * 1024, 'one candidate costs its record, not its text');
  });
});

describe('ranking index', () => {
  const rnd = random(42);
  const index = new RankingIndex();
  const byId = new Map<string, CandidateFeatures>();
  for (let i = 0; i < 3000; i++) {
    const f = features(syntheticCandidate(i, rnd));
    byId.set(f.id, f);
    index.upsert(f);
  }

  it('ranks exactly like scoring everyone, for many jobs and both kinds of model', () => {
    for (let j = 0; j < 40; j++) {
      const profile = jobProfile(syntheticJob(j, rnd), taxonomy);
      const models: ScoringModel[] = [weighted, logistic];
      for (const m of models) assert.deepEqual(index.topForJob(profile, 20, m), index.bruteForce(profile, 20, m), `job ${j} ${m.kind}`);
    }
  });

  it('ranks jobs for a candidate exactly like scoring every job', () => {
    const jobs = new JobIndex();
    for (let j = 0; j < 300; j++) jobs.upsert(jobProfile(syntheticJob(j, rnd), taxonomy));
    const modelFor = (job: { id: string }) => (Number(job.id.slice(1)) % 2 ? weighted : logistic);
    for (let i = 0; i < 30; i++) {
      const c = byId.get(`c${String(i * 7).padStart(6, '0')}`)!;
      assert.deepEqual(jobs.topForCandidate(c, 10, index, modelFor), jobs.bruteForce(c, 10, index, modelFor), `candidate ${c.id}`);
    }
  });

  it('shows the score a candidate was ranked by', () => {
    const rndJob = random(77);
    const profile = jobProfile(syntheticJob(7, rndJob), taxonomy);
    const all = new Map(index.bruteForce(profile, 3000, weighted).map((r) => [r.id, r.score]));
    const rnd2 = random(42);
    for (let i = 0; i < 200; i++) {
      const c = candidateProfile(syntheticCandidate(i, rnd2), skills, NOW);
      assert.equal(scoreMatch(profile, c, index, weighted).score, all.get(c.id), c.id);
    }
  });

  it('updates incrementally and never lets an older revision replace a newer one', () => {
    const small = new RankingIndex();
    const base = syntheticCandidate(1, random(1));
    small.upsert(features({ ...base, id: 'x', revision: 2, skills: ['Rust'] }));
    assert.equal(small.upsert(features({ ...base, id: 'x', revision: 1, skills: ['Go'] })), false);
    assert.equal(small.documentFrequency('skill:rust'), 1);
    small.upsert(features({ ...base, id: 'x', revision: 3, skills: ['Go'], experience: [], summary: null }));
    assert.equal(small.documentFrequency('skill:rust'), 0);
    assert.equal(small.documentFrequency('skill:go'), 1);
    small.remove('x');
    assert.equal(small.documents, 0);
  });

  it('ranks the same after many updates and removals as an index built afresh', () => {
    const churned = new RankingIndex();
    const fresh = new RankingIndex();
    const r = random(5);
    const latest = new Map<string, CandidateFeatures>();
    for (let round = 0; round < 5; round++) {
      for (let i = 0; i < 600; i++) {
        const c = syntheticCandidate(i, r);
        if (r() < 0.1) {
          churned.remove(c.id);
          latest.delete(c.id);
        } else {
          const f = features({ ...c, revision: round + 1 });
          churned.upsert(f);
          latest.set(c.id, f);
        }
      }
    }
    for (const f of latest.values()) fresh.upsert(f);
    assert.equal(churned.documents, fresh.documents);
    for (let j = 0; j < 15; j++) {
      const profile = jobProfile(syntheticJob(j, r), taxonomy);
      assert.deepEqual(churned.topForJob(profile, 20, weighted), fresh.bruteForce(profile, 20, weighted), `job ${j}`);
    }
  });

  it('round-trips through a snapshot: same rankings, same statistics, and keeps updating', () => {
    const { index: loaded, seq, fingerprint } = decodeSnapshot(encodeSnapshot(index, 123, 'fp'));
    assert.deepEqual([seq, fingerprint, loaded.documents, loaded.averageLength], [123, 'fp', index.documents, index.averageLength]);
    for (let j = 0; j < 10; j++) {
      const profile = jobProfile(syntheticJob(100 + j, rnd), taxonomy);
      assert.deepEqual(loaded.topForJob(profile, 20, weighted), index.topForJob(profile, 20, weighted), `job ${j}`);
    }
    const changed = features({ ...syntheticCandidate(5, random(5)), id: 'c000005', revision: 9, skills: ['Haskell'] });
    loaded.upsert(changed);
    assert.equal(loaded.revisionOf('c000005'), 9);
    assert.equal(loaded.documentFrequency('skill:haskell'), index.documentFrequency('skill:haskell') + 1);
    assert.throws(() => decodeSnapshot(Buffer.from('not a snapshot')), /not a ranking index snapshot/);
    const bytes = encodeSnapshot(index, 1, 'fp');
    assert.throws(() => decodeSnapshot(bytes.subarray(0, bytes.length - 8)), /truncated/);
  });
});
