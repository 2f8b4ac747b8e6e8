// A Keyv store over our ioredis client whose deletes leave a short fence: a value loaded from
// MongoDB before a write, and set after that write's invalidation, is dropped instead of
// sitting stale in the cache until its TTL.
import { EventEmitter } from 'node:events';
import type { Redis } from 'ioredis';
import type { KeyvStoreAdapter, StoredData } from 'keyv';

/** Longer than any read-from-MongoDB-then-set takes; sets inside it are skipped. */
export const FENCE_MS = 2_000;

const SET_UNLESS_FENCED = `
if redis.call('EXISTS', KEYS[2]) == 1 then return 0 end
if tonumber(ARGV[2]) > 0 then redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) else redis.call('SET', KEYS[1], ARGV[1]) end
return 1`;

const DELETE_AND_FENCE = `
redis.call('SET', KEYS[2], '1', 'PX', ARGV[1])
return redis.call('DEL', KEYS[1])`;

export class FencedRedisStore extends EventEmitter implements KeyvStoreAdapter {
  readonly opts = { dialect: 'redis' };
  namespace?: string;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {
    super();
  }

  private fence(key: string): string {
    return `${key}:fence`;
  }

  private full(key: string): string {
    return `${this.prefix}${key}`;
  }

  async get<Value>(key: string): Promise<StoredData<Value> | undefined> {
    const value = await this.redis.get(this.full(key));
    return (value ?? undefined) as StoredData<Value> | undefined;
  }

  async getMany<Value>(keys: string[]): Promise<Array<StoredData<Value | undefined>>> {
    if (keys.length === 0) return [];
    const values = await this.redis.mget(keys.map((k) => this.full(k)));
    return values.map((v) => (v ?? undefined) as StoredData<Value | undefined>);
  }

  async set(key: string, value: unknown, ttl?: number): Promise<boolean> {
    const full = this.full(key);
    const stored = await this.redis.eval(SET_UNLESS_FENCED, 2, full, this.fence(full), String(value), String(ttl ?? 0));
    return stored === 1;
  }

  async delete(key: string): Promise<boolean> {
    const full = this.full(key);
    return (await this.redis.eval(DELETE_AND_FENCE, 2, full, this.fence(full), String(FENCE_MS))) === 1;
  }

  async deleteMany(keys: string[]): Promise<boolean> {
    const results = await Promise.all(keys.map((k) => this.delete(k)));
    return results.some(Boolean);
  }

  async has(key: string): Promise<boolean> {
    return (await this.redis.exists(this.full(key))) === 1;
  }

  async clear(): Promise<void> {
    let cursor = '0';
    do {
      const [next, keys] = await this.redis.scan(cursor, 'MATCH', `${this.prefix}*`, 'COUNT', 500);
      if (keys.length > 0) await this.redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  }
}
