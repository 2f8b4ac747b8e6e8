// `null`, missing and wrong-typed values on every field of jobs and candidates: each is a 400
// or a legitimate value, never a 500 and never stored as null; and whatever one sourcer sends
// (or whatever bad document is already stored), another sourcer's submission still gets its
// AI check and every list answers 200.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { MongoClient } from 'mongodb';
import type { RunningWorker } from '../../src/bootstrap/create-worker.js';
import { ChangeSequences } from '../../src/common/mongo/change-sequence.js';
import type { AppConfig } from '../../src/config/app-config.js';
import { CANDIDATE_CHANGES } from '../../src/modules/candidates/candidates.service.js';
import { startTestApi, startTestWorker, type TestApi } from '../support/apps.js';
import { testConfig } from '../support/env.js';
import { candidateBody, jobBody, makeCandidate, makeJob, submit } from '../support/factories.js';
import { type Session, Sessions } from '../support/session.js';
import { waitFor } from '../support/wait.js';

const WRONG = [null, 12345, true, 'not-valid-ζ', [], {}, [[null]], { nested: { deeper: null } }];
/** Nested fields reached through their parent object or array. */
const NESTED: Record<string, (v: unknown) => unknown> = {
  'location.city': (v) => ({ location: { city: v } }),
  'location.country': (v) => ({ location: { country: v } }),
  'salary.min': (v) => ({ salary: { min: v, max: 10, currency: 'EUR' } }),
  'salary.currency': (v) => ({ salary: { min: 1, max: 10, currency: v } }),
  'mustHave.0.skill': (v) => ({ mustHave: [{ skill: v }] }),
  'mustHave.0.minYears': (v) => ({ mustHave: [{ skill: 'Go', minYears: v }] }),
  'contact.email': (v) => ({ contact: { email: v } }),
  'contact.phone': (v) => ({ contact: { phone: v } }),
  'contact.links': (v) => ({ contact: { links: v } }),
  'experience.0.title': (v) => ({ experience: [{ title: v, start: '2020-01' }] }),
  'experience.0.start': (v) => ({ experience: [{ title: 'Engineer', start: v }] }),
  'experience.0': (v) => ({ experience: [v] }),
};

describe('null, missing and wrong-typed fields', () => {
  let config: AppConfig;
  let api: TestApi;
  let worker: RunningWorker;
  let sessions: Sessions;
  let admin: Session;
  let employer: Session;
  let mallory: Session;
  let honest: Session;
  let mongo: MongoClient;

  before(async () => {
    config = testConfig('nulls', { MATCH_THRESHOLD: '30', SUBMISSION_CAP_NEW: '100' });
    [api, worker] = await Promise.all([startTestApi(config), startTestWorker(config)]);
    sessions = new Sessions(config, api.url);
    admin = await sessions.asAdmin();
    ({ employer } = await sessions.makeCompany());
    [mallory, honest] = await Promise.all([sessions.asSourcer(), sessions.asSourcer()]);
    mongo = await MongoClient.connect(config.MONGODB_URI);
  });
  after(async () => {
    await api?.close();
    await worker?.stop();
    await mongo?.close();
  });

  async function tryAll(send: (body: Record<string, unknown>) => Promise<{ status: number; body: any }>, base: Record<string, unknown>, what: string) {
    const fields = [...Object.keys(base), ...Object.keys(NESTED).filter((f) => f.split('.')[0] in base)];
    for (const field of fields) {
      for (const value of WRONG) {
        const body = field in NESTED ? { ...base, ...(NESTED[field](value) as object) } : { ...base, [field]: value };
        const res = await send(body);
        assert.ok(res.status < 500, `${what} ${field}=${JSON.stringify(value)}: ${res.status} ${JSON.stringify(res.body)}`);
        if (value === null) assert.equal(res.status, 400, `${what} ${field}=null must be refused, got ${res.status}`);
        if (res.status === 400) assert.equal(res.body.code, 'VALIDATION_FAILED');
      }
    }
  }

  it('refuses null on every field of a job, on create and on update, and never answers 500', async () => {
    const job = await makeJob(employer, {}, false);
    await tryAll((b) => employer.post('/v1/jobs', b), jobBody(), 'POST /v1/jobs');
    await tryAll((b) => employer.patch(`/v1/jobs/${job.id}`, b), jobBody(), 'PATCH /v1/jobs/:id');
    const stored = await mongo.db().collection('jobs').find({ $or: ['title', 'description', 'workplace', 'seniority', 'languages', 'location', 'mustHave'].map((f) => ({ [f]: { $type: 'null' } })) }).toArray();
    assert.deepEqual(stored, [], 'no job field was stored as null');
  });

  it('refuses null on every field of a candidate, on create and on update, and never answers 500', async () => {
    const own = await makeCandidate(mallory);
    await tryAll((b) => mallory.post('/v1/candidates', b), candidateBody(), 'POST /v1/candidates');
    await tryAll((b) => mallory.patch(`/v1/candidates/${own.id}`, b), candidateBody(), 'PATCH /v1/candidates/:id');
    const stored = await mongo.db().collection('candidates').find({ $or: ['name', 'skills', 'experience', 'location', 'contact'].map((f) => ({ [f]: { $type: 'null' } })) }).toArray();
    assert.deepEqual(stored, [], 'no candidate field was stored as null');
  });

  it('refuses a list item that is not an object (an array inside experience or mustHave was stored as an empty entry)', async () => {
    for (const item of [[], [[]], 'x', 1]) {
      const candidate = await mallory.post('/v1/candidates', { ...candidateBody(), experience: [item] });
      assert.deepEqual([candidate.status, candidate.body.code], [400, 'VALIDATION_FAILED'], `experience: [${JSON.stringify(item)}]`);
      const job = await employer.post('/v1/jobs', { ...jobBody(), mustHave: [item] });
      assert.deepEqual([job.status, job.body.code], [400, 'VALIDATION_FAILED'], `mustHave: [${JSON.stringify(item)}]`);
    }
  });

  it("keeps checking other sourcers' submissions after bad input and with a bad document already stored", async () => {
    const job = await makeJob(employer, { mustHave: [{ skill: 'TypeScript' }] });
    // A document from before nulls were refused (or written by hand): it must be left out, not fatal.
    const bad = await makeCandidate(mallory);
    // Written as any writer would, through ChangeSequences (the next change number, in flight
    // until the write is done), so the ranking index reads it. Taking the number alone raced the
    // worker: a catch-up between taking it and writing passed it over, and it was never read.
    const candidates = mongo.db().collection('candidates');
    await api.app.get(ChangeSequences).stamp(
      CANDIDATE_CHANGES,
      (seq) => candidates.updateOne({ _id: bad.id as never }, { $set: { skills: [42, { x: 1 }], experience: null, changeSeq: seq }, $inc: { revision: 1 } }),
      async (_from, to) => void (await candidates.updateOne({ _id: bad.id as never }, { $set: { changeSeq: to } })),
    );
    await mallory.patch(`/v1/candidates/${bad.id}`, { skills: null });
    await mallory.patch(`/v1/candidates/${bad.id}`, { experience: null });

    const person = await makeCandidate(honest);
    const submission = await submit(honest, job.id, person.id);
    // The verdict is recorded, then the submission moved: wait for the move, not the verdict alone.
    const checked = await waitFor('the AI check', async () => {
      const s = (await honest.get(`/v1/submissions/${submission.id}`)).body;
      return s.aiCheck && s.status !== 'submitted' ? s : undefined;
    });
    assert.equal(checked.status, 'delivered', 'the honest submission passed its check');
    assert.ok(await waitFor('the job ranking', async () => ((await employer.get(`/v1/jobs/${job.id}/matches`)).body.status === 'ready' ? true : undefined)));

    for (const [who, path] of [
      [mallory, '/v1/candidates'],
      [admin, '/v1/candidates'],
      [admin, `/v1/candidates/${bad.id}`],
      [mallory, '/v1/jobs'],
      [employer, '/v1/jobs'],
      [admin, '/v1/jobs'],
      [honest, '/v1/submissions'],
      [employer, '/v1/submissions'],
      [admin, '/v1/submissions'],
      [employer, `/v1/jobs/${job.id}/matches`],
      [honest, `/v1/candidates/${person.id}/matches`],
    ] as const) {
      const res = await who.get(path);
      assert.equal(res.status, 200, `${path}: ${JSON.stringify(res.body)}`);
    }
    await waitFor('the left-out document to be counted', async () => {
      const metrics = await (await fetch(`http://127.0.0.1:${worker.healthPort}/metrics`)).text();
      const count = /^matching_skipped_documents_total\{kind="candidate"\} (\d+)/m.exec(metrics);
      return count && Number(count[1]) >= 1 ? true : undefined;
    });
  });
});
