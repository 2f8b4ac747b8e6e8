// The read-through cache against a real Redis: concurrent misses share one load, and a value
// loaded before a write never lands in the cache after that write's invalidation.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createCache } from 'cache-manager';
import { Keyv } from 'keyv';
import { CacheFamily, CacheKeys } from '../../src/common/cache/cache-keys.js';
import { cachePrefix, deserialize, FencedRedisStore, serialize } from '../../src/common/cache/fenced-redis.store.js';
import { ReadCache } from '../../src/common/cache/read-cache.service.js';
import { MetricsService } from '../../src/common/metrics/metrics.service.js';
import { createRedis, type RedisClient, RedisKeys, topologyFor } from '../../src/common/redis/redis.js';
import { testConfig } from '../support/env.js';

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe('read cache', () => {
  let redis: RedisClient;
  let make: () => ReadCache;

  before(async () => {
    const config = testConfig('readcache');
    redis = createRedis(topologyFor(config, 'cache'), { name: 'test', forQueues: false });
    await new Promise((resolve) => redis.once('ready', resolve));
    const keys = new RedisKeys(config.REDIS_KEY_PREFIX);
    make = () => {
      const store = new FencedRedisStore(redis, cachePrefix(keys.prefix));
      const cache = createCache({ stores: [new Keyv({ store, namespace: '', useKeyPrefix: false, serialize, deserialize })] });
      return new ReadCache(cache, redis, keys, config, new MetricsService());
    };
  });
  after(() => redis?.quit());

  it('serves repeated reads from Redis, across instances', async () => {
    const [a, b] = [make(), make()];
    let loads = 0;
    const load = async () => ({ n: ++loads });
    assert.deepEqual(await a.read(CacheFamily.Job, CacheKeys.job('r1'), load), { n: 1 });
    assert.deepEqual(await a.read(CacheFamily.Job, CacheKeys.job('r1'), load), { n: 1 });
    assert.deepEqual(await b.read(CacheFamily.Job, CacheKeys.job('r1'), load), { n: 1 });
    assert.equal(loads, 1);
  });

  it('makes one load for many concurrent misses in one process', async () => {
    const cache = make();
    let loads = 0;
    const gate = deferred<void>();
    const load = async () => {
      loads++;
      await gate.promise;
      return { v: 'x' };
    };
    const reads = Array.from({ length: 20 }, () => cache.read(CacheFamily.Job, CacheKeys.job('c1'), load));
    await new Promise((r) => setTimeout(r, 50));
    gate.resolve();
    assert.deepEqual(new Set((await Promise.all(reads)).map((v) => v.v)), new Set(['x']));
    assert.equal(loads, 1);
  });

  it('drops a fill that read the database before a concurrent write invalidated the key', async () => {
    const [reader, writer] = [make(), make()];
    const key = CacheKeys.job('race');
    let db = 'old';
    const loaded = deferred<void>();
    const gate = deferred<void>();
    const slow = reader.read(CacheFamily.Job, key, async () => {
      const value = { v: db };
      loaded.resolve();
      await gate.promise;
      return value;
    });
    await loaded.promise;
    db = 'new';
    await writer.invalidate(key);
    gate.resolve();
    assert.deepEqual(await slow, { v: 'old' }, 'the slow reader still answers what it read');
    assert.deepEqual(await make().read(CacheFamily.Job, key, async () => ({ v: db })), { v: 'new' }, 'but did not cache it');
    assert.deepEqual(await make().read(CacheFamily.Job, key, async () => ({ v: 'never loaded' })), { v: 'new' }, 'the fresh value is cached');
  });
});
