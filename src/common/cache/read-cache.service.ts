import { CACHE_MANAGER } from '@nestjs/cache-manager';
import { Inject, Injectable } from '@nestjs/common';
import type { Cache } from 'cache-manager';
import { AppConfig } from '../../config/app-config.js';
import { REDIS } from '../core.module.js';
import { MetricsService } from '../metrics/metrics.service.js';
import { type RedisClient, RedisKeys } from '../redis/redis.js';
import { CacheFamily, type CacheGeneration } from './cache-keys.js';
import { cachePrefix, FencedRedisStore } from './fenced-redis.store.js';

/**
 * Read-through cache for hot reads. Concurrent misses for one key in this process share one
 * load; writes invalidate (with a fence, see FencedRedisStore) so nobody reads their own
 * write stale. Values must be plain JSON.
 */
@Injectable()
export class ReadCache {
  private readonly inflight = new Map<string, Promise<unknown>>();
  /** Stateless: the same RedisClient and prefix as the cache-manager store, for fenced fills. */
  private readonly store: FencedRedisStore;

  constructor(
    @Inject(CACHE_MANAGER) private readonly cache: Cache,
    @Inject(REDIS) private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
    private readonly config: AppConfig,
    private readonly metrics: MetricsService,
  ) {
    this.store = new FencedRedisStore(redis, cachePrefix(keys.prefix));
  }

  get enabled(): boolean {
    return this.config.CACHE_ENABLED;
  }

  /** CACHE_ENABLED governs the domain reads; users stay cached (it is what spares a write per request). */
  private enabledFor(family: CacheFamily): boolean {
    return this.enabled || family === CacheFamily.User;
  }

  /** The cached value, or `load()`'s result cached for next time (null and undefined are not cached). */
  async read<T>(family: CacheFamily, key: string, load: () => Promise<T>): Promise<T> {
    if (!this.enabledFor(family)) {
      this.metrics.cacheRequests.inc({ family, result: 'bypass' });
      return load();
    }
    const pending = this.inflight.get(key);
    if (pending) {
      this.metrics.cacheRequests.inc({ family, result: 'coalesced' });
      return pending as Promise<T>;
    }
    const promise = this.lookup(family, key, load).finally(() => this.inflight.delete(key));
    this.inflight.set(key, promise);
    return promise;
  }

  private async lookup<T>(family: CacheFamily, key: string, load: () => Promise<T>): Promise<T> {
    const cached = await this.cache.get<T>(key).catch(() => undefined);
    if (cached !== undefined && cached !== null) {
      this.metrics.cacheRequests.inc({ family, result: 'hit' });
      return cached;
    }
    this.metrics.cacheRequests.inc({ family, result: 'miss' });
    // A cache that is down costs speed, never correctness: the read still answers.
    const token = await this.store.fenceToken(key).catch(() => null);
    const value = await load();
    if (token !== null && value !== undefined && value !== null) {
      await this.store.setIfFence(key, value, this.config.CACHE_TTL_S * 1000, token).catch(() => undefined);
    }
    return value;
  }

  /** Drops keys after a write; later reads load fresh values. */
  async invalidate(...keys: string[]): Promise<void> {
    if (keys.length === 0) return;
    for (const key of keys) this.inflight.delete(key);
    await this.cache.mdel(keys);
  }

  private generationKey(name: CacheGeneration): string {
    return `${this.keys.prefix}:cache-generation:${name}`;
  }

  /** The current generation of a family of keys (see CacheKeys.jobList). */
  async generation(name: CacheGeneration): Promise<number> {
    if (!this.enabled) return 0;
    return Number((await this.redis.get(this.generationKey(name))) ?? 0);
  }

  /** Retires every key built with the current generation. */
  async bump(name: CacheGeneration): Promise<void> {
    if (!this.enabled) return;
    await this.redis.incr(this.generationKey(name));
  }
}
