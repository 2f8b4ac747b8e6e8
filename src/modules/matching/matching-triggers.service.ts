import { Injectable, type OnModuleInit } from '@nestjs/common';
import { JobName } from '../../queues/queue.types.js';
import { QueueService } from '../../queues/queue.service.js';
import type { CandidateRecord } from '../candidates/candidate.view.js';
import { CandidatesService } from '../candidates/candidates.service.js';
import type { JobView } from '../jobs/job.view.js';
import { JobsService } from '../jobs/jobs.service.js';
import type { SubmissionView } from '../submissions/submission.view.js';
import { SubmissionsService } from '../submissions/submissions.service.js';
import { matchCandidateId, matchJobId } from './match-runs.service.js';

/**
 * Writes elsewhere become matching work, off the request path: a job written or moved, a
 * candidate written (or their CV processed), a submission made. Deterministic job ids make a
 * burst of writes one run.
 */
@Injectable()
export class MatchingTriggers implements OnModuleInit {
  constructor(
    private readonly queues: QueueService,
    private readonly jobs: JobsService,
    private readonly candidates: CandidatesService,
    private readonly submissions: SubmissionsService,
  ) {}

  onModuleInit(): void {
    this.jobs.onChange(this);
    this.candidates.onChange(this);
    this.submissions.onSubmitted(this);
  }

  async jobChanged(job: JobView): Promise<void> {
    if (job.status === 'draft') return;
    await this.queues.enqueueOnce(JobName.MatchJob, { jobId: job.id }, matchJobId(job.id));
  }

  async candidateChanged(candidate: CandidateRecord): Promise<void> {
    await this.queues.enqueueOnce(JobName.MatchCandidate, { candidateId: candidate.id }, matchCandidateId(candidate.id));
  }

  async submitted(submission: SubmissionView): Promise<void> {
    await this.queues.enqueueOnce(JobName.CheckSubmission, { submissionId: submission.id }, `check-submission-${submission.id}`);
  }
}
