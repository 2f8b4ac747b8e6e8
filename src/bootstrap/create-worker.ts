import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import type { Logger } from 'pino';
import { NestPinoLogger } from '../common/logging/logger.js';
import type { AppConfig } from '../config/app-config.js';
import { HeartbeatService } from '../workers/heartbeat.service.js';
import { QUEUE_PROCESSORS } from '../workers/queue.processors.js';
import { WorkerModule } from '../workers/worker.module.js';
import { within } from '../common/timeout.js';
import { logConnectionErrors } from '../queues/connection-errors.js';
import { OutboxRelay } from '../queues/outbox/outbox-relay.service.js';
import { startWorkerHealthServer } from '../workers/worker-health.server.js';
import { assertNoEviction, waitForDependencies } from './dependencies.js';
import { QUEUE_REDIS } from '../common/core.module.js';

export interface RunningWorker {
  app: INestApplicationContext;
  heartbeat: HeartbeatService;
  /** The health port actually bound (WORKER_HEALTH_PORT, or the one picked for 0). */
  healthPort: number;
  /** Stops taking jobs, waits up to the grace period for active ones, then closes everything; never waits longer than that plus a few seconds. */
  stop(): Promise<boolean>;
}

/** How long a stopping worker tries to take itself off the live list (heartbeat.service.ts). */
const GOODBYE_MS = 1_000;
/** How long closing the connections (and the health port) may take, once the jobs are done or given up. */
const CLOSE_MS = 3_000;

/**
 * Builds the worker context (its handlers checked), waits for MongoDB and Redis, then starts
 * consuming its queues (WORKER_QUEUES), the outbox relay, the heartbeat and the health port.
 */
export async function startWorker(config: AppConfig, logger: Logger): Promise<RunningWorker> {
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config, logger), {
    logger: new NestPinoLogger(logger),
    abortOnError: false,
  });
  await waitForDependencies(app, logger, config.STARTUP_TIMEOUT_MS);
  await assertNoEviction(app.get(QUEUE_REDIS));
  const workers = config.WORKER_QUEUES.map((queue) => app.get(QUEUE_PROCESSORS[queue]).worker);
  for (const worker of workers) {
    worker.concurrency = config.WORKER_CONCURRENCY;
    // A killed worker's jobs go back to the queue once their lock lapses; stalled checks run
    // three times per lock period, so a re-run starts within about 1.3 lock periods.
    worker.opts.lockDuration = config.WORKER_LOCK_MS;
    worker.opts.stalledInterval = Math.max(500, Math.round(config.WORKER_LOCK_MS / 3));
    // A job whose worker died twice on it fails (its reconciler then tells its owner why).
    worker.opts.maxStalledCount = 1;
    logConnectionErrors(worker, logger, { queue: worker.name });
    void worker.run().catch((error: unknown) => logger.error({ err: error, queue: worker.name }, 'worker loop stopped'));
  }
  const heartbeat = app.get(HeartbeatService);
  heartbeat.start();
  const relay = app.get(OutboxRelay);
  relay.start();
  let stopping = false;
  const health = await startWorkerHealthServer(app, config, logger, { consuming: () => !stopping && workers.every((w) => w.isRunning()), queues: config.WORKER_QUEUES });
  return {
    app,
    heartbeat,
    healthPort: health.port,
    async stop() {
      stopping = true;
      // Every wait is bounded, and the whole stop takes at most GOODBYE_MS + the grace period +
      // 2 x CLOSE_MS: Redis or MongoDB may already be gone (npm start's supervisor stops them
      // together with this process when it dies), a command on the queue connection waits for
      // Redis forever, BullMQ's close() can wait forever on a connection that is reconnecting
      // (taskforcesh/bullmq#4656), and a second close(true) only returns the same pending
      // promise. Jobs still active when we give up keep their lock until it expires; BullMQ
      // then hands them to another worker as stalled.
      const deadline = Date.now() + config.SHUTDOWN_GRACE_MS;
      const graceLeft = () => Math.max(0, deadline - Date.now());
      // Best effort: a worker that could not say goodbye drops off the live list by itself.
      await within(heartbeat.stop(), GOODBYE_MS);
      const relayStopped = await within(relay.stop(), graceLeft());
      // Closed even when the grace period is spent: close() stops them taking jobs at once.
      const drained = (await within(Promise.all(workers.map((w) => w.close())), graceLeft())) && relayStopped;
      if (!drained) logger.warn({ graceMs: config.SHUTDOWN_GRACE_MS }, 'workers did not stop within the grace period; leaving active jobs to stalled recovery');
      const closed = await within(app.close(), CLOSE_MS);
      await within(health.close(), CLOSE_MS);
      return drained && closed;
    },
  };
}
