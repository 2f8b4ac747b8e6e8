// Redis chosen by configuration: a Sentinel group, queues and cache on separate deployments,
// and a queue Redis that may evict keys, which a worker refuses with a clear message. (The
// Cluster is covered by the second pass of `npm test` and the failover test.)
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadConfig } from '../../src/config/config-loader.js';
import { type RedisServer, startRedisServer } from '../../src/infra/embedded/redis-server.js';
import { command } from '../../src/infra/embedded/redis-cluster.js';
import { runScript, startTestApi } from '../support/apps.js';
import { testEnv } from '../support/env.js';
import { makeCandidate, makeJob, submit } from '../support/factories.js';
import { Sessions } from '../support/session.js';
import { waitFor } from '../support/wait.js';

describe('Redis topologies', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crowdhire-topologies-'));
  const servers: RedisServer[] = [];
  const start = async (name: string, args: string[] = [], configFile?: string) => {
    const server = await startRedisServer({ directory: path.join(dir, name), persistent: false, args, configFile });
    servers.push(server);
    return server;
  };
  let master: RedisServer;
  let sentinel: RedisServer;

  before(async () => {
    master = await start('master');
    // A sentinel is redis-server in sentinel mode with a config file it may rewrite.
    const conf = path.join(dir, 'sentinel.conf');
    fs.writeFileSync(conf, `sentinel monitor crowdhire 127.0.0.1 ${master.port} 1\nsentinel down-after-milliseconds crowdhire 1000\n`);
    sentinel = await start('sentinel', ['--sentinel'], conf);
  });
  after(async () => {
    await Promise.all(servers.map((s) => s.stop()));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('uses a Sentinel group (REDIS_SENTINELS, REDIS_SENTINEL_NAME) for everything', async () => {
    const sentinelPort = sentinel.port;
    const config = loadConfig(testEnv('sentinel', { REDIS_URL: '', REDIS_SENTINELS: `127.0.0.1:${sentinelPort}`, REDIS_SENTINEL_NAME: 'crowdhire' }));
    const api = await startTestApi(config);
    try {
      const sourcer = await new Sessions(config, api.url).asSourcer();
      assert.equal((await sourcer.get('/v1/me')).status, 200);
      const ready = (await (await fetch(`${api.url}/health/ready`)).json()) as { checks: { redis: { status: string } } };
      assert.equal(ready.checks.redis.status, 'up');
      // The rate limit's counters went to the master the sentinel named.
      assert.match(await command(master.port, 'KEYS', `${config.REDIS_KEY_PREFIX}:throttle:*`), new RegExp(config.REDIS_KEY_PREFIX));
    } finally {
      await api.close();
    }
  });

  it('keeps queues and the cache on separate deployments when told to', async () => {
    const [queues, cache] = [await start('queues'), await start('cache')];
    const env = testEnv('split', { REDIS_URL: '', REDIS_QUEUE_URL: queues.url, REDIS_CACHE_URL: cache.url });
    const config = loadConfig(env);
    const api = await startTestApi(config);
    const worker = runScript('src/worker.js', env);
    try {
      await worker.ready;
      const sessions = new Sessions(config, api.url);
      const { employer } = await sessions.makeCompany();
      const sourcer = await sessions.asSourcer();
      const job = await makeJob(employer);
      const s = await submit(sourcer, job.id, (await makeCandidate(sourcer)).id);
      await waitFor('the AI check', async () => ((await sourcer.get(`/v1/submissions/${s.id}`)).body.aiCheck ? true : undefined));
      await sourcer.get(`/v1/jobs/${job.id}`);
      const onQueues = await command(queues.port, 'KEYS', '*');
      const onCache = await command(cache.port, 'KEYS', '*');
      assert.match(onQueues, /:bull:\{matching\}:/, 'jobs on the queue deployment');
      assert.match(onQueues, /\{fleet\}:workers/, 'heartbeats with the queues');
      assert.doesNotMatch(onQueues, /:cache:|:throttle:/);
      assert.match(onCache, /:cache:/, 'cached reads on the cache deployment');
      assert.match(onCache, /:throttle:/, 'rate limits too');
      assert.doesNotMatch(onCache, /:bull:/);
    } finally {
      worker.child.kill('SIGTERM');
      await worker.exit;
      await api.close();
    }
  });

  it('refuses to start a worker on a queue Redis that may evict keys', async () => {
    const evicting = await start('evicting', ['--maxmemory', '64mb', '--maxmemory-policy', 'allkeys-lru']);
    const worker = runScript('src/worker.js', testEnv('evicting', { REDIS_URL: evicting.url }));
    const { code } = await worker.exit;
    assert.equal(code, 1);
    assert.match(worker.output(), /evicts keys \(maxmemory-policy allkeys-lru\); it must be noeviction/);
    assert.match(worker.output(), /what to do: set maxmemory-policy noeviction on the Redis that holds the queues/);
  });

  it('names the conflict when two topologies are set at once', () => {
    assert.throws(() => loadConfig(testEnv('conflict', { REDIS_CLUSTER_NODES: '127.0.0.1:7000' })), /REDIS_CLUSTER_NODES="127.0.0.1:7000": cannot be combined with the other Redis topologies/);
    assert.throws(() => loadConfig(testEnv('badspec', { REDIS_QUEUE_URL: 'memcached://x' })), /REDIS_QUEUE_URL="memcached:\/\/x": must be redis:\/\//);
    assert.throws(() => loadConfig(testEnv('nosentinelname', { REDIS_URL: '', REDIS_SENTINELS: '127.0.0.1:26379' })), /REDIS_SENTINEL_NAME is required: is required with REDIS_SENTINELS/);
  });
});
