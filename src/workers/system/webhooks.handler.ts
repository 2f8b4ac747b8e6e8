import { Injectable } from '@nestjs/common';
import { WebhooksService } from '../../modules/webhooks/webhooks.service.js';
import { JobName, type JobOutcome, type JobPayloads } from '../../queues/queue.types.js';
import type { JobContext } from '../job-handlers.js';
import { OnJob } from '../on-job.decorator.js';

/** Outbound webhooks: one attempt per job run; BullMQ's backoff spaces the retries. */
@Injectable()
export class WebhooksHandler {
  constructor(private readonly webhooks: WebhooksService) {}

  @OnJob(JobName.DeliverWebhook)
  deliver(payload: JobPayloads[JobName.DeliverWebhook], context: JobContext): Promise<JobOutcome> {
    return this.webhooks.deliver(payload.deliveryId, context.final);
  }
}
