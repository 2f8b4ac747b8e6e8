import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { AppConfig } from '../config/app-config.js';
import { RedisKeys } from '../common/redis/redis.js';
import { OutboxEntry, OutboxEntrySchema } from './outbox/outbox.schema.js';
import { OutboxService } from './outbox/outbox.service.js';
import { QueueService } from './queue.service.js';
import { QueueName } from './queue.types.js';
import { WorkerPresenceService } from './worker-presence.service.js';

const DAY_SECONDS = 24 * 60 * 60;

/** BullMQ wiring and the outbox, shared by the API (producer) and the worker (consumer). */
@Module({
  imports: [
    BullModule.forRootAsync({
      inject: [AppConfig, RedisKeys],
      useFactory: (config: AppConfig, keys: RedisKeys) => ({
        // Workers block on Redis and must never give up a command: BullMQ requires null here.
        connection: { url: config.REDIS_URL, maxRetriesPerRequest: null },
        prefix: keys.bull,
        defaultJobOptions: {
          attempts: 5,
          backoff: { type: 'exponential', delay: 1_000 },
          removeOnComplete: { count: config.QUEUE_KEEP_COMPLETED, age: 7 * DAY_SECONDS },
          removeOnFail: { count: config.QUEUE_KEEP_FAILED, age: 30 * DAY_SECONDS },
        },
      }),
    }),
    BullModule.registerQueue(...Object.values(QueueName).map((name) => ({ name }))),
    MongooseModule.forFeature([{ name: OutboxEntry.name, schema: OutboxEntrySchema }]),
  ],
  providers: [QueueService, WorkerPresenceService, OutboxService],
  exports: [QueueService, WorkerPresenceService, OutboxService, BullModule],
})
export class QueuesModule {}
