// The scoring engine and the ranking index: components, evidence with snippets, years from
// date ranges, and indexed top-k identical to scoring everyone.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { yearsOf } from '../../src/modules/matching/engine/experience.js';
import { fastScore } from '../../src/modules/matching/engine/fast-score.js';
import { JobIndex } from '../../src/modules/matching/engine/job-index.js';
import { candidateProfile, jobProfile, type CandidateInput, type JobInput } from '../../src/modules/matching/engine/profiles.js';
import { RankingIndex } from '../../src/modules/matching/engine/ranking-index.js';
import { type ScoringModel, scoreMatch } from '../../src/modules/matching/engine/scoring.js';
import { skillTaxonomy } from '../../src/modules/matching/taxonomy/skill-normaliser.js';
import { random, syntheticCandidate, syntheticJob } from '../support/synthetic.js';

const taxonomy = skillTaxonomy();
const NOW = new Date('2026-06-15T00:00:00Z');
const weighted: ScoringModel = { kind: 'weighted', weights: { mustHave: 35, niceToHave: 15, text: 20, experience: 10, seniority: 8, location: 7, salary: 5 } };

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

describe('years of experience', () => {
  it('merges overlapping periods and counts open ones to now', () => {
    assert.equal(yearsOf([{ start: '2020-01', end: '2020-12' }, { start: '2020-07', end: '2021-06' }], NOW), 1.5);
    assert.equal(yearsOf([{ start: '2025-06' }], NOW), 1.1);
    assert.equal(yearsOf([{ start: 'garbage' }], NOW), null);
  });
});

describe('scoring', () => {
  const stats = { documents: 100, averageLength: 40, documentFrequency: () => 10 };
  const result = scoreMatch(jobProfile(job, taxonomy), candidateProfile(alice, taxonomy, NOW), stats, weighted);

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
    const r = scoreMatch(jobProfile(job, taxonomy), candidateProfile(bob, taxonomy, NOW), stats, weighted);
    assert.equal(r.allMustHavesFound, false);
    assert.deepEqual(r.evidence.filter((e) => e.kind === 'must').map((e) => e.status), ['missing', 'missing']);
    assert.ok(r.score < result.score / 2, `${r.score} vs ${result.score}`);
  });

  it('says unclear when years cannot be told', () => {
    const carol = { ...alice, id: 'carol', skills: ['TypeScript', 'Kubernetes'], experience: [], summary: null };
    const r = scoreMatch(jobProfile(job, taxonomy), candidateProfile(carol, taxonomy, NOW), stats, weighted);
    assert.equal(r.evidence.find((e) => e.requirement === 'TypeScript (3+ years)')?.status, 'unclear');
    assert.equal(r.evidence.find((e) => e.kind === 'seniority')?.status, 'unclear');
  });

  it('uses weights from configuration, and a fitted logistic model when given', () => {
    const onlyLocation: ScoringModel = { kind: 'weighted', weights: { mustHave: 0, niceToHave: 0, text: 0, experience: 0, seniority: 0, location: 1, salary: 0 } };
    assert.equal(scoreMatch(jobProfile(job, taxonomy), candidateProfile(alice, taxonomy, NOW), stats, onlyLocation).score, 100);
    const logistic: ScoringModel = { kind: 'logistic', bias: -2, weights: { mustHave: 4, niceToHave: 0, text: 0, experience: 0, seniority: 0, location: 0, salary: 0 } };
    assert.equal(scoreMatch(jobProfile(job, taxonomy), candidateProfile(alice, taxonomy, NOW), stats, logistic).score, 88.1);
  });
});

describe('ranking index', () => {
  const rnd = random(42);
  const index = new RankingIndex();
  for (let i = 0; i < 3000; i++) index.upsert(candidateProfile(syntheticCandidate(i, rnd), taxonomy, NOW));

  it('ranks exactly like scoring everyone, for many jobs and both kinds of model', () => {
    const logistic: ScoringModel = { kind: 'logistic', bias: -3, weights: { mustHave: 3, niceToHave: 1, text: 2, experience: 1, seniority: 0.5, location: 0.5, salary: -0.5 } };
    const models: ScoringModel[] = [weighted, logistic];
    for (let j = 0; j < 40; j++) {
      const profile = jobProfile(syntheticJob(j, rnd), taxonomy);
      for (const m of models) assert.deepEqual(index.topForJob(profile, 20, m), index.bruteForce(profile, 20, m), `job ${j} ${m.kind}`);
    }
  });

  it('ranks jobs for a candidate exactly like scoring every job', () => {
    const jobs = new JobIndex();
    for (let j = 0; j < 300; j++) jobs.upsert(jobProfile(syntheticJob(j, rnd), taxonomy));
    const logistic: ScoringModel = { kind: 'logistic', bias: -2, weights: { mustHave: 3, niceToHave: 1, text: 2, experience: 1, seniority: 0.5, location: 0.5, salary: 0.2 } };
    const modelFor = (job: { id: string }) => (Number(job.id.slice(1)) % 2 ? weighted : logistic);
    for (let i = 0; i < 30; i++) {
      const c = index.get(`c${String(i * 7).padStart(6, '0')}`)!;
      assert.deepEqual(jobs.topForCandidate(c, 10, index, modelFor), jobs.bruteForce(c, 10, index, modelFor), `candidate ${c.id}`);
    }
  });

  it('scores with the fast path exactly as with evidence', () => {
    const profile = jobProfile(syntheticJob(7, rnd), taxonomy);
    for (let i = 0; i < 200; i++) {
      const c = index.get(`c${String(i).padStart(6, '0')}`)!;
      assert.equal(fastScore(profile, c, index, weighted), scoreMatch(profile, c, index, weighted).score);
    }
  });

  it('updates incrementally and never lets an older revision replace a newer one', () => {
    const small = new RankingIndex();
    const base = syntheticCandidate(1, random(1));
    small.upsert(candidateProfile({ ...base, id: 'x', revision: 2, skills: ['Rust'] }, taxonomy, NOW));
    assert.equal(small.upsert(candidateProfile({ ...base, id: 'x', revision: 1, skills: ['Go'] }, taxonomy, NOW)), false);
    assert.equal(small.documentFrequency('skill:rust'), 1);
    small.upsert(candidateProfile({ ...base, id: 'x', revision: 3, skills: ['Go'], experience: [], summary: null }, taxonomy, NOW));
    assert.equal(small.documentFrequency('skill:rust'), 0);
    assert.equal(small.documentFrequency('skill:go'), 1);
    small.remove('x');
    assert.equal(small.documents, 0);
  });
});
