// Prometheus metrics for this process: the API serves them at /metrics, each worker on its own
// health port (WORKER_HEALTH_PORT).
import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { RequestDurations } from './request-durations.js';

export type MetricsSnapshot = Awaited<ReturnType<Registry['getMetricsAsJSON']>>;

@Injectable()
export class MetricsService {
  readonly registry = new Registry();

  /** Observed on every request (see request-durations.ts for why it is not a prom-client Histogram). */
  readonly httpDuration = new RequestDurations([0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]);

  readonly httpErrors = new Counter({
    name: 'http_errors_total',
    help: 'HTTP error responses by route, status and error code',
    labelNames: ['route', 'status', 'code'] as const,
    registers: [this.registry],
  });

  readonly jobDuration = new Histogram({
    name: 'queue_job_duration_seconds',
    help: 'Time a worker spent on a job, by queue, job name and outcome',
    labelNames: ['queue', 'job', 'outcome'] as const,
    buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60, 300],
    registers: [this.registry],
  });

  /** Set at scrape time from BullMQ's counts, by the one API instance that reports fleet figures. */
  readonly queueJobs = new Gauge({
    name: 'queue_jobs',
    help: 'Jobs per queue and state at scrape time',
    labelNames: ['queue', 'state'] as const,
    registers: [this.registry],
  });

  /** Workers with a heartbeat in the last 30 s (fleet-wide; see queueJobs). */
  readonly workersAlive = new Gauge({
    name: 'workers_alive',
    help: 'Worker processes that sent a heartbeat in the last 30 s (from the reporting API instance only)',
    // A label, so instances that do not report show no sample at all rather than a 0.
    labelNames: ['scope'] as const,
    registers: [this.registry],
  });

  /** Cached reads by key family: hit, miss (read from MongoDB) or coalesced (joined a miss in flight). */
  readonly cacheRequests = new Counter({
    name: 'cache_requests_total',
    help: 'Cached reads by key family and result (hit, miss, coalesced, bypass)',
    labelNames: ['family', 'result'] as const,
    registers: [this.registry],
  });

  /** Documents the matching index could not use (bad data): left out, never fatal. */
  readonly matchingSkipped = new Counter({
    name: 'matching_skipped_documents_total',
    help: 'Candidates and jobs left out of the matching index because their data could not be used',
    labelNames: ['kind'] as const,
    registers: [this.registry],
  });

  /** Outbox intents the relay handled: queued (again), failed to queue, given up. */
  readonly outbox = new Counter({
    name: 'outbox_relay_total',
    help: 'Outbox entries the relay queued, failed to queue (Redis away) or gave up on',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  constructor() {
    // Read by the registry through get(), like its own metrics (prom-client's types name only those).
    this.registry.registerMetric(this.httpDuration as unknown as Histogram);
  }

  enableProcessMetrics(): void {
    collectDefaultMetrics({ register: this.registry });
  }

  snapshot(): Promise<MetricsSnapshot> {
    return this.registry.getMetricsAsJSON();
  }
}
