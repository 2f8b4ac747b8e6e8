// "Ready means ready": a process starts listening or consuming only once the connections it
// needs answer, so its first request or job never meets a client that is still connecting.
// While it waits it says what it waits for; past the deadline it gives up naming the service.
import { setTimeout as sleep } from 'node:timers/promises';
import type { INestApplicationContext } from '@nestjs/common';
import { getConnectionToken } from '@nestjs/mongoose';
import type { Redis } from 'ioredis';
import type { Connection } from 'mongoose';
import type { Logger } from 'pino';
import { REDIS } from '../common/core.module.js';

export class DependencyTimeoutError extends Error {
  constructor(readonly waitingFor: string[], seconds: number) {
    super(`${waitingFor.join(' and ')} did not answer within ${seconds} s`);
    this.name = 'DependencyTimeoutError';
  }
}

async function redisAnswers(redis: Redis): Promise<boolean> {
  if (redis.status !== 'ready') return false;
  return redis.ping().then(
    () => true,
    () => false,
  );
}

export async function waitForDependencies(app: INestApplicationContext, logger: Logger, timeoutMs: number): Promise<void> {
  const redis = app.get<Redis>(REDIS);
  const mongo = app.get<Connection>(getConnectionToken());
  const started = Date.now();
  const deadline = started + timeoutMs;
  let announced = '';
  for (;;) {
    const waiting = [...(mongo.readyState === 1 ? [] : ['MongoDB']), ...((await redisAnswers(redis)) ? [] : ['Redis'])];
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
