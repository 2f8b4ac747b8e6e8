import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { AppConfig } from '../../config/app-config.js';
import { PayoutsService } from '../../modules/payments/payouts.service.js';
import { SubmissionsService } from '../../modules/submissions/submissions.service.js';
import { JobName, type JobOutcome, type JobPayloads, QueueName } from '../../queues/queue.types.js';
import { OnJob } from '../on-job.decorator.js';
import { Schedules } from '../schedules.service.js';

@Injectable()
export class PaymentsHandlers {
  constructor(
    private readonly payouts: PayoutsService,
    private readonly submissions: SubmissionsService,
    config: AppConfig,
    @InjectQueue(QueueName.Payments) queue: Queue,
    schedules: Schedules,
  ) {
    if (config.PAYMENTS_ENABLED) schedules.register(queue, 'payout-run', { pattern: config.PAYOUT_CRON, tz: 'UTC' }, JobName.PayoutRun);
  }

  /** Credits arrived (or a delivery decided to wait): deliver what waits, oldest first, while credit lasts. */
  @OnJob(JobName.ReleaseAwaiting)
  async releaseAwaiting(payload: JobPayloads[JobName.ReleaseAwaiting]): Promise<JobOutcome> {
    return { status: 'done', result: { delivered: await this.submissions.releaseAwaiting(payload.companyId) } };
  }

  @OnJob(JobName.PayoutRun)
  run(payload: JobPayloads[JobName.PayoutRun]): Promise<JobOutcome> {
    return this.payouts.run(payload.runId);
  }
}
