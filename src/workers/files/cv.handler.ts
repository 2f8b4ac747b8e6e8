import { Injectable } from '@nestjs/common';
import { CvProcessorService } from '../../modules/uploads/cv-processor.service.js';
import { JobName, type JobOutcome, type JobPayloads } from '../../queues/queue.types.js';
import { OnJob } from '../on-job.decorator.js';

@Injectable()
export class CvHandler {
  constructor(private readonly processor: CvProcessorService) {}

  @OnJob(JobName.ProcessCv)
  handle(payload: JobPayloads[JobName.ProcessCv]): Promise<JobOutcome> {
    return this.processor.process(payload.uploadId);
  }
}
