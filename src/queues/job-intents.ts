// The work each domain write calls for, as typed intents: a job name, its payload (ids only)
// and a key that collapses repeats. The one place that knows which write causes which job, and
// each job's retry policy.
import type { JobsOptions } from 'bullmq';
import { JobName, type JobPayloads } from './queue.types.js';

export interface JobIntent<N extends JobName = JobName> {
  name: N;
  payload: JobPayloads[N];
  /** Deduplication key: while a job with this key waits, another trigger adds nothing. */
  key: string;
}

const intent = <N extends JobName>(name: N, payload: JobPayloads[N], key: string): JobIntent<N> => ({ name, payload, key });

export const Intents = {
  checkSubmission: (submissionId: string) => intent(JobName.CheckSubmission, { submissionId }, `check-submission-${submissionId}`),
  matchCandidate: (candidateId: string) => intent(JobName.MatchCandidate, { candidateId }, `match-candidate-${candidateId}`),
  matchJob: (jobId: string) => intent(JobName.MatchJob, { jobId }, `match-job-${jobId}`),
  processCv: (uploadId: string) => intent(JobName.ProcessCv, { uploadId }, `process-cv-${uploadId}`),
  releaseAwaiting: (companyId: string) => intent(JobName.ReleaseAwaiting, { companyId }, `release-awaiting-${companyId}`),
  refit: () => intent(JobName.RefitModels, {}, 'refit'),
  payoutRun: (runId: string) => intent(JobName.PayoutRun, { runId }, `payout-run-${runId}`),
  pipelineCheck: (checkId: string) => intent(JobName.PipelineCheck, { checkId }, `pipeline-check-${checkId}`),
  /** `round` counts replays: a replayed delivery is a new job, never collapsed into a finished one. */
  deliverWebhook: (deliveryId: string, round = 0) => intent(JobName.DeliverWebhook, { deliveryId }, `deliver-webhook-${deliveryId}-${round}`),
};

/** Retry policy per job, on top of the queue defaults. */
export const JOB_OPTIONS: Partial<Record<JobName, JobsOptions>> = {
  [JobName.ProcessCv]: { attempts: 5, backoff: { type: 'exponential', delay: 2_000 } },
};

/** The settings retry policies depend on. */
export interface RetrySettings {
  WEBHOOK_BACKOFF_MS: number;
  WEBHOOK_RETRY_WINDOW_MS: number;
}

/**
 * A job's retry policy. Webhook deliveries back off exponentially from WEBHOOK_BACKOFF_MS with
 * enough attempts to outlast WEBHOOK_RETRY_WINDOW_MS; the handler stops once the event is older.
 */
export function jobOptions(name: JobName, settings?: RetrySettings): JobsOptions | undefined {
  if (name !== JobName.DeliverWebhook || !settings) return JOB_OPTIONS[name];
  let attempts = 1;
  while (attempts < 40 && settings.WEBHOOK_BACKOFF_MS * (2 ** attempts - 1) < settings.WEBHOOK_RETRY_WINDOW_MS) attempts++;
  return { attempts: attempts + 1, backoff: { type: 'exponential', delay: settings.WEBHOOK_BACKOFF_MS } };
}
