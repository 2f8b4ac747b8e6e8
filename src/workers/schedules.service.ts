// Repeating jobs (the refit, payout runs, the uploads reconciler) as BullMQ job schedulers.
// Upserting one is idempotent across workers and restarts; it is done at start and again every
// minute, so schedules come back by themselves if Redis lost its data.
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Queue, RepeatOptions } from 'bullmq';
import type { Logger } from 'pino';
import { LOGGER } from '../common/core.module.js';
import type { JobName } from '../queues/queue.types.js';

const REFRESH_MS = 60_000;

interface Schedule {
  queue: Queue;
  id: string;
  repeat: Omit<RepeatOptions, 'key'>;
  job: JobName;
}

@Injectable()
export class Schedules implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly schedules: Schedule[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(@Inject(LOGGER) private readonly logger: Logger) {}

  register(queue: Queue, id: string, repeat: Omit<RepeatOptions, 'key'>, job: JobName): void {
    this.schedules.push({ queue, id, repeat, job });
  }

  private async upsertAll(): Promise<void> {
    for (const s of this.schedules) await s.queue.upsertJobScheduler(s.id, s.repeat, { name: s.job, data: {} });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.upsertAll();
    this.timer = setInterval(() => void this.upsertAll().catch((error: unknown) => this.logger.warn({ err: error }, 'could not refresh job schedules; next try in a minute')), REFRESH_MS);
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }
}
