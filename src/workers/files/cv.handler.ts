import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { AppConfig } from '../../config/app-config.js';
import { CvProcessorService } from '../../modules/uploads/cv-processor.service.js';
import { ExtractionPool } from '../../modules/uploads/cv/extraction-pool.js';
import { JobName, type JobOutcome, type JobPayloads, QueueName } from '../../queues/queue.types.js';
import type { JobContext } from '../job-handlers.js';
import { OnJob } from '../on-job.decorator.js';
import { Schedules } from '../schedules.service.js';

@Injectable()
export class CvHandler {
  constructor(
    private readonly processor: CvProcessorService,
    private readonly config: AppConfig,
    extraction: ExtractionPool,
    @InjectQueue(QueueName.Files) queue: Queue,
    schedules: Schedules,
  ) {
    // Stuck uploads are looked for a few lock periods apart.
    schedules.register(queue, 'reconcile-uploads', { every: this.reconcileEveryMs }, JobName.ReconcileUploads);
    // This process takes files: its extraction threads start with it.
    extraction.warm();
  }

  private get reconcileEveryMs(): number {
    return Math.max(2_000, 2 * this.config.WORKER_LOCK_MS);
  }

  @OnJob(JobName.ProcessCv)
  async handle(payload: JobPayloads[JobName.ProcessCv], context: JobContext): Promise<JobOutcome> {
    try {
      return await this.processor.process(payload.uploadId, context.jobId);
    } catch (error) {
      // Out of attempts: the upload says so (and why) instead of staying `processing`.
      if (context.final) await this.processor.markFailed(payload.uploadId, 'PROCESSING_FAILED', error instanceof Error ? error.message : String(error));
      throw error;
    }
  }

  @OnJob(JobName.ReconcileUploads)
  reconcile(): Promise<JobOutcome> {
    return this.processor.reconcile(this.reconcileEveryMs);
  }
}
