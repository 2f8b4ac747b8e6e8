import { Inject, Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { QUEUE_REDIS, REDIS } from '../../common/core.module.js';
import type { RedisClient } from '../../common/redis/redis.js';
import { withTimeout } from '../../common/timeout.js';
import { WorkerPresenceService } from '../../queues/worker-presence.service.js';

export type DependencyName = 'mongodb' | 'redis' | 'worker';
export interface DependencyStatus {
  /** `degraded`: not needed to serve, but something a person should know. */
  status: 'up' | 'down' | 'degraded';
  latencyMs?: number;
  error?: string;
  workers?: number;
}
export type Readiness = Record<DependencyName, DependencyStatus>;

const CHECK_TIMEOUT_MS = 1_500;

async function probe(check: () => Promise<unknown>): Promise<DependencyStatus> {
  const started = performance.now();
  try {
    await withTimeout(check(), CHECK_TIMEOUT_MS);
    return { status: 'up', latencyMs: Math.round(performance.now() - started) };
  } catch (error) {
    return { status: 'down', error: error instanceof Error ? error.message : String(error) };
  }
}

@Injectable()
export class HealthService {
  constructor(
    @InjectConnection() private readonly mongo: Connection,
    @Inject(REDIS) private readonly redis: RedisClient,
    @Inject(QUEUE_REDIS) private readonly queueRedis: RedisClient,
    private readonly presence: WorkerPresenceService,
  ) {}

  /** What this process itself needs: MongoDB and Redis answering. */
  async dependencies(): Promise<Record<'mongodb' | 'redis', DependencyStatus>> {
    const [mongodb, redis] = await Promise.all([
      probe(async () => {
        const db = this.mongo.db;
        if (!db || this.mongo.readyState !== 1) throw new Error('not connected');
        await db.admin().ping();
      }),
      // Both clients: the cache's and the queues' (one deployment or two, see REDIS_QUEUE_URL).
      probe(() => Promise.all([this.redis.ping(), this.queueRedis.ping()])),
    ]);
    return { mongodb, redis };
  }

  /**
   * The API's readiness: its own dependencies decide it. Workers are reported (and counted in
   * /metrics) but never make the API unready: scaling workers to zero, or losing them, must not
   * take every API pod out of the load balancer.
   */
  async readiness(): Promise<Readiness> {
    const { mongodb, redis } = await this.dependencies();
    let worker: DependencyStatus;
    if (redis.status === 'down') {
      worker = { status: 'degraded', error: 'unknown while Redis is down' };
    } else {
      const alive = await withTimeout(this.presence.alive(), CHECK_TIMEOUT_MS).catch(() => []);
      worker = alive.length > 0 ? { status: 'up', workers: alive.length } : { status: 'degraded', error: 'no worker heartbeat in the last 30 s: queued work waits', workers: 0 };
    }
    return { mongodb, redis, worker };
  }
}
