// Every queue and job the system knows. A job name belongs to exactly one queue and has exactly
// one payload type; the worker refuses to start unless each job name has exactly one handler.
// Payloads carry ids, never documents: handlers re-read current state.

export enum QueueName {
  System = 'system',
}

export enum JobName {
  /** Proves the API -> Redis -> worker -> MongoDB path end to end; see PipelineCheckService. */
  PipelineCheck = 'system.pipeline-check',
}

export interface JobPayloads {
  [JobName.PipelineCheck]: { checkId: string };
}

export const JOB_QUEUE: { readonly [N in JobName]: QueueName } = {
  [JobName.PipelineCheck]: QueueName.System,
};

/** What a handler reports. `failed` with `retry: false` is final; with `retry: true`, BullMQ retries with backoff. */
export type JobOutcome =
  | { status: 'done'; result?: Record<string, unknown> }
  | { status: 'skipped'; reason: string }
  | { status: 'failed'; reason: string; retry: boolean };

/**
 * A deterministic job id: the same parts give the same id, so a burst of identical triggers
 * collapses into one queued job. BullMQ refuses ':' in custom ids, hence '-'.
 */
export function jobId(name: JobName, ...parts: string[]): string {
  return [name, ...parts].join('-');
}
