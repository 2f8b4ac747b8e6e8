// Which workers are alive: each worker writes a heartbeat (a score in one sorted set) and its
// metrics snapshot; the API reads both for readiness and /metrics.
import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { REDIS } from '../common/core.module.js';
import type { MetricsSnapshot } from '../common/metrics/metrics.service.js';
import { RedisKeys } from '../common/redis/redis.js';

export const HEARTBEAT_WINDOW_MS = 30_000;

@Injectable()
export class WorkerPresenceService {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly keys: RedisKeys,
  ) {}

  async beat(workerId: string, metrics: MetricsSnapshot, now = Date.now()): Promise<void> {
    await this.redis
      .multi()
      .zadd(this.keys.workers, now, workerId)
      .zremrangebyscore(this.keys.workers, '-inf', now - HEARTBEAT_WINDOW_MS)
      .set(this.keys.workerMetrics(workerId), JSON.stringify(metrics), 'PX', HEARTBEAT_WINDOW_MS)
      .exec();
  }

  async leave(workerId: string): Promise<void> {
    await this.redis.multi().zrem(this.keys.workers, workerId).del(this.keys.workerMetrics(workerId)).exec();
  }

  /** Workers seen within the window, with the age of their last heartbeat. */
  async alive(now = Date.now()): Promise<{ workerId: string; ageMs: number }[]> {
    const rows = await this.redis.zrangebyscore(this.keys.workers, now - HEARTBEAT_WINDOW_MS, '+inf', 'WITHSCORES');
    const alive: { workerId: string; ageMs: number }[] = [];
    for (let i = 0; i < rows.length; i += 2) alive.push({ workerId: rows[i], ageMs: now - Number(rows[i + 1]) });
    return alive;
  }

  async metrics(): Promise<MetricsSnapshot[]> {
    const workers = await this.alive();
    if (workers.length === 0) return [];
    const raw = await this.redis.mget(workers.map((w) => this.keys.workerMetrics(w.workerId)));
    return raw.filter((r): r is string => r !== null).map((r) => JSON.parse(r) as MetricsSnapshot);
  }
}
