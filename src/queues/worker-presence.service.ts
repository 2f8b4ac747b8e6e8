// Which workers are alive (each writes a heartbeat: a score in one sorted set), and which API
// instance reports the fleet-wide figures (queue counts, live workers) so a scrape of N API
// pods does not count them N times. Keys that one command touches share a hash tag, so this
// runs unchanged on a Redis Cluster.
import { Inject, Injectable } from '@nestjs/common';
import { QUEUE_REDIS } from '../common/core.module.js';
import { type RedisClient, RedisKeys } from '../common/redis/redis.js';

export const HEARTBEAT_WINDOW_MS = 30_000;
/** How long an API instance keeps the fleet reporter's role without a scrape renewing it. */
const REPORTER_LEASE_MS = 60_000;

// Takes the role if free, or renews it if held by this instance: one atomic step.
const CLAIM_REPORTER = `
local holder = redis.call('GET', KEYS[1])
if holder == false or holder == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return 1
end
return 0`;

@Injectable()
export class WorkerPresenceService {
  constructor(
    @Inject(QUEUE_REDIS) private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
  ) {}

  async beat(workerId: string, now = Date.now()): Promise<void> {
    await this.redis.multi().zadd(this.keys.workers, now, workerId).zremrangebyscore(this.keys.workers, '-inf', now - HEARTBEAT_WINDOW_MS).exec();
  }

  async leave(workerId: string): Promise<void> {
    await this.redis.zrem(this.keys.workers, workerId);
  }

  /** Workers seen within the window, with the age of their last heartbeat. */
  async alive(now = Date.now()): Promise<{ workerId: string; ageMs: number }[]> {
    const rows = await this.redis.zrangebyscore(this.keys.workers, now - HEARTBEAT_WINDOW_MS, '+inf', 'WITHSCORES');
    const alive: { workerId: string; ageMs: number }[] = [];
    for (let i = 0; i < rows.length; i += 2) alive.push({ workerId: rows[i], ageMs: now - Number(rows[i + 1]) });
    return alive;
  }

  /** True when this instance is (now) the one that reports fleet-wide figures. */
  async isFleetReporter(instanceId: string): Promise<boolean> {
    return (await this.redis.eval(CLAIM_REPORTER, 1, this.keys.fleetReporter, instanceId, REPORTER_LEASE_MS)) === 1;
  }
}
