// One BullMQ processor per queue, each dispatching by job name to the registered handler and
// turning its outcome into BullMQ's terms (returned value, retry, or final failure).
import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject, Injectable, type Type } from '@nestjs/common';
import { DelayedError, type Job, MetricsTime, UnrecoverableError } from 'bullmq';
import type { Logger } from 'pino';
import { LOGGER } from '../common/core.module.js';
import { MetricsService } from '../common/metrics/metrics.service.js';
import { stampOf } from '../queues/outbox/outbox-stamp.js';
import { OutboxService } from '../queues/outbox/outbox.service.js';
import { type JobOutcome, QueueName } from '../queues/queue.types.js';
import { JobHandlerRegistry } from './job-handlers.js';

@Injectable()
export class JobRunner {
  constructor(
    private readonly registry: JobHandlerRegistry,
    private readonly metrics: MetricsService,
    private readonly outbox: OutboxService,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async run(queue: QueueName, job: Job, token?: string): Promise<JobOutcome> {
    const handler = this.registry.get(job.name);
    const log = this.logger.child({ queue, job: job.name, jobId: job.id, attempt: job.attemptsMade + 1 });
    const timer = this.metrics.jobDuration.startTimer({ queue, job: job.name });
    if (!handler) {
      // A job left behind by another version of the code: retrying cannot help.
      timer({ outcome: 'failed' });
      throw new UnrecoverableError(`no handler for job "${job.name}"`);
    }
    let outcome: JobOutcome;
    const attempt = job.attemptsMade + 1;
    const final = attempt >= (job.opts.attempts ?? 1);
    // The outbox entry this job came from is done once the job is settled: done, skipped,
    // failed for good, or out of attempts. A retry leaves it, so Redis losing the job is safe.
    const stamp = stampOf(job.data);
    try {
      outcome = await handler(job.data, { jobId: job.id ?? '', attempt, final });
    } catch (error) {
      timer({ outcome: 'error' });
      log.error({ err: error }, final ? 'job threw on its last attempt' : 'job threw; it will be retried');
      if (final && stamp) await this.outbox.acknowledge(stamp).catch(() => undefined);
      throw error;
    }
    if (stamp && !(outcome.status === 'failed' && outcome.retry && !final)) await this.outbox.acknowledge(stamp);
    timer({ outcome: outcome.status });
    if (outcome.status === 'failed') {
      log.warn({ reason: outcome.reason, retry: outcome.retry, retryAfterMs: outcome.retryAfterMs }, 'job failed');
      if (outcome.retry && !final && outcome.retryAfterMs !== undefined) {
        // Back in the queue when the wait is over, instead of after BullMQ's backoff.
        await job.moveToDelayed(Date.now() + outcome.retryAfterMs, token);
        throw new DelayedError(outcome.reason);
      }
      throw outcome.retry ? new Error(outcome.reason) : new UnrecoverableError(outcome.reason);
    }
    log.info({ outcome: outcome.status }, 'job finished');
    return outcome;
  }
}

function processorFor(queue: QueueName): Type<WorkerHost> {
  // autorun: false: worker.ts starts consuming only after the handler map has been checked.
  // metrics: BullMQ counts completed and failed jobs per minute in Redis (a week of them), so
  // the dashboard shows throughput after the jobs themselves are removed.
  @Processor(queue, { autorun: false, metrics: { maxDataPoints: MetricsTime.ONE_WEEK } })
  class QueueProcessor extends WorkerHost {
    constructor(private readonly runner: JobRunner) {
      super();
    }

    process(job: Job, token?: string): Promise<JobOutcome> {
      return this.runner.run(queue, job, token);
    }
  }
  Object.defineProperty(QueueProcessor, 'name', { value: `${queue}QueueProcessor` });
  return QueueProcessor;
}

export const QUEUE_PROCESSORS = Object.fromEntries(Object.values(QueueName).map((q) => [q, processorFor(q)])) as Record<QueueName, Type<WorkerHost>>;
