// The fleet: 2 API processes and 3 worker processes (one for files, two for matching,
// payments and system) on one MongoDB and one Redis. A burst of 200 submissions, 50 CV uploads
// and 200 candidate edits is spread over both APIs; meanwhile one worker is SIGKILLed and Redis
// restarts (losing every queued job). At the end every submission has exactly one AI-check
// verdict, every upload was processed exactly once, every stored ranking equals one computed
// from scratch, and nothing is stuck. Prints one summary line.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { Queue } from 'bullmq';
import { MongoClient } from 'mongodb';
import { RedisKeys } from '../../src/common/redis/redis.js';
import { loadConfig } from '../../src/config/config-loader.js';
import { type RedisServer, startRedisServer } from '../../src/infra/embedded/redis-server.js';
import { candidateProfile, jobProfile } from '../../src/modules/matching/engine/profiles.js';
import { RankingIndex } from '../../src/modules/matching/engine/ranking-index.js';
import type { ScoringModel } from '../../src/modules/matching/engine/scoring.js';
import { toCandidateInput, toJobInput } from '../../src/modules/matching/inputs.js';
import { testTaxonomy } from '../support/taxonomy.js';
import { featuresOf } from '../../src/modules/matching/engine/features.js';
import { toMatchingCandidate } from '../../src/modules/candidates/candidate.view.js';
import { toJobView } from '../../src/modules/jobs/job.view.js';
import { QueueName } from '../../src/queues/queue.types.js';
import { testEnv } from '../support/env.js';
import { candidateBody, jobBody } from '../support/factories.js';
import { Fleet } from '../support/processes.js';
import { type Session, Sessions } from '../support/session.js';
import { waitFor } from '../support/wait.js';

const SKILLS = ['TypeScript', 'Python', 'Go', 'Kubernetes', 'PostgreSQL', 'React', 'Terraform', 'Java'];

describe('the fleet', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crowdhire-fleet-'));
  let redis: RedisServer;
  let mongo: MongoClient;
  const fleet = new Fleet();

  before(async () => {
    redis = await startRedisServer({ directory: path.join(dir, 'redis'), persistent: false });
    mongo = await MongoClient.connect(process.env.MONGODB_URI!);
  });
  after(async () => {
    await fleet.stop();
    await redis?.stop();
    await mongo?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('loses nothing through a worker crash and a Redis restart under a burst', { timeout: 300_000 }, async () => {
    const started = Date.now();
    const env = testEnv('fleet', {
      REDIS_URL: redis.url,
      STORAGE_LOCAL_DIR: path.join(dir, 'uploads'),
      OUTBOX_REDELIVER_MS: '5000',
      WORKER_LOCK_MS: '3000',
      MATCH_THRESHOLD: '20',
      MATCH_MIN_LABELS: '100000',
      SUBMISSION_CAP_NEW: '1000',
      SUBMISSION_CAP_GOOD: '1000',
      SUBMISSION_CAP_POOR: '1000',
      RATE_LIMIT_MAX: '100000',
      RATE_LIMIT_UPLOADS_MAX: '100000',
    });
    const config = loadConfig(env);
    const apis = [await fleet.api(env), await fleet.api(env)];
    const workers = [
      await fleet.worker({ ...env, WORKER_QUEUES: 'files' }),
      await fleet.worker({ ...env, WORKER_QUEUES: 'matching,payments,system' }),
      await fleet.worker({ ...env, WORKER_QUEUES: 'matching,payments,system' }),
    ];
    const sessions = new Sessions(config, apis[0].url);
    let retried = 0;
    /** A client that retries what the API asks it to retry (503 with Retry-After while Redis restarts). */
    const call = async (session: Session, method: string, url: string, body?: unknown, expected = [200, 201, 202]) => {
      for (let attempt = 0; ; attempt++) {
        const res = await session.request(method, url, body).catch(() => ({ status: 0, body: null }) as const);
        if (expected.includes(res.status)) return res.body;
        if ((res.status === 503 || res.status === 0) && attempt < 100) {
          retried++;
          await sleep(100);
          continue;
        }
        throw new Error(`${method} ${url}: ${res.status} ${JSON.stringify(res.body)}`);
      }
    };

    // Four companies with two published jobs each; four sourcers with 25 people each.
    const jobs: { id: string; employer: Session }[] = [];
    for (let c = 0; c < 4; c++) {
      const company = await sessions.makeCompany();
      for (let j = 0; j < 2; j++) {
        const created = await call(company.employer, 'POST', '/v1/jobs', jobBody({ mustHave: [{ skill: SKILLS[(c * 2 + j) % SKILLS.length] }], niceToHave: [{ skill: SKILLS[(c * 2 + j + 3) % SKILLS.length] }] }));
        await call(company.employer, 'POST', `/v1/jobs/${created.id}/publish`);
        jobs.push({ id: created.id, employer: company.employer });
      }
    }
    const sourcers = await Promise.all([0, 1, 2, 3].map(() => sessions.asSourcer()));
    const people: { id: string; sourcer: Session; n: number }[] = [];
    for (let n = 0; n < 100; n++) {
      const sourcer = sourcers[n % 4].on(apis[n % 2].url);
      const person = await call(sourcer, 'POST', '/v1/candidates', candidateBody({ skills: [SKILLS[n % SKILLS.length], SKILLS[(n + 3) % SKILLS.length]] }));
      people.push({ id: person.id, sourcer, n });
    }

    // The burst, in waves; in the middle a worker dies and Redis restarts.
    const submissions: string[] = [];
    const uploads: string[] = [];
    const disruptions = (async () => {
      await sleep(1_500);
      workers[1].child.kill('SIGKILL');
      await sleep(1_000);
      await redis.stop();
      await sleep(500);
      redis = await startRedisServer({ directory: path.join(dir, 'redis'), persistent: false, port: redis.port });
    })();
    await Promise.all(
      people.map(async (p) => {
        const api = apis[(p.n + 1) % 2].url;
        const sourcer = p.sourcer.on(api);
        for (const job of [jobs[p.n % jobs.length], jobs[(p.n + 3) % jobs.length]]) {
          submissions.push((await call(sourcer, 'POST', '/v1/submissions', { jobId: job.id, candidateId: p.id, pitch: 'Fleet test.' })).id);
        }
        if (p.n < 50) {
          const form = new FormData();
          form.append('file', new Blob([`Skills: ${SKILLS[(p.n + 5) % SKILLS.length]}, Docker\nEngineer ${p.n}, 2018 - 2024`]), 'cv.txt');
          for (let attempt = 0; ; attempt++) {
            const res = await fetch(`${api}/v1/candidates/${p.id}/cv`, { method: 'POST', body: form, headers: { authorization: `Bearer ${sourcer.token}` } }).catch(() => null);
            if (res?.status === 202) {
              uploads.push(((await res.json()) as { id: string }).id);
              break;
            }
            assert.ok(!res || res.status === 503, `upload: ${res?.status}`);
            retried++;
            await sleep(100);
          }
        }
        for (let e = 0; e < 2; e++) {
          await call(p.sourcer.on(apis[e].url), 'PATCH', `/v1/candidates/${p.id}`, { summary: `Edit ${e} of person ${p.n}`, skills: [SKILLS[(p.n + e) % SKILLS.length], SKILLS[(p.n + 4) % SKILLS.length]] });
        }
      }),
    );
    await disruptions;
    assert.equal(submissions.length, 200);
    assert.equal(uploads.length, 50);

    // Quiescence: nothing waits in the outbox or the queues, nothing is mid-way.
    const db = mongo.db(new URL(env.MONGODB_URI).pathname.slice(1));
    const keys = new RedisKeys(config.REDIS_KEY_PREFIX);
    const queues = Object.values(QueueName).map((name) => new Queue(name, { connection: { url: redis.url }, prefix: keys.bull(name) }));
    try {
      await waitFor(
        'the fleet to settle',
        async () => {
          const [outbox, submitted, unprocessed, counts] = await Promise.all([
            db.collection('outbox').countDocuments({ dead: false }),
            db.collection('submissions').countDocuments({ status: 'submitted' }),
            db.collection('uploads').countDocuments({ status: { $in: ['queued', 'processing'] } }),
            Promise.all(queues.map((q) => q.getJobCounts('waiting', 'active', 'delayed', 'prioritized'))),
          ]);
          const busy = counts.reduce((sum, c) => sum + c.waiting + c.active + c.delayed + c.prioritized, 0);
          return outbox + submitted + unprocessed + busy === 0 ? true : undefined;
        },
        180_000,
      );
    } finally {
      await Promise.all(queues.map((q) => q.close()));
    }

    const rows = await db.collection<{ _id: string; history: { role: string }[]; aiCheck?: unknown }>('submissions').find({}).toArray();
    assert.equal(rows.length, 200);
    const verdicts = rows.map((r) => r.history.filter((h) => h.role === 'system').length);
    assert.deepEqual([...new Set(verdicts)], [1], 'exactly one AI-check verdict per submission');
    assert.ok(rows.every((r) => r.aiCheck), 'every verdict has its evidence');
    const files = await db.collection<{ status: string; completions: number }>('uploads').find({}).toArray();
    assert.deepEqual([...new Set(files.map((u) => `${u.status}:${u.completions}`))], ['processed:1'], 'every upload processed exactly once');
    assert.equal(await db.collection('outbox').countDocuments({ dead: true }), 0, 'no intent was given up');

    // Stored rankings equal a recomputation from scratch with the same engine.
    const taxonomy = testTaxonomy();
    const index = new RankingIndex();
    for (const c of await db.collection('candidates').find({}).toArray()) {
      const record = toMatchingCandidate(c as never);
      if (!record.erasedAt) index.upsert(featuresOf(candidateProfile(toCandidateInput(record), taxonomy.skills)));
    }
    const model: ScoringModel = { kind: 'weighted', weights: config.MATCH_WEIGHTS as never };
    let equal = 0;
    for (const job of jobs) {
      const stored = await db.collection<{ results: { id: string; score: number }[] }>('match_runs').findOne({ _id: `job:${job.id}` as never });
      const view = toJobView((await db.collection('jobs').findOne({ _id: job.id as never })) as never);
      const fresh = index.topForJob(jobProfile(toJobInput(view), taxonomy), config.MATCH_RESULTS, model);
      assert.deepEqual(stored?.results.map((r) => [r.id, r.score]), fresh.map((r) => [r.id, r.score]), `job ${job.id}`);
      equal++;
    }

    const seconds = Math.round((Date.now() - started) / 1000);
    process.stdout.write(
      `fleet: 2 APIs, 3 workers; ${submissions.length} submissions (each checked once), ${uploads.length} uploads (each processed once), ${people.length * 2} edits; 1 worker killed, 1 Redis restart (all queued jobs lost); ${retried} requests retried after 503; ${equal} rankings equal to a recomputation; ${seconds} s\n`,
    );
  });
});
