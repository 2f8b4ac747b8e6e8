// How an upload's processing is queued: one job per upload (its id), retried with backoff.
import type { JobsOptions } from 'bullmq';

export const processCvJobId = (uploadId: string) => `process-cv-${uploadId}`;

export const PROCESS_CV_OPTIONS: JobsOptions = { attempts: 5, backoff: { type: 'exponential', delay: 2_000 } };
