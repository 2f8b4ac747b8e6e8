// The worker fleet's side of the outbox: every worker process polls for intents that are due
// (never queued, or queued and not finished for OUTBOX_REDELIVER_MS) and queues them. Any
// number of relays run at once: each entry is claimed with a lease first, and queueing twice
// is harmless (the queue deduplicates by key, handlers are idempotent).
import { hostname } from 'node:os';
import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { LOGGER } from '../../common/core.module.js';
import { MetricsService } from '../../common/metrics/metrics.service.js';
import { AppConfig } from '../../config/app-config.js';
import { QueueService } from '../queue.service.js';
import type { OutboxEntry } from './outbox.schema.js';
import { OutboxService } from './outbox.service.js';

const BATCH = 200;
const LEASE_MS = 30_000;
/** Queued this often without a worker finishing it: something is wrong with the job; stop. */
export const MAX_DELIVERIES = 10;

@Injectable()
export class OutboxRelay {
  readonly owner = `${hostname()}-${process.pid}`;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | null = null;

  constructor(
    private readonly outbox: OutboxService,
    private readonly queues: QueueService,
    private readonly metrics: MetricsService,
    private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.tick().catch((error: unknown) => this.logger.warn({ err: error }, 'outbox relay pass failed; next one soon')), this.config.OUTBOX_POLL_MS);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** One pass: queues what is due, up to a batch. Returns how many entries it handled. */
  tick(): Promise<number> {
    this.running ??= this.pass().finally(() => (this.running = null));
    return this.running;
  }

  private async pass(): Promise<number> {
    let handled = 0;
    for (; handled < BATCH; handled++) {
      const now = new Date();
      const entry = await this.outbox.entries
        .findOneAndUpdate(
          { dead: false, dueAt: { $lte: now }, $or: [{ leaseUntil: null }, { leaseUntil: { $lt: now } }] },
          { $set: { leaseUntil: new Date(now.getTime() + LEASE_MS) } },
          { sort: { dueAt: 1 }, returnDocument: 'after' },
        )
        .lean<OutboxEntry>()
        .exec();
      if (!entry) break;
      await this.deliver(entry);
    }
    return handled;
  }

  private async deliver(entry: OutboxEntry): Promise<void> {
    const { entries } = this.outbox;
    if (entry.deliveries >= MAX_DELIVERIES) {
      await entries.updateOne({ _id: entry._id, version: entry.version }, { $set: { dead: true }, $unset: { leaseUntil: 1 } }).exec();
      this.metrics.outbox.inc({ outcome: 'dead' });
      this.logger.error({ id: entry._id, deliveries: entry.deliveries }, 'outbox entry queued too often without being finished; given up');
      return;
    }
    try {
      await this.queues.add({ name: entry.name, payload: entry.payload as never, key: entry.key }, { id: entry._id, version: entry.version });
      await entries.updateOne({ _id: entry._id, version: entry.version }, { $set: { dueAt: new Date(Date.now() + this.config.OUTBOX_REDELIVER_MS) }, $inc: { deliveries: 1 }, $unset: { leaseUntil: 1 } }).exec();
      this.metrics.outbox.inc({ outcome: 'queued' });
    } catch (error) {
      // Redis is away: try again after a pause; the lease lapses by itself if this fails too.
      await entries.updateOne({ _id: entry._id }, { $set: { dueAt: new Date(Date.now() + 1_000) }, $unset: { leaseUntil: 1 } }).exec().catch(() => undefined);
      this.metrics.outbox.inc({ outcome: 'failed' });
      throw error;
    }
  }
}
