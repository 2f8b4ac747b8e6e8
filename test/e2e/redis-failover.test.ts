// A Redis Cluster master dies in the middle of a burst of work: once its replica is promoted,
// the API and the workers carry on, no queued job or submission is lost, and no request fails
// after the promotion (those that failed while it happened are counted and printed).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { MongoClient } from 'mongodb';
import { loadConfig } from '../../src/config/config-loader.js';
import { type RedisCluster, startRedisCluster } from '../../src/infra/embedded/redis-cluster.js';
import { testEnv } from '../support/env.js';
import { candidateBody, jobBody } from '../support/factories.js';
import { Fleet } from '../support/processes.js';
import { Sessions } from '../support/session.js';
import { waitFor } from '../support/wait.js';

describe('Redis Cluster failover', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crowdhire-failover-'));
  let cluster: RedisCluster;
  let mongo: MongoClient;
  const fleet = new Fleet();

  before(async () => {
    cluster = await startRedisCluster({ directory: dir, nodeTimeoutMs: 1_000 });
    mongo = await MongoClient.connect(process.env.MONGODB_URI!);
  });
  after(async () => {
    await fleet.stop();
    await cluster?.stop();
    await mongo?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('loses no job or submission when a master is killed mid-burst', { timeout: 240_000 }, async () => {
    const env = testEnv('failover', {
      LOG_LEVEL: process.env.FAILOVER_DEBUG ? 'warn' : 'silent',
      REDIS_URL: '',
      REDIS_CLUSTER_NODES: cluster.nodes.join(','),
      MATCH_THRESHOLD: '20',
      SUBMISSION_CAP_NEW: '1000',
      SUBMISSION_CAP_GOOD: '1000',
      SUBMISSION_CAP_POOR: '1000',
      RATE_LIMIT_MAX: '100000',
      OUTBOX_REDELIVER_MS: '5000',
      WORKER_LOCK_MS: '3000',
    });
    const api = await fleet.api(env);
    await fleet.worker(env);
    await fleet.worker(env);
    const sessions = new Sessions(loadConfig(env), api.url);
    const { employer } = await sessions.makeCompany();
    const jobs: { id: string }[] = [];
    for (let i = 0; i < 4; i++) {
      const job = (await employer.post('/v1/jobs', jobBody())).body;
      await employer.post(`/v1/jobs/${job.id}/publish`);
      jobs.push(job);
    }
    const sourcer = await sessions.asSourcer();
    const people: { id: string }[] = [];
    for (let i = 0; i < 40; i++) people.push((await sourcer.post('/v1/candidates', candidateBody())).body);

    // The burst: 160 submissions, 8 at a time; a master dies a moment in, its replica takes over.
    const outcomes: { start: number; end: number; status: number }[] = [];
    const victim = (await cluster.masters())[0];
    let killedAt = 0;
    let promotedAt = 0;
    const killing = (async () => {
      await sleep(800);
      killedAt = Date.now();
      await cluster.kill(victim);
      // Watched while the burst goes on, so the requests after the promotion are part of it.
      promotedAt = await waitFor('a replica to be promoted', async () => {
        const masters = await cluster.masters().catch((): number[] => []);
        return masters.length === 3 && !masters.includes(victim) ? Date.now() : undefined;
      }, 30_000);
    })();
    const pairs = people.flatMap((p) => jobs.map((j) => ({ candidateId: p.id, jobId: j.id })));
    const submitted: string[] = [];
    for (let i = 0; i < pairs.length; i += 8) {
      await Promise.all(
        pairs.slice(i, i + 8).map(async (pair) => {
          const start = Date.now();
          const res = await sourcer.post('/v1/submissions', { ...pair, pitch: 'Failover.' }).catch(() => ({ status: 0, body: null }));
          outcomes.push({ start, end: Date.now(), status: res.status });
          if (res.status === 201) submitted.push(res.body.id);
        }),
      );
      await sleep(20);
    }
    await killing;
    // Requests after the promotion must all succeed; the burst continues to prove it.
    const after: number[] = [];
    for (let i = 0; i < 20; i++) {
      const person = (await sourcer.post('/v1/candidates', candidateBody())).body;
      const start = Date.now();
      const res = await sourcer.post('/v1/submissions', { candidateId: person.id, jobId: jobs[i % jobs.length].id, pitch: 'After.' });
      outcomes.push({ start, end: Date.now(), status: res.status });
      if (res.status === 201) submitted.push(res.body.id);
      after.push(res.status);
    }

    const failed = outcomes.filter((o) => o.status !== 201);
    const inWindow = failed.filter((o) => o.start <= promotedAt);
    const afterPromotion = failed.filter((o) => o.start > promotedAt);
    process.stdout.write(
      `failover: master :${victim} killed, its replica promoted ${((promotedAt - killedAt) / 1000).toFixed(1)} s later; ${outcomes.length} submission requests, ${outcomes.filter((o) => o.start > promotedAt).length} of them after the promotion; ${inWindow.length} failed during the failover window (${[...new Set(inWindow.map((o) => o.status))].join(', ') || 'none'}), ${afterPromotion.length} after it\n`,
    );
    if (process.env.FAILOVER_DEBUG) process.stdout.write(api.output().split('\n').filter((l) => l.includes('"level":"error"') || l.includes('"level":"warn"')).slice(0, 20).join('\n'));
    assert.deepEqual(afterPromotion, [], 'no request failed after the promotion');
    assert.deepEqual([...new Set(after)], [201]);

    // Nothing lost: every accepted submission gets its AI check, once.
    const db = mongo.db(new URL(env.MONGODB_URI).pathname.slice(1));
    await waitFor('every accepted submission checked', async () => ((await db.collection('submissions').countDocuments({ _id: { $in: submitted as never[] }, aiCheck: { $exists: true } })) === submitted.length ? true : undefined), 120_000);
    const rows = await db.collection<{ history: { role: string }[] }>('submissions').find({ _id: { $in: submitted as never[] } }).toArray();
    assert.deepEqual([...new Set(rows.map((r) => r.history.filter((h) => h.role === 'system').length))], [1]);
    await waitFor('the outbox to drain', async () => ((await db.collection('outbox').countDocuments({ dead: false })) === 0 ? true : undefined), 60_000);
  });
});
