import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { AppConfig } from '../../config/app-config.js';
import { MatchRunsService } from '../../modules/matching/match-runs.service.js';
import { JobName, type JobOutcome, type JobPayloads, QueueName } from '../../queues/queue.types.js';
import { OnJob } from '../on-job.decorator.js';
import { Schedules } from '../schedules.service.js';

@Injectable()
export class MatchingHandlers {
  constructor(
    private readonly runs: MatchRunsService,
    config: AppConfig,
    @InjectQueue(QueueName.Matching) queue: Queue,
    schedules: Schedules,
  ) {
    schedules.register(queue, 'matching-refit', { every: config.MATCH_REFIT_EVERY_MINUTES * 60_000 }, JobName.RefitModels);
  }

  @OnJob(JobName.MatchJob)
  matchJob(payload: JobPayloads[JobName.MatchJob]): Promise<JobOutcome> {
    return this.runs.rankJob(payload.jobId);
  }

  @OnJob(JobName.MatchCandidate)
  matchCandidate(payload: JobPayloads[JobName.MatchCandidate]): Promise<JobOutcome> {
    return this.runs.rankCandidate(payload.candidateId);
  }

  @OnJob(JobName.CheckSubmission)
  checkSubmission(payload: JobPayloads[JobName.CheckSubmission]): Promise<JobOutcome> {
    return this.runs.checkSubmission(payload.submissionId);
  }

  @OnJob(JobName.RefitModels)
  refit(): Promise<JobOutcome> {
    return this.runs.refit();
  }
}
