// The outbox under load: submissions per second through one API process saturated by
// concurrent clients, and the lag from a write's intent being recorded in MongoDB to its job
// being queued in Redis (p50, p99; target p99 under 1 s while the API is saturated). No worker
// runs, so every queued job is still there to be measured. Every response is checked.
import autocannon from 'autocannon';
import { Queue } from 'bullmq';
import { MongoClient } from 'mongodb';
import { RedisKeys } from '../src/common/redis/redis.js';
import { loadConfig } from '../src/config/config-loader.js';
import { QueueName } from '../src/queues/queue.types.js';
import { benchEnv, publishedJobs, request, serve } from './support.js';

export const name = 'relay';

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

export async function run(env: Record<string, string>): Promise<void> {
  const base = benchEnv(env, { SUBMISSION_CAP_NEW: '1000000' });
  const config = loadConfig(base);
  const api = await serve('src/main.js', base);
  const mongo = await MongoClient.connect(config.MONGODB_URI);
  const queue = new Queue(QueueName.Matching, { connection: { url: config.REDIS_URL }, prefix: new RedisKeys(config.REDIS_KEY_PREFIX).bull(QueueName.Matching) });
  try {
    const { bearer, jobIds: jobs } = await publishedJobs(api.url, config, 20, (i) => ({ title: `Engineer ${i}`, description: 'Services in TypeScript.', workplace: 'remote', seniority: 'mid', mustHave: [{ skill: 'TypeScript' }] }));
    const post = (p: string, headers: Record<string, string>, body: unknown) => request<{ id: string }>(`${api.url}${p}`, { method: 'POST', headers, body: JSON.stringify(body) });
    const sourcer = await bearer('relay-sourcer', ['sourcer']);
    const candidates: string[] = [];
    for (let i = 0; i < 400; i++) candidates.push((await post('/v1/candidates', sourcer, { name: `Person ${i}`, skills: ['TypeScript'] })).id);
    await mongo.db().collection('outbox').deleteMany({});

    // Each request submits a new (job, candidate) pair.
    let next = 0;
    const result = await autocannon({
      url: `${api.url}/v1/submissions`,
      method: 'POST',
      headers: sourcer,
      connections: 32,
      duration: 6,
      timeout: 10,
      requests: [
        {
          setupRequest: (request) => {
            const n = next++;
            return { ...request, body: JSON.stringify({ jobId: jobs[n % jobs.length], candidateId: candidates[Math.floor(n / jobs.length) % candidates.length], pitch: 'Bench.' }) };
          },
        },
      ],
    });
    const failures = result.errors + result.timeouts + result.non2xx;
    if (failures > 0) throw new Error(`relay bench: ${failures} of ${result.requests.total} submissions failed: ${JSON.stringify(result.statusCodeStats)}, ${result.errors} errors, ${result.timeouts} timeouts`);

    // The lag of each intent: recorded in MongoDB -> its job added to Redis.
    const entries = await mongo.db().collection<{ key: string; createdAt: Date; name: string }>('outbox').find({ name: 'matching.check-submission' }).toArray();
    const lags: number[] = [];
    for (const entry of entries) {
      const id = await queue.getDeduplicationJobId(entry.key);
      const job = id ? await queue.getJob(id) : undefined;
      if (!job) throw new Error(`relay bench: the job for ${entry.key} was never queued`);
      lags.push(job.timestamp - entry.createdAt.getTime());
    }
    lags.sort((a, b) => a - b);
    console.log(`submissions through one API: ${(result.requests.total / result.duration).toFixed(0)}/s (32 connections, ${result.requests.total} in ${result.duration.toFixed(1)} s, all 201)`);
    console.log(`write -> job queued lag over ${lags.length} intents: p50 ${percentile(lags, 50)} ms, p99 ${percentile(lags, 99)} ms (target p99 < 1000 ms), max ${lags.at(-1)} ms`);
  } finally {
    await queue.close();
    await mongo.close();
    await api.stop();
  }
}
