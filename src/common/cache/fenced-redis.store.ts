// A Keyv store over our ioredis client with fenced invalidation. Every delete bumps a fence
// counter beside the key; a read-through fill sets the key only if the fence still has the
// value it had before the fill read MongoDB. So a value loaded before a write can never land
// in the cache after that write's invalidation, on any instance.
import { EventEmitter } from 'node:events';
import { Cluster } from 'ioredis';
import type { KeyvStoreAdapter, StoredData } from 'keyv';
import { luaScript, type RedisClient } from '../redis/redis.js';

/** How long a fence outlives its last bump; far longer than any fill takes. */
const FENCE_TTL_MS = 60 * 60 * 1000;

const SET_IF_FENCE = `
if (redis.call('GET', KEYS[2]) or '0') ~= ARGV[3] then return 0 end
if tonumber(ARGV[2]) > 0 then redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) else redis.call('SET', KEYS[1], ARGV[1]) end
return 1`;

const DELETE_AND_BUMP = `
redis.call('INCR', KEYS[2])
redis.call('PEXPIRE', KEYS[2], ARGV[1])
return redis.call('DEL', KEYS[1])`;

/** The stored form, shared with the Keyv instance (which is given these functions). */
export const serialize = (data: unknown): string => JSON.stringify(data);
export const deserialize = <T>(text: string): T => JSON.parse(text) as T;

export class FencedRedisStore extends EventEmitter implements KeyvStoreAdapter {
  readonly opts = { dialect: 'redis' };
  namespace?: string;

  private readonly setIfFenceScript: ReturnType<typeof luaScript>;
  private readonly deleteAndBumpScript: ReturnType<typeof luaScript>;

  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
  ) {
    super();
    this.setIfFenceScript = luaScript(redis, 'crowdhireSetIfFence', 2, SET_IF_FENCE);
    this.deleteAndBumpScript = luaScript(redis, 'crowdhireDeleteAndBump', 2, DELETE_AND_BUMP);
  }

  // A value and its fence share a hash tag: one slot, so one script may touch both on a Cluster.
  private full(key: string): string {
    return `${this.prefix}{${key}}`;
  }

  private fence(key: string): string {
    return `${this.prefix}fence:{${key}}`;
  }

  async get<Value>(key: string): Promise<StoredData<Value> | undefined> {
    return ((await this.redis.get(this.full(key))) ?? undefined) as StoredData<Value> | undefined;
  }

  async getMany<Value>(keys: string[]): Promise<Array<StoredData<Value | undefined>>> {
    // One GET per key (pipelined by the client): keys of different slots cannot share an MGET.
    const values = await Promise.all(keys.map((k) => this.redis.get(this.full(k))));
    return values.map((v) => (v ?? undefined) as StoredData<Value | undefined>);
  }

  /** An unconditional set (Keyv's API); read-through fills use setIfFence instead. */
  async set(key: string, value: unknown, ttl?: number): Promise<boolean> {
    if (ttl && ttl > 0) await this.redis.set(this.full(key), String(value), 'PX', ttl);
    else await this.redis.set(this.full(key), String(value));
    return true;
  }

  /** The fence to pass to setIfFence; read it before reading the source of truth. */
  async fenceToken(key: string): Promise<string> {
    return (await this.redis.get(this.fence(key))) ?? '0';
  }

  /** Stores a fill unless the key was invalidated since `token` was read. */
  async setIfFence(key: string, value: unknown, ttlMs: number, token: string): Promise<boolean> {
    const stored = serialize({ value, expires: Date.now() + ttlMs });
    return (await this.setIfFenceScript(this.full(key), this.fence(key), stored, String(ttlMs), token)) === 1;
  }

  async delete(key: string): Promise<boolean> {
    return (await this.deleteAndBumpScript(this.full(key), this.fence(key), String(FENCE_TTL_MS))) === 1;
  }

  async deleteMany(keys: string[]): Promise<boolean> {
    const results = await Promise.all(keys.map((k) => this.delete(k)));
    return results.some(Boolean);
  }

  async has(key: string): Promise<boolean> {
    return (await this.redis.exists(this.full(key))) === 1;
  }

  async clear(): Promise<void> {
    // A Cluster's keys are spread over its masters: each is scanned on its own.
    const nodes = this.redis instanceof Cluster ? this.redis.nodes('master') : [this.redis];
    for (const node of nodes) {
      let cursor = '0';
      do {
        const [next, keys] = await node.scan(cursor, 'MATCH', `${this.prefix}*`, 'COUNT', 500);
        for (const key of keys) await this.redis.del(key);
        cursor = next;
      } while (cursor !== '0');
    }
  }
}

export function cachePrefix(redisKeyPrefix: string): string {
  return `${redisKeyPrefix}:cache:`;
}
