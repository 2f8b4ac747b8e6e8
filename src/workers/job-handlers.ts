// The job-name -> handler map, built from @OnJob methods and checked to be complete and
// unambiguous before any worker takes a job.
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { JOB_QUEUE, JobName, type JobOutcome, type JobPayloads, type QueueName } from '../queues/queue.types.js';

/** The queues this worker process consumes (WORKER_QUEUES). */
export const CONSUMED_QUEUES = Symbol('CONSUMED_QUEUES');
import { ON_JOB } from './on-job.decorator.js';

export interface JobContext {
  jobId: string;
  attempt: number;
  /** This is the last attempt: if it throws, the job fails for good. */
  final: boolean;
}

export type JobHandler = (payload: JobPayloads[JobName], context: JobContext) => Promise<JobOutcome>;

export interface FoundHandler {
  name: JobName;
  owner: string;
  handler: JobHandler;
}

export class WorkerSetupError extends Error {
  constructor(readonly problems: string[]) {
    super(`The worker cannot start:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'WorkerSetupError';
  }
}

/** Pure: every known job name must have exactly one handler, and no handler an unknown name. */
export function buildHandlerMap(found: FoundHandler[], names: readonly string[] = Object.values(JobName)): Map<JobName, JobHandler> {
  const problems: string[] = [];
  const byName = new Map<string, FoundHandler[]>();
  for (const entry of found) byName.set(entry.name, [...(byName.get(entry.name) ?? []), entry]);
  for (const name of names) {
    const entries = byName.get(name) ?? [];
    if (entries.length === 0) problems.push(`job "${name}" has no handler`);
    if (entries.length > 1) problems.push(`job "${name}" has ${entries.length} handlers: ${entries.map((e) => e.owner).join(', ')}`);
  }
  for (const [name, entries] of byName) {
    if (!names.includes(name)) problems.push(`${entries.map((e) => e.owner).join(', ')} handles unknown job "${name}"`);
  }
  if (problems.length > 0) throw new WorkerSetupError(problems);
  return new Map(found.map((entry) => [entry.name, entry.handler]));
}

@Injectable()
export class JobHandlerRegistry implements OnModuleInit {
  private handlers = new Map<JobName, JobHandler>();

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
    @Inject(CONSUMED_QUEUES) private readonly queues: QueueName[],
  ) {}

  onModuleInit(): void {
    const found: FoundHandler[] = [];
    for (const wrapper of this.discovery.getProviders()) {
      const instance = wrapper.instance as Record<string, unknown> | undefined;
      if (!instance || typeof instance !== 'object' || !wrapper.isDependencyTreeStatic()) continue;
      const prototype = Object.getPrototypeOf(instance) as object;
      for (const method of this.scanner.getAllMethodNames(prototype)) {
        const fn = instance[method];
        if (typeof fn !== 'function') continue;
        const name = this.reflector.get<JobName | undefined>(ON_JOB, fn);
        if (name) found.push({ name, owner: `${instance.constructor.name}.${method}`, handler: (fn as JobHandler).bind(instance) });
      }
    }
    // Every job of a consumed queue needs exactly one handler; other queues' jobs need none.
    this.handlers = buildHandlerMap(found, Object.values(JobName).filter((name) => this.queues.includes(JOB_QUEUE[name])));
  }

  get(name: string): JobHandler | undefined {
    return this.handlers.get(name as JobName);
  }
}
