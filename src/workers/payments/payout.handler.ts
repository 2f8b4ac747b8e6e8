import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { AppConfig } from '../../config/app-config.js';
import { PayoutsService } from '../../modules/payments/payouts.service.js';
import { JobName, type JobOutcome, type JobPayloads, QueueName } from '../../queues/queue.types.js';
import { OnJob } from '../on-job.decorator.js';

@Injectable()
export class PayoutHandler implements OnApplicationBootstrap {
  constructor(
    private readonly payouts: PayoutsService,
    private readonly config: AppConfig,
    @InjectQueue(QueueName.Payments) private readonly queue: Queue,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.PAYMENTS_ENABLED) await this.queue.upsertJobScheduler('payout-run', { pattern: this.config.PAYOUT_CRON, tz: 'UTC' }, { name: JobName.PayoutRun, data: {} });
  }

  @OnJob(JobName.PayoutRun)
  run(payload: JobPayloads[JobName.PayoutRun]): Promise<JobOutcome> {
    return this.payouts.run(payload.runId);
  }
}
