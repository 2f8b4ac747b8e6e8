import { hostname } from 'node:os';
import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { AppConfig } from '../config/app-config.js';
import { LOGGER } from '../common/core.module.js';
import { WorkerPresenceService } from '../queues/worker-presence.service.js';

/** Tells the fleet this worker is alive (its metrics are scraped from its own health port). */
@Injectable()
export class HeartbeatService {
  readonly workerId = `${hostname()}-${process.pid}`;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly presence: WorkerPresenceService,
    private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async beat(): Promise<void> {
    try {
      await this.presence.beat(this.workerId);
    } catch (error) {
      this.logger.warn({ err: error }, 'heartbeat failed; will retry');
    }
  }

  start(): void {
    void this.beat();
    this.timer = setInterval(() => void this.beat(), this.config.WORKER_HEARTBEAT_INTERVAL_MS);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.presence.leave(this.workerId).catch(() => undefined);
  }
}
