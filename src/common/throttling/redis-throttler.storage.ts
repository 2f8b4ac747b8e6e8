// Rate-limit counters in RedisClient, so every API instance counts against the same limit.
import { Inject, Injectable } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import { REDIS } from '../core.module.js';
import { luaScript, type RedisClient, RedisKeys } from '../redis/redis.js';

// Fixed window per key; once over the limit the key stays blocked for blockDuration.
// Returns [hits, ms until the window resets, blocked (0/1), ms until the block ends].
const INCREMENT = `
local blockedFor = redis.call('PTTL', KEYS[2])
if blockedFor > 0 then
  return {tonumber(redis.call('GET', KEYS[1]) or ARGV[2]), math.max(redis.call('PTTL', KEYS[1]), 0), 1, blockedFor}
end
local hits = redis.call('INCR', KEYS[1])
if hits == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
if hits > tonumber(ARGV[2]) then
  redis.call('SET', KEYS[2], '1', 'PX', ARGV[3])
  return {hits, ttl, 1, tonumber(ARGV[3])}
end
return {hits, ttl, 0, 0}`;

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

const seconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

@Injectable()
export class RedisThrottlerStorage implements ThrottlerStorage {
  private readonly incrementScript: ReturnType<typeof luaScript>;

  constructor(
    @Inject(REDIS) redis: RedisClient,
    private readonly keys: RedisKeys,
  ) {
    this.incrementScript = luaScript(redis, 'crowdhireThrottleIncrement', 2, INCREMENT);
  }

  async increment(key: string, ttl: number, limit: number, blockDuration: number, _throttlerName: string): Promise<ThrottlerStorageRecord> {
    // Both keys of the script share a hash tag, so they live in one slot on a RedisClient Cluster.
    const base = `${this.keys.prefix}:throttle:{${key}}`;
    const [hits, ttlMs, blocked, blockMs] = (await this.incrementScript(`${base}:hits`, `${base}:blocked`, ttl, limit, blockDuration || ttl)) as number[];
    return { totalHits: hits, timeToExpire: seconds(ttlMs), isBlocked: blocked === 1, timeToBlockExpire: blocked === 1 ? seconds(blockMs) : 0 };
  }
}
