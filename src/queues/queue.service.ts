import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import type { Job, JobsOptions, Queue } from 'bullmq';
import { JOB_QUEUE, type JobName, type JobPayloads, QueueName } from './queue.types.js';

export const JOB_STATES = ['waiting', 'active', 'delayed', 'completed', 'failed', 'prioritized', 'waiting-children'] as const;
export type JobState = (typeof JOB_STATES)[number];
export type QueueCounts = Record<QueueName, Record<JobState, number>>;

/** The typed way in: a job name fixes both its queue and its payload type. */
@Injectable()
export class QueueService {
  private readonly queues: ReadonlyMap<QueueName, Queue>;

  // Injected (not looked up) so Nest creates the queues first; one parameter per QueueName.
  constructor(@InjectQueue(QueueName.System) system: Queue, @InjectQueue(QueueName.Matching) matching: Queue, @InjectQueue(QueueName.Files) files: Queue,
    @InjectQueue(QueueName.Payments) payments: Queue,
  ) {
    this.queues = new Map([
      [QueueName.System, system],
      [QueueName.Matching, matching],
      [QueueName.Files, files],
      [QueueName.Payments, payments],
    ]);
    const missing = Object.values(QueueName).filter((name) => !this.queues.has(name));
    if (missing.length > 0) throw new Error(`QueueService is not given queue(s): ${missing.join(', ')}`);
  }

  queue(name: QueueName): Queue {
    const queue = this.queues.get(name);
    if (!queue) throw new Error(`queue ${name} is not registered`);
    return queue;
  }

  enqueue<N extends JobName>(name: N, payload: JobPayloads[N], options: JobsOptions = {}): Promise<Job<JobPayloads[N]>> {
    return this.queue(JOB_QUEUE[name]).add(name, payload, options) as Promise<Job<JobPayloads[N]>>;
  }

  /**
   * Adds the job unless one with this id is already waiting or running, so a burst of
   * triggers collapses into one run. The id is freed when the job ends (a finished or failed
   * one is removed first), so the next trigger after that runs again.
   */
  async enqueueOnce<N extends JobName>(name: N, payload: JobPayloads[N], id: string, options: JobsOptions = {}): Promise<void> {
    const queue = this.queue(JOB_QUEUE[name]);
    const existing = await queue.getJob(id);
    if (existing) {
      const state = await existing.getState();
      if (state !== 'completed' && state !== 'failed') return;
      await existing.remove().catch(() => undefined);
    }
    await queue.add(name, payload, { ...options, jobId: id, removeOnComplete: true });
  }

  /** Where a job with this id is in its queue, and why it failed if it did. */
  async jobState(name: JobName, id: string): Promise<{ state: JobState | 'unknown' | 'missing'; failedReason?: string }> {
    const job = await this.queue(JOB_QUEUE[name]).getJob(id);
    if (!job) return { state: 'missing' };
    return { state: (await job.getState()) as JobState | 'unknown', failedReason: job.failedReason || undefined };
  }

  async counts(): Promise<QueueCounts> {
    const entries = await Promise.all(
      [...this.queues].map(async ([name, queue]) => [name, (await queue.getJobCounts(...JOB_STATES)) as Record<JobState, number>] as const),
    );
    return Object.fromEntries(entries) as QueueCounts;
  }
}
