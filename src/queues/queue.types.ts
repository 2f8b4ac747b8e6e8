// Every queue and job the system knows. A job name belongs to exactly one queue and has exactly
// one payload type; the worker refuses to start unless each job name has exactly one handler.
// Payloads carry ids, never documents: handlers re-read current state.

export enum QueueName {
  System = 'system',
  Matching = 'matching',
  Files = 'files',
  Payments = 'payments',
}

export enum JobName {
  /** Proves the API -> Redis -> worker -> MongoDB path end to end; see PipelineCheckService. */
  PipelineCheck = 'system.pipeline-check',
  /** Recompute a job's ranked candidates (published or edited job, or a candidate that may enter it). */
  MatchJob = 'matching.job',
  /** Recompute a candidate's ranked jobs (created, edited, or CV processed). */
  MatchCandidate = 'matching.candidate',
  /** The AI check of a new submission: deliver it or disqualify it with evidence. */
  CheckSubmission = 'matching.check-submission',
  /** Refit the scoring models from employers' decisions. */
  RefitModels = 'matching.refit',
  /** Extract, parse and merge an uploaded CV into its candidate. */
  ProcessCv = 'files.process-cv',
  /** Uploads whose job died at the queue level (stalled, out of attempts) or went missing: settle or requeue them. */
  ReconcileUploads = 'files.reconcile-uploads',
  /** Deliver a company's submissions waiting for credit, oldest first, while credit lasts. */
  ReleaseAwaiting = 'payments.release-awaiting',
  /** Transfer every ready sourcer's balance (weekly, or started by an admin). */
  PayoutRun = 'payments.payout-run',
  /** Deliver one event to one employer endpoint (outbound webhook), retried with backoff. */
  DeliverWebhook = 'system.deliver-webhook',
}

export interface JobPayloads {
  [JobName.PipelineCheck]: { checkId: string };
  [JobName.MatchJob]: { jobId: string };
  [JobName.MatchCandidate]: { candidateId: string };
  [JobName.CheckSubmission]: { submissionId: string };
  [JobName.RefitModels]: Record<string, never>;
  [JobName.ProcessCv]: { uploadId: string };
  [JobName.ReconcileUploads]: Record<string, never>;
  [JobName.ReleaseAwaiting]: { companyId: string };
  [JobName.PayoutRun]: { runId?: string };
  [JobName.DeliverWebhook]: { deliveryId: string };
}

export const JOB_QUEUE: { readonly [N in JobName]: QueueName } = {
  [JobName.PipelineCheck]: QueueName.System,
  [JobName.MatchJob]: QueueName.Matching,
  [JobName.MatchCandidate]: QueueName.Matching,
  [JobName.CheckSubmission]: QueueName.Matching,
  [JobName.RefitModels]: QueueName.Matching,
  [JobName.ProcessCv]: QueueName.Files,
  [JobName.ReconcileUploads]: QueueName.Files,
  [JobName.ReleaseAwaiting]: QueueName.Payments,
  [JobName.PayoutRun]: QueueName.Payments,
  [JobName.DeliverWebhook]: QueueName.System,
};

/**
 * What a handler reports. `failed` with `retry: false` is final; with `retry: true`, BullMQ
 * retries with backoff, or after `retryAfterMs` when the handler names the wait (the other side
 * asked for it); such a wait does not use up one of the job's attempts.
 */
export type JobOutcome =
  | { status: 'done'; result?: Record<string, unknown> }
  | { status: 'skipped'; reason: string }
  | { status: 'failed'; reason: string; retry: boolean; retryAfterMs?: number };

/**
 * A deterministic job id: the same parts give the same id, so a burst of identical triggers
 * collapses into one queued job. BullMQ refuses ':' in custom ids, hence '-'.
 */
export function jobId(name: JobName, ...parts: string[]): string {
  return [name, ...parts].join('-');
}
