// Nothing lost between MongoDB and the queue, through the real processes: work acknowledged
// with 201/202 survives Redis losing every job; a trigger that arrives while the same job runs
// causes exactly one more run; a writer whose clock is minutes behind is not skipped; a Stripe
// event whose processing died midway is processed again, exactly once, on Stripe's retry.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { Queue, Worker } from 'bullmq';
import { MongoClient } from 'mongodb';
import { RedisKeys } from '../../src/common/redis/redis.js';
import { loadConfig } from '../../src/config/config-loader.js';
import { type RedisServer, startRedisServer } from '../../src/infra/embedded/redis-server.js';
import { QueueName } from '../../src/queues/queue.types.js';
import { testEnv } from '../support/env.js';
import { makeCandidate, makeJob, submit } from '../support/factories.js';
import { FakeStripe, signedEvent } from '../support/fake-stripe.js';
import { Fleet } from '../support/processes.js';
import { Sessions } from '../support/session.js';
import { settled, uploadCv } from '../support/uploads.js';
import { waitFor } from '../support/wait.js';

const SKEW_PRELOAD = fileURLToPath(new URL('../support/skewed-clock.js', import.meta.url));

describe('fleet durability', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crowdhire-durability-'));
  let redis: RedisServer;
  let mongo: MongoClient;
  const fleets: Fleet[] = [];

  before(async () => {
    redis = await startRedisServer({ directory: path.join(dir, 'redis'), persistent: false });
    mongo = await MongoClient.connect(process.env.MONGODB_URI!);
  });
  after(async () => {
    await Promise.all(fleets.map((f) => f.stop()));
    await redis?.stop();
    await mongo?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const fleet = () => {
    const f = new Fleet();
    fleets.push(f);
    return f;
  };
  const envFor = (label: string, extra: Record<string, string> = {}) =>
    testEnv(label, { REDIS_URL: redis.url, STORAGE_LOCAL_DIR: path.join(dir, 'uploads'), OUTBOX_REDELIVER_MS: '3000', MATCH_THRESHOLD: '0', SUBMISSION_CAP_NEW: '100', ...extra });

  it('checks every submission and processes every upload exactly once after Redis lost all its jobs', { timeout: 120_000 }, async () => {
    const env = envFor('lostjobs');
    const f = fleet();
    const api = await f.api(env);
    const sessions = new Sessions(loadConfig(env), api.url);
    const { employer } = await sessions.makeCompany();
    const sourcer = await sessions.asSourcer();
    const job = await makeJob(employer);
    const submissions = [];
    const uploads = [];
    for (let i = 0; i < 8; i++) {
      const candidate = await makeCandidate(sourcer);
      submissions.push(await submit(sourcer, job.id, candidate.id));
      if (i < 4) uploads.push((await uploadCv(sourcer, candidate.id, Buffer.from(`Skills: TypeScript, PostgreSQL\nBackend engineer number ${i}`), 'cv.txt')).body);
    }
    // Every answer was 201/202; now Redis restarts empty (no persistence): every queued job is gone.
    await redis.stop();
    redis = await startRedisServer({ directory: path.join(dir, 'redis'), persistent: false, port: redis.port });
    await f.worker(env);

    const db = mongo.db(new URL(env.MONGODB_URI).pathname.slice(1));
    await waitFor('every submission checked', async () => ((await db.collection('submissions').countDocuments({ aiCheck: { $exists: true } })) === submissions.length ? true : undefined), 60_000);
    for (const upload of uploads) assert.equal((await settled(sourcer, upload.id, 60_000)).status, 'processed');
    const rows = await db.collection<{ history: { role: string }[] }>('submissions').find({}).toArray();
    assert.deepEqual(rows.map((r) => r.history.filter((h) => h.role === 'system').length), rows.map(() => 1), 'one AI-check verdict each');
    const files = await db.collection<{ completions: number }>('uploads').find({}).toArray();
    assert.deepEqual(files.map((u) => u.completions), files.map(() => 1), 'each upload processed exactly once');
    await waitFor('the outbox to empty', async () => ((await db.collection('outbox').countDocuments({})) === 0 ? true : undefined), 30_000);
  });

  it('runs a job exactly once more when it is triggered while running, and the result reflects the trigger', { timeout: 120_000 }, async () => {
    const env = envFor('trigger');
    const config = loadConfig(env);
    const f = fleet();
    const api = await f.api(env);
    const sessions = new Sessions(config, api.url);
    const sourcer = await sessions.asSourcer();
    const person = await makeCandidate(sourcer, { skills: ['Java'] });

    // Take the candidate's matching job as a worker would, and keep it running.
    const prefix = new RedisKeys(config.REDIS_KEY_PREFIX).bull(QueueName.Matching);
    const holder = new Worker(QueueName.Matching, null, { connection: { url: redis.url }, prefix, autorun: false, lockDuration: 60_000 });
    const token = randomUUID();
    const running = await holder.getNextJob(token);
    assert.equal(running?.data.candidateId, person.id);
    const queue = new Queue(QueueName.Matching, { connection: { url: redis.url }, prefix });
    const counts = () => queue.getJobCounts('waiting', 'active', 'delayed');

    // Two edits while it runs: they collapse into one more run, kept until this one ends.
    await sourcer.patch(`/v1/candidates/${person.id}`, { skills: ['Rust'] });
    await sourcer.patch(`/v1/candidates/${person.id}`, { skills: ['Rust', 'Kubernetes'] });
    assert.deepEqual(await counts(), { waiting: 0, active: 1, delayed: 0 });
    await running!.moveToCompleted('done by the test', token, false);
    assert.deepEqual(await counts(), { waiting: 1, active: 0, delayed: 0 }, 'exactly one more run follows');
    await Promise.all([holder.close(), queue.close()]);

    const { employer } = await sessions.makeCompany();
    const job = await makeJob(employer, { mustHave: [{ skill: 'Rust' }], niceToHave: [{ skill: 'Kubernetes' }] });
    await f.worker(env);
    const match = await waitFor('the ranking to show the edited skills', async () => {
      const items = (await employer.get(`/v1/jobs/${job.id}/matches`)).body.items ?? [];
      const mine = items.find((i: any) => i.candidate.id === person.id);
      // Both edited skills found (the job's occupation may add implied skills to the soft component).
      const found = (kind: string) => mine?.evidence.filter((e: any) => e.kind === kind && e.status === 'found').map((e: any) => e.requirement);
      return mine?.components.mustHave === 1 && found('nice')?.includes('Kubernetes') ? mine : undefined;
    }, 30_000);
    assert.ok(match.score > 0);
  });

  it('skips no change written by a writer whose clock is ten minutes behind', { timeout: 120_000 }, async () => {
    const env = envFor('clocks');
    const f = fleet();
    const [honest, behind] = [await f.api(env), await f.api({ ...env, CLOCK_SKEW_MS: String(-10 * 60_000), NODE_OPTIONS: `--import ${SKEW_PRELOAD}` })];
    await f.worker(env);
    const sessions = new Sessions(loadConfig(env), honest.url);
    const { employer } = await sessions.makeCompany();
    const sourcer = await sessions.asSourcer();
    const job = await makeJob(employer, { mustHave: [{ skill: 'Elixir' }] });
    const late = await makeCandidate(sourcer, { skills: ['Java'] });
    // A later write by the honest clock moves every follower past "now".
    await makeCandidate(sourcer, { skills: ['Go'] });
    await waitFor('the first ranking', async () => ((await employer.get(`/v1/jobs/${job.id}/matches`)).body.status === 'ready' ? true : undefined), 30_000);

    const edited = await sourcer.on(behind.url).patch(`/v1/candidates/${late.id}`, { skills: ['Elixir'] });
    assert.equal(edited.status, 200);
    assert.ok(Date.parse(edited.body.updatedAt) < Date.now() - 9 * 60_000, 'the write is stamped ten minutes in the past');
    await waitFor('the late writer’s change in the ranking', async () => {
      const items = (await employer.get(`/v1/jobs/${job.id}/matches`)).body.items ?? [];
      return items.find((i: any) => i.candidate.id === late.id)?.components.mustHave === 1 ? true : undefined;
    }, 30_000);
  });

  describe('a Stripe event whose processing died midway', () => {
    let fake: FakeStripe;
    before(async () => {
      fake = new FakeStripe();
      await fake.start();
    });
    after(() => fake?.stop());

    const deliver = (url: string, event: { payload: string; header: string }) =>
      fetch(`${url}/v1/payments/stripe/webhook`, { method: 'POST', headers: { 'content-type': 'application/json', 'stripe-signature': event.header }, body: event.payload });

    it('is processed again on the retry after its lease, granting credits exactly once', { timeout: 120_000 }, async () => {
      const env = envFor('stripelease', { ...fake.env(), STRIPE_EVENT_LEASE_MS: '1500' });
      const f = fleet();
      const [a, b] = [await f.api(env), await f.api(env)];
      await f.worker({ ...env, WORKER_QUEUES: 'payments' });
      const sessions = new Sessions(loadConfig(env), b.url);
      const admin = await sessions.asAdmin();
      const db = mongo.db(new URL(env.MONGODB_URI).pathname.slice(1));

      // 1. Died after taking the event, before any effect: the record says processing, its lease lapsed.
      const first = await sessions.makeCompany();
      const paid = async (employer: typeof first.employer) => {
        const res = await employer.post('/v1/payments/checkout', { pack: 'calibration' });
        const session = fake.sessions.find((s) => s.id === res.body.sessionId)!;
        return signedEvent('checkout.session.completed', { ...session, payment_status: 'paid' });
      };
      const event1 = await paid(first.employer);
      const id1 = JSON.parse(event1.payload).id;
      await db.collection('stripe_events').insertOne({ _id: id1, type: 'checkout.session.completed', created: new Date(), status: 'processing', leaseUntil: new Date(Date.now() + 60_000), receivedAt: new Date(), failures: 0 } as never);
      const held = (await (await deliver(b.url, event1)).json()) as { duplicate?: boolean };
      assert.equal(held.duplicate, true, 'a live lease: the other process is still on it');
      await db.collection('stripe_events').updateOne({ _id: id1 as never }, { $set: { leaseUntil: new Date(Date.now() - 1) } });
      const retried = (await (await deliver(b.url, event1)).json()) as { result?: string };
      assert.equal(retried.result, 'granted 10 credits');

      // 2. Killed for real while handling it (wherever that was), then Stripe retries elsewhere.
      const second = await sessions.makeCompany();
      const event2 = await paid(second.employer);
      void deliver(a.url, event2).catch(() => undefined);
      await new Promise((r) => setTimeout(r, 5));
      a.child.kill('SIGKILL');
      await a.exit;
      await new Promise((r) => setTimeout(r, 1_600));
      assert.equal((await deliver(b.url, event2)).status, 200);
      await deliver(b.url, event2);

      for (const company of [first, second]) {
        const statement = (await admin.get(`/v1/payments/credits?companyId=${company.id}`)).body;
        assert.equal(statement.balance, 10, 'granted exactly once');
        assert.equal(statement.entries.filter((e: any) => e.kind === 'grant').length, 1);
      }
      assert.deepEqual(await db.collection('stripe_events').distinct('status', { _id: { $in: [id1, JSON.parse(event2.payload).id] } } as never), ['processed']);
    });
  });
});
