// Matching end to end with a real worker: rankings appear after a publish without any request
// waiting, the AI check delivers or disqualifies with evidence, an edit burst is one
// recomputation, an old run never replaces a newer one, and decisions refit the model.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { MongoClient } from 'mongodb';
import type { RunningWorker } from '../../src/bootstrap/create-worker.js';
import type { AppConfig } from '../../src/config/app-config.js';
import { QueueService as QueueServiceRef } from '../../src/queues/queue.service.js';
import { QueueName } from '../../src/queues/queue.types.js';
import { ESCO_SOURCE, ONET_SOURCE, TAXONOMY_FILE, TAXONOMY_FORMAT, type TaxonomyFile } from '../../src/modules/skills/taxonomy-file.js';
import { startTestApi, startTestWorker, type TestApi } from '../support/apps.js';
import { testConfig } from '../support/env.js';
import { makeCandidate, makeJob, move, submit } from '../support/factories.js';
import { type Session, Sessions } from '../support/session.js';
import { waitFor } from '../support/wait.js';

const tsJob = {
  title: 'TypeScript backend engineer',
  description: 'Payments services in TypeScript with PostgreSQL on Kubernetes.',
  mustHave: [{ skill: 'TypeScript' }],
  niceToHave: [{ skill: 'PostgreSQL' }, { skill: 'Kubernetes' }],
  seniority: 'mid',
  workplace: 'remote',
};
const tsPerson = (name: string) => ({
  name,
  skills: ['TypeScript', 'Postgres'],
  experience: [{ title: 'Backend Engineer', start: '2021-01', end: '2025-01', description: 'Built payment services in TypeScript on k8s.' }],
  summary: 'Backend engineer, payments.',
});
const javaPerson = (name: string) => ({
  name,
  skills: ['Java', 'Spring'],
  experience: [{ title: 'Java Developer', start: '2015-01', end: '2024-01', description: 'Banking systems in Java.' }],
  summary: 'Java developer.',
});

describe('matching', () => {
  let config: AppConfig;
  let api: TestApi;
  let worker: RunningWorker;
  let sessions: Sessions;
  let admin: Session;
  let employer: Session;
  let sourcer: Session;
  let mongo: MongoClient;

  before(async () => {
    config = testConfig('matching', { MATCH_MIN_LABELS: '4', MATCH_THRESHOLD: '40' });
    [api, worker] = await Promise.all([startTestApi(config), startTestWorker(config)]);
    sessions = new Sessions(config, api.url);
    admin = await sessions.asAdmin();
    ({ employer } = await sessions.makeCompany());
    sourcer = await sessions.asSourcer();
    mongo = await MongoClient.connect(config.MONGODB_URI);
  });
  after(async () => {
    await api?.close();
    await worker?.stop();
    await mongo?.close();
  });

  const ready = (path: string, session: Session, until: (body: any) => boolean = () => true) =>
    waitFor(`${path} ready`, async () => {
      const res = await session.get(path);
      return res.status === 200 && res.body.status === 'ready' && until(res.body) ? res.body : undefined;
    });

  it('ranks candidates for a published job in the background, best first, with evidence', async () => {
    const good = await makeCandidate(sourcer, tsPerson('Grace TS'));
    const poor = await makeCandidate(sourcer, javaPerson('Jim Java'));
    const started = Date.now();
    const job = await makeJob(employer, tsJob);
    assert.ok(Date.now() - started < 5_000);
    const matches = await ready(`/v1/jobs/${job.id}/matches`, employer, (b) => b.items.length >= 2);
    const ids = matches.items.map((m: any) => m.candidate.id);
    assert.ok(ids.indexOf(good.id) < ids.indexOf(poor.id), 'the TypeScript engineer ranks first');
    const top = matches.items[ids.indexOf(good.id)];
    const must = top.evidence.find((e: any) => e.kind === 'must');
    assert.deepEqual({ requirement: must.requirement, status: must.status }, { requirement: 'TypeScript', status: 'found' });
    assert.match(must.snippet, /TypeScript/);
    assert.equal(top.candidate.contact, undefined, 'no contact details in matches');
    assert.equal((await (await sessions.makeCompany()).employer.get(`/v1/jobs/${job.id}/matches`)).status, 404);

    const mine = await ready(`/v1/candidates/${good.id}/matches`, sourcer, (b) => b.items.some((i: any) => i.job.id === job.id));
    assert.ok(mine.items[0].score > 0);
  });

  it('delivers a submission that passes the AI check and disqualifies one missing a must-have, with evidence', async () => {
    const job = await makeJob(employer, tsJob);
    const good = await submit(sourcer, job.id, (await makeCandidate(sourcer, tsPerson('Ada TS'))).id);
    const bad = await submit(sourcer, job.id, (await makeCandidate(sourcer, javaPerson('Bob Java'))).id);
    const settled = (id: string) => waitFor('AI check', async () => ((await sourcer.get(`/v1/submissions/${id}`)).body.status !== 'submitted' ? (await sourcer.get(`/v1/submissions/${id}`)).body : undefined));
    const delivered = await settled(good.id);
    assert.equal(delivered.status, 'delivered');
    assert.equal(delivered.aiCheck.passed, true);
    assert.equal(delivered.history.at(-1).role, 'system');
    const refused = await settled(bad.id);
    assert.equal(refused.status, 'disqualified');
    assert.equal(refused.disqualificationReason, 'not_quite_right');
    const card = (await sourcer.get(`/v1/submissions/${bad.id}/match`)).body;
    assert.equal(card.passed, false);
    assert.deepEqual(card.evidence.filter((e: any) => e.kind === 'must').map((e: any) => [e.requirement, e.status]), [['TypeScript', 'missing']]);
    assert.equal((await employer.get(`/v1/submissions/${bad.id}`)).status, 404, 'employers never see what the AI check refused');
    assert.equal((await employer.get(`/v1/submissions/${good.id}`)).status, 200);
  });

  it('never lets an older run replace a newer result', async () => {
    const job = await makeJob(employer, tsJob);
    await ready(`/v1/jobs/${job.id}/matches`, employer);
    const runs = mongo.db().collection<{ _id: string; subjectRevision: number }>('match_runs');
    await runs.updateOne({ _id: `job:${job.id}` }, { $set: { subjectRevision: 1_000 } });
    const edited = Date.now();
    await employer.patch(`/v1/jobs/${job.id}`, { title: 'Edited once more' });
    const queue = worker.app.get(QueueServiceRef).queue(QueueName.Matching);
    await waitFor('the recompute after the edit to finish', async () => {
      const done = await queue.getCompleted(0, 200);
      return done.some((j) => j.name === 'matching.job' && j.data.jobId === job.id && (j.finishedOn ?? 0) > edited) ? true : undefined;
    });
    assert.equal((await runs.findOne({ _id: `job:${job.id}` }))?.subjectRevision, 1_000);
  });

  it('refits the model from employers’ decisions and shows it to admins', async () => {
    const job = await makeJob(employer, tsJob);
    const subs = [];
    for (let i = 0; i < 4; i++) subs.push(await submit(sourcer, job.id, (await makeCandidate(sourcer, tsPerson(`Label ${i}`))).id));
    for (const s of subs) await waitFor('delivery', async () => ((await sourcer.get(`/v1/submissions/${s.id}`)).body.status === 'delivered' ? true : undefined));
    await move(employer, subs[0].id, 'shortlisted');
    await move(employer, subs[1].id, 'shortlisted');
    await move(employer, subs[2].id, 'disqualified', 'not_quite_right');
    await move(employer, subs[3].id, 'disqualified', 'totally_irrelevant');
    assert.equal((await admin.post('/v1/admin/matching/refit')).status, 202);
    const models = await waitFor('a fitted model', async () => {
      const body = (await admin.get('/v1/admin/matching/models')).body;
      return body.fitted.length > 0 ? body : undefined;
    });
    const platform = models.fitted.find((m: any) => m._id === 'platform');
    assert.ok(platform.labelCount >= 4);
    assert.equal(typeof platform.weights.mustHave, 'number');
    assert.deepEqual(Object.keys(models.defaults.weights).sort(), ['experience', 'location', 'mustHave', 'niceToHave', 'salary', 'seniority', 'text']);
  });
});

describe('matching: settling', () => {
  it('goes quiet: jobs and candidates do not keep re-queueing each other', async () => {
    const config = testConfig('matchquiet');
    const [api, worker] = await Promise.all([startTestApi(config), startTestWorker(config)]);
    try {
      const sessions = new Sessions(config, api.url);
      const { employer } = await sessions.makeCompany();
      const sourcer = await sessions.asSourcer();
      for (let i = 0; i < 4; i++) await makeCandidate(sourcer, i % 2 ? tsPerson(`T${i}`) : javaPerson(`J${i}`));
      for (let i = 0; i < 3; i++) await makeJob(employer, tsJob);
      const queue = worker.app.get(QueueServiceRef).queue(QueueName.Matching);
      let quietSince = 0;
      await waitFor('the matching queue to stay empty for 1 s', async () => {
        // Not 'delayed': the scheduled refit always has its next run waiting there.
        const counts = await queue.getJobCounts('waiting', 'active', 'prioritized');
        const busy = Object.values(counts).some((n) => n > 0);
        if (busy) quietSince = 0;
        else quietSince ||= Date.now();
        return quietSince && Date.now() - quietSince > 1_000 ? true : undefined;
      }, 20_000);
    } finally {
      await api.close();
      await worker.stop();
    }
  });
});

describe('matching: an edit burst', () => {
  it('is one recomputation', async () => {
    const config = testConfig('matchburst');
    const api = await startTestApi(config);
    const sessions = new Sessions(config, api.url);
    const { employer } = await sessions.makeCompany();
    let worker: RunningWorker | undefined;
    const mongo = await MongoClient.connect(config.MONGODB_URI);
    try {
      const job = await makeJob(employer, tsJob);
      for (let i = 0; i < 5; i++) assert.equal((await employer.patch(`/v1/jobs/${job.id}`, { title: `Edit ${i}` })).status, 200);
      worker = await startTestWorker(config);
      const runs = mongo.db().collection<{ _id: string; subjectRevision: number; computations: number }>('match_runs');
      const run = await waitFor('the run', async () => (await runs.findOne({ _id: `job:${job.id}` })) ?? undefined);
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      const final = await runs.findOne({ _id: `job:${job.id}` });
      assert.equal(final?.computations, 1, JSON.stringify(final));
      assert.equal(run.subjectRevision, job.revision + 5, 'computed from the last edit');
    } finally {
      await api.close();
      await worker?.stop();
      await mongo.close();
    }
  });
});

describe('matching: where the skills come from', () => {
  it('shows the taxonomy in /v1/meta with the attribution ESCO and O*NET require', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'taxonomy-meta-'));
    const file: TaxonomyFile = {
      format: TAXONOMY_FORMAT,
      importedAt: new Date().toISOString(),
      inputs: [],
      sources: [ESCO_SOURCE, ONET_SOURCE],
      skills: [{ key: 'esco:1', names: ['phlebotomy'], aliases: ['venepuncture'], words: [], category: 'knowledge', source: 'esco' }],
      occupations: [{ key: 'esco:2', title: 'phlebotomist', titles: ['phlebotomist'], skills: ['esco:1'], source: 'esco' }],
    };
    fs.writeFileSync(path.join(dir, TAXONOMY_FILE), JSON.stringify(file));
    const withImport = await startTestApi(testConfig('meta-taxonomy', { TAXONOMY_DATA_DIR: dir }));
    const without = await startTestApi(testConfig('meta-builtin', { TAXONOMY_DATA_DIR: '' }));
    try {
      const imported = (await fetch(`${withImport.url}/v1/meta`).then((r) => r.json())) as any;
      assert.equal(imported.taxonomy.origin, 'imported');
      const texts = imported.taxonomy.sources.map((s: any) => `${s.name}: ${s.attribution} ${s.modified ?? ''}`).join('\n');
      assert.match(texts, /ESCO v1\.1\.1: This service uses the ESCO classification of the European Commission\./);
      assert.match(texts, /O\*NET 29\.2: This product includes information from the O\*NET 29\.2 Database .* USDOL\/ETA has not approved, endorsed, or tested these modifications\./);
      const builtin = (await fetch(`${without.url}/v1/meta`).then((r) => r.json())) as any;
      assert.equal(builtin.taxonomy.origin, 'builtin');
      assert.deepEqual(builtin.taxonomy.sources.map((s: any) => s.name), ['Crowdhire built-in']);
      assert.ok(builtin.taxonomy.skills >= 1000);
    } finally {
      await withImport.close();
      await without.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
