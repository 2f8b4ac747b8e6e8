import { Injectable } from '@nestjs/common';
import { PipelineCheckService } from '../../modules/health/pipeline-check.service.js';
import { JobName, type JobOutcome, type JobPayloads } from '../../queues/queue.types.js';
import { HeartbeatService } from '../heartbeat.service.js';
import { OnJob } from '../on-job.decorator.js';

@Injectable()
export class PipelineCheckHandler {
  constructor(
    private readonly checks: PipelineCheckService,
    private readonly heartbeat: HeartbeatService,
  ) {}

  @OnJob(JobName.PipelineCheck)
  handle(payload: JobPayloads[JobName.PipelineCheck]): Promise<JobOutcome> {
    return this.checks.complete(payload.checkId, this.heartbeat.workerId);
  }
}
