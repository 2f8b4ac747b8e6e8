import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { AppConfig } from '../../config/app-config.js';
import { MatchRunsService } from '../../modules/matching/match-runs.service.js';
import { JobName, type JobOutcome, type JobPayloads, QueueName } from '../../queues/queue.types.js';
import { OnJob } from '../on-job.decorator.js';

@Injectable()
export class MatchingHandlers implements OnApplicationBootstrap {
  constructor(
    private readonly runs: MatchRunsService,
    private readonly config: AppConfig,
    @InjectQueue(QueueName.Matching) private readonly queue: Queue,
  ) {}

  /** The scheduled refit; upserting the scheduler is idempotent across workers and restarts. */
  async onApplicationBootstrap(): Promise<void> {
    await this.queue.upsertJobScheduler('matching-refit', { every: this.config.MATCH_REFIT_EVERY_MINUTES * 60_000 }, { name: JobName.RefitModels, data: {} });
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
