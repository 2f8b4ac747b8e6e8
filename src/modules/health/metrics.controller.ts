import { randomUUID } from 'node:crypto';
import { Controller, Get, Header, Headers, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import type { FastifyReply } from 'fastify';
import { MetricsService } from '../../common/metrics/metrics.service.js';
import { QueueService } from '../../queues/queue.service.js';
import { WorkerPresenceService } from '../../queues/worker-presence.service.js';
import { Public } from '../auth/auth.decorators.js';
import { MetricsAccess } from './metrics-access.js';

/**
 * Prometheus scrape endpoint of this API process. Fleet-wide figures (jobs per queue and state,
 * live workers) come from one API instance only, the one holding the reporter's role in Redis,
 * so summing over every scraped pod counts them once. Each worker is scraped on its own port.
 */
@ApiExcludeController()
@Public()
@SkipThrottle()
@Controller('metrics')
export class MetricsController {
  private readonly instanceId = randomUUID();

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
    this.metrics.queueJobs.reset();
    this.metrics.workersAlive.reset();
    if (await this.presence.isFleetReporter(this.instanceId).catch(() => false)) {
      const [counts, workers] = await Promise.all([this.queues.counts().catch(() => null), this.presence.alive().catch(() => null)]);
      for (const [queue, states] of Object.entries(counts ?? {})) {
        for (const [state, count] of Object.entries(states)) this.metrics.queueJobs.set({ queue, state }, count);
      }
      if (workers) this.metrics.workersAlive.set({ scope: 'fleet' }, workers.length);
    }
    await reply.header('content-type', this.metrics.registry.contentType).send(await this.metrics.registry.metrics());
  }
}
