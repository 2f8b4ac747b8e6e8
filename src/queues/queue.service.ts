import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Optional } from '@nestjs/common';
import type { Logger } from 'pino';
import { LOGGER } from '../common/core.module.js';
import { logConnectionErrors } from './connection-errors.js';
import type { Job, Queue } from 'bullmq';
import { type JobIntent, jobOptions } from './job-intents.js';
import { AppConfig } from '../config/app-config.js';
import { OUTBOX_FIELD, type OutboxStamp } from './outbox/outbox-stamp.js';
import { JOB_QUEUE, type JobName, type JobPayloads, QueueName } from './queue.types.js';

export const JOB_STATES = ['waiting', 'active', 'delayed', 'completed', 'failed', 'prioritized', 'waiting-children'] as const;
export type JobState = (typeof JOB_STATES)[number];
export type QueueCounts = Record<QueueName, Record<JobState, number>>;
const MINUTES_PER_DAY = 24 * 60;

/** The typed way in: a job name fixes both its queue and its payload type. */
@Injectable()
export class QueueService {
  private readonly queues: ReadonlyMap<QueueName, Queue>;

  // Injected (not looked up) so Nest creates the queues first; one parameter per QueueName.
  constructor(@InjectQueue(QueueName.System) system: Queue, @InjectQueue(QueueName.Matching) matching: Queue, @InjectQueue(QueueName.Files) files: Queue,
    @InjectQueue(QueueName.Payments) payments: Queue,
    @Optional() private readonly config?: AppConfig,
    @Optional() @Inject(LOGGER) logger?: Logger,
  ) {
    this.queues = new Map([
      [QueueName.System, system],
      [QueueName.Matching, matching],
      [QueueName.Files, files],
      [QueueName.Payments, payments],
    ]);
    const missing = Object.values(QueueName).filter((name) => !this.queues.has(name));
    if (missing.length > 0) throw new Error(`QueueService is not given queue(s): ${missing.join(', ')}`);
    if (logger) for (const [name, queue] of this.queues) logConnectionErrors(queue, logger, { queue: name });
  }

  queue(name: QueueName): Queue {
    const queue = this.queues.get(name);
    if (!queue) throw new Error(`queue ${name} is not registered`);
    return queue;
  }

  /**
   * Queues the work of an intent, deduplicated by its key: while a job with the key waits, a
   * trigger adds nothing; while one runs, the trigger's data is kept and exactly one more run
   * follows it (BullMQ's keepLastIfActive, atomic in Redis). So no trigger is lost and at most
   * one job waits and one runs per key. Normally called through OutboxService.
   */
  add<N extends JobName>(intent: JobIntent<N>, stamp?: OutboxStamp): Promise<Job<JobPayloads[N]>> {
    const data = stamp ? { ...intent.payload, [OUTBOX_FIELD]: stamp } : intent.payload;
    return this.queue(JOB_QUEUE[intent.name]).add(intent.name, data, { ...jobOptions(intent.name, this.config), deduplication: { id: intent.key, keepLastIfActive: true } }) as Promise<Job<JobPayloads[N]>>;
  }

  /** The job currently holding a deduplication key (waiting or running), if any. */
  async jobFor(intent: Pick<JobIntent, 'name' | 'key'>): Promise<Job | undefined> {
    const queue = this.queue(JOB_QUEUE[intent.name]);
    const id = await queue.getDeduplicationJobId(intent.key);
    return id ? queue.getJob(id) : undefined;
  }

  /**
   * Where a job is, and why it failed if it did; `missing` when there is none. By id (a job a
   * worker recorded), or by an intent's key (only while that job waits or runs).
   */
  async jobState(name: JobName, ref: { id: string } | Pick<JobIntent, 'key'>): Promise<{ state: JobState | 'unknown' | 'missing'; failedReason?: string }> {
    const job = 'id' in ref ? await this.queue(JOB_QUEUE[name]).getJob(ref.id) : await this.jobFor({ name, key: ref.key });
    if (!job) return { state: 'missing' };
    return { state: (await job.getState()) as JobState | 'unknown', failedReason: job.failedReason || undefined };
  }

  /** A job as the audit log keeps it around an admin's retry or removal (`<queue>/<id>`); null when there is none. */
  async jobSnapshot(ref: string): Promise<{ name: string; state: string; attemptsMade: number; failedReason: string | null } | null> {
    const slash = ref.indexOf('/');
    const queue = this.queues.get(ref.slice(0, slash) as QueueName);
    const job = queue && (await queue.getJob(ref.slice(slash + 1)));
    if (!job) return null;
    return { name: job.name, state: await job.getState(), attemptsMade: job.attemptsMade, failedReason: job.failedReason || null };
  }

  /**
   * Jobs completed and failed per queue in the last 24 hours, from the per-minute counts the
   * workers keep in Redis (queue.processors.ts): finished jobs are removed, these stay. The
   * minute under way is still in the counter (meta.count - meta.prevCount), not yet a data point.
   */
  async throughput(): Promise<Record<QueueName, { completed24h: number; failed24h: number }>> {
    const lastDay = async (queue: Queue, state: 'completed' | 'failed') => {
      const { meta, data } = await queue.getMetrics(state, 0, MINUTES_PER_DAY - 2);
      const current = Math.max(0, (Number(meta.count) || 0) - (Number(meta.prevCount) || 0));
      return current + data.reduce((sum, n) => sum + (Number(n) || 0), 0);
    };
    const entries = await Promise.all([...this.queues].map(async ([name, queue]) => [name, await Promise.all([lastDay(queue, 'completed'), lastDay(queue, 'failed')]).then(([completed24h, failed24h]) => ({ completed24h, failed24h }))] as const));
    return Object.fromEntries(entries) as Record<QueueName, { completed24h: number; failed24h: number }>;
  }

  async counts(): Promise<QueueCounts> {
    const entries = await Promise.all(
      [...this.queues].map(async ([name, queue]) => [name, (await queue.getJobCounts(...JOB_STATES)) as Record<JobState, number>] as const),
    );
    return Object.fromEntries(entries) as QueueCounts;
  }
}
