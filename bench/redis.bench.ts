// Redis Cluster against a single node, in the same run: cached reads through the whole API
// (GET /v1/jobs/:id as a sourcer: rate limit, user cache and the job cache all in Redis) and
// raw queue throughput (BullMQ add + process of no-op jobs under a queue's hash tag). Every
// response is checked and every wait has a deadline.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Queue, Worker } from 'bullmq';
import { createRedis, RedisKeys, topologyFor } from '../src/common/redis/redis.js';
import { loadConfig } from '../src/config/config-loader.js';
import { startRedisCluster } from '../src/infra/embedded/redis-cluster.js';
import { benchEnv, describeLoad, load, publishedJobs, serve } from './support.js';

export const name = 'redis';

async function queueThroughput(env: Record<string, string>, jobs = 3_000): Promise<number> {
  const config = loadConfig(env);
  const prefix = new RedisKeys(config.REDIS_KEY_PREFIX).bull('bench');
  const producer = createRedis(topologyFor(config, 'queues'), { name: 'bench-producer', forQueues: true });
  const queue = new Queue('bench', { connection: producer, prefix });
  let done = 0;
  let finish: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  const worker = new Worker('bench', async () => undefined, { connection: createRedis(topologyFor(config, 'queues'), { name: 'bench-worker', forQueues: true }), prefix, concurrency: 32 });
  worker.on('completed', () => ++done === jobs && finish());
  try {
    await worker.waitUntilReady();
    const started = performance.now();
    for (let i = 0; i < jobs; i += 500) await queue.addBulk(Array.from({ length: Math.min(500, jobs - i) }, (_, n) => ({ name: 'noop', data: { n: i + n }, opts: { removeOnComplete: true } })));
    const deadline = setTimeout(() => finish(), 60_000);
    await finished;
    clearTimeout(deadline);
    if (done !== jobs) throw new Error(`redis bench: only ${done} of ${jobs} jobs finished within 60 s`);
    return jobs / ((performance.now() - started) / 1000);
  } finally {
    await worker.close();
    await queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close();
    producer.disconnect();
  }
}

async function cachedReads(env: Record<string, string>, label: string) {
  const base = benchEnv(env);
  const config = loadConfig(base);
  const api = await serve('src/main.js', base);
  try {
    const { bearer, jobIds } = await publishedJobs(api.url, config, 1, () => ({ title: 'Engineer', description: 'TypeScript services.', workplace: 'remote', seniority: 'mid', mustHave: [{ skill: 'TypeScript' }] }));
    const result = await load(`${api.url}/v1/jobs/${jobIds[0]}`, 5, 32, await bearer('redis-sourcer', ['sourcer']));
    console.log(describeLoad(`${label} GET /v1/jobs/:id`, result));
    return result.requestsPerSecond;
  } finally {
    await api.stop();
  }
}

export async function run(env: Record<string, string>): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crowdhire-bench-cluster-'));
  const cluster = await startRedisCluster({ directory: dir });
  const onCluster = { ...env, REDIS_URL: '', REDIS_CLUSTER_NODES: cluster.nodes.join(',') };
  try {
    const singleReads = await cachedReads(env, 'single node');
    const clusterReads = await cachedReads(onCluster, 'cluster (3+3)');
    const singleJobs = await queueThroughput(env);
    const clusterJobs = await queueThroughput(onCluster);
    console.log(`queue throughput: single node ${singleJobs.toFixed(0)} jobs/s, cluster ${clusterJobs.toFixed(0)} jobs/s`);
    console.log(`cluster / single node: cached reads ${(clusterReads / singleReads).toFixed(2)}, queue throughput ${(clusterJobs / singleJobs).toFixed(2)} (all nodes on this one machine: the cluster's gain is capacity across machines, its cost the extra hop)`);
  } finally {
    await cluster.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
