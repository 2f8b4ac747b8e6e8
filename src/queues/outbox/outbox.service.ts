// Durable intent: a write that must cause background work records it here first (one upsert
// keyed by job and key), then does the write, then queues the job straight away. The entry
// stays until a worker has finished the job (JobRunner acknowledges it), so if Redis loses
// the job, or was down when it was queued, the relay (outbox-relay.service.ts) queues it again.
// An answer of 201/202 therefore means the work will happen, whatever Redis does next.
import { Inject, Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import type { Logger } from 'pino';
import { LOGGER } from '../../common/core.module.js';
import { AppConfig } from '../../config/app-config.js';
import type { JobIntent } from '../job-intents.js';
import { QueueService } from '../queue.service.js';
import { OutboxEntry } from './outbox.schema.js';
import type { OutboxStamp } from './outbox-stamp.js';


/** Grace before the relay looks at a fresh intent: the request path normally queues it first. */
const FIRST_DELIVERY_GRACE_MS = 2_000;

export const outboxId = (intent: Pick<JobIntent, 'name' | 'key'>) => `${intent.name}:${intent.key}`;

@Injectable()
export class OutboxService {
  constructor(
    @InjectModel(OutboxEntry.name) readonly entries: Model<OutboxEntry>,
    private readonly queues: QueueService,
    private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** Records intents (idempotently: one entry per job and key, its version bumped). */
  async record(intents: JobIntent[]): Promise<OutboxStamp[]> {
    const dueAt = new Date(Date.now() + FIRST_DELIVERY_GRACE_MS);
    return Promise.all(
      intents.map(async (intent) => {
        const entry = await this.entries
          .findOneAndUpdate(
            { _id: outboxId(intent) },
            { $set: { name: intent.name, payload: intent.payload, key: intent.key, dueAt, dead: false, deliveries: 0 }, $inc: { version: 1 } },
            { upsert: true, returnDocument: 'after', projection: { version: 1 } },
          )
          .lean<OutboxEntry>()
          .exec();
        return { id: entry!._id, version: entry!.version };
      }),
    );
  }

  /**
   * Queues the job for a recorded intent now. Never throws: if Redis fails, the entry is due
   * shortly and the relay queues it.
   */
  async dispatch(intent: JobIntent, stamp: OutboxStamp): Promise<boolean> {
    try {
      await this.queues.add(intent, stamp);
      // Queued: the relay looks again only if no worker finishes it for a while.
      await this.entries.updateOne({ _id: stamp.id, version: stamp.version }, { $set: { dueAt: new Date(Date.now() + this.config.OUTBOX_REDELIVER_MS) } }).exec();
      return true;
    } catch (error) {
      this.logger.warn({ err: error, job: intent.name, key: intent.key }, 'could not queue a job now; the outbox relay will');
      return false;
    }
  }

  /** Records the intents, runs the write, then queues them. A failed write withdraws them. */
  async afterWrite<T>(intents: JobIntent[], write: () => Promise<T>): Promise<T> {
    const stamps = await this.record(intents);
    let result: T;
    try {
      result = await write();
    } catch (error) {
      await Promise.all(stamps.map((s) => this.entries.deleteOne({ _id: s.id, version: s.version }).exec().catch(() => undefined)));
      throw error;
    }
    await Promise.all(intents.map((intent, i) => this.dispatch(intent, stamps[i])));
    return result;
  }

  /** Records and queues intents whose cause is already written (a worker's follow-up work). */
  trigger(...intents: JobIntent[]): Promise<void> {
    return this.afterWrite(intents, async () => undefined);
  }

  /** The job for this entry is done (or failed for good): forget it, unless triggered again since. */
  async acknowledge(stamp: OutboxStamp): Promise<void> {
    await this.entries.deleteOne({ _id: stamp.id, version: { $lte: stamp.version } }).exec();
  }
}
