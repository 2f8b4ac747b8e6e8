// "Ready means ready": a process starts listening or consuming only once the connections it
// needs answer, so its first request or job never meets a client that is still connecting.
// While it waits it says what it waits for; past the deadline it gives up naming the service.
import { setTimeout as sleep } from 'node:timers/promises';
import type { INestApplicationContext } from '@nestjs/common';
import { getConnectionToken } from '@nestjs/mongoose';
import { Cluster } from 'ioredis';
import type { Connection } from 'mongoose';
import type { Logger } from 'pino';
import { QUEUE_REDIS, REDIS } from '../common/core.module.js';
import type { RedisClient } from '../common/redis/redis.js';

export class DependencyTimeoutError extends Error {
  constructor(readonly waitingFor: string[], seconds: number) {
    super(`${waitingFor.join(' and ')} did not answer within ${seconds} s`);
    this.name = 'DependencyTimeoutError';
  }
}

async function redisAnswers(redis: RedisClient): Promise<boolean> {
  if (redis.status !== 'ready') return false;
  return redis.ping().then(
    () => true,
    () => false,
  );
}

export class EvictingQueueRedisError extends Error {
  constructor(readonly policies: string[]) {
    super(`the Redis holding the queues evicts keys (maxmemory-policy ${[...new Set(policies)].join(', ')}); it must be noeviction`);
    this.name = 'EvictingQueueRedisError';
  }
}

/**
 * Refuses a queue Redis that may evict keys: an evicted job, lock or deduplication key is lost
 * or repeated work. Read with INFO (allowed where CONFIG is not, e.g. managed services);
 * every master of a Cluster is asked.
 */
export async function assertNoEviction(redis: RedisClient): Promise<void> {
  const nodes = redis instanceof Cluster ? redis.nodes('master') : [redis];
  const policies = await Promise.all(nodes.map(async (node) => /maxmemory_policy:(\S+)/.exec(await node.info('memory'))?.[1] ?? 'unknown'));
  const evicting = policies.filter((p) => p !== 'noeviction' && p !== 'unknown');
  if (evicting.length > 0) throw new EvictingQueueRedisError(evicting);
}

export async function waitForDependencies(app: INestApplicationContext, logger: Logger, timeoutMs: number): Promise<void> {
  const clients = [app.get<RedisClient>(REDIS), app.get<RedisClient>(QUEUE_REDIS)];
  const mongo = app.get<Connection>(getConnectionToken());
  const started = Date.now();
  const deadline = started + timeoutMs;
  let announced = '';
  for (;;) {
    const waiting = [...(mongo.readyState === 1 ? [] : ['MongoDB']), ...((await Promise.all(clients.map(redisAnswers))).every(Boolean) ? [] : ['Redis'])];
    if (waiting.length === 0) return;
    const now = waiting.join(', ');
    // A connection that is a moment away is not worth a warning; one that keeps us waiting is.
    if (now !== announced && Date.now() - started > 1_000) {
      logger.warn({ waitingFor: waiting }, `waiting for ${now} before serving`);
      announced = now;
    }
    if (Date.now() > deadline) throw new DependencyTimeoutError(waiting, Math.round(timeoutMs / 1000));
    await sleep(200);
  }
}
