import { Controller, Get, Header, Headers, Res } from '@nestjs/common';
import { MetricsAccess } from './metrics-access.js';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AggregatorRegistry } from 'prom-client';
import { MetricsService } from '../../common/metrics/metrics.service.js';
import { QueueService } from '../../queues/queue.service.js';
import { Public } from '../auth/auth.decorators.js';
import { WorkerPresenceService } from '../../queues/worker-presence.service.js';
import { SkipThrottle } from '@nestjs/throttler';

/** Prometheus scrape endpoint: this API process merged with the live workers' snapshots. */
@ApiExcludeController()
@Public()
@SkipThrottle()
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: MetricsService,
    private readonly queues: QueueService,
    private readonly presence: WorkerPresenceService,
    private readonly access: MetricsAccess,
  ) {}

  @Get()
  @Header('cache-control', 'no-store')
  async scrape(@Res() reply: FastifyReply, @Headers('authorization') authorization?: string): Promise<void> {
    this.access.check(authorization);
    const [counts, workers] = await Promise.all([this.queues.counts().catch(() => null), this.presence.metrics().catch(() => [])]);
    this.metrics.queueJobs.reset();
    for (const [queue, states] of Object.entries(counts ?? {})) {
      for (const [state, count] of Object.entries(states)) this.metrics.queueJobs.set({ queue, state }, count);
    }
    const merged = AggregatorRegistry.aggregate([await this.metrics.snapshot(), ...workers]);
    await reply.header('content-type', merged.contentType).send(await merged.metrics());
  }
}
