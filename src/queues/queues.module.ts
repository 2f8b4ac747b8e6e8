import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { AppConfig } from '../config/app-config.js';
import { QUEUE_REDIS } from '../common/core.module.js';
import { type RedisClient, RedisKeys } from '../common/redis/redis.js';
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
      inject: [AppConfig, QUEUE_REDIS],
      useFactory: (config: AppConfig, redis: RedisClient) => ({
        // One client for every queue of this process (a Cluster, Sentinel group or one node);
        // workers duplicate it for their blocking reads. It never gives up a command.
        connection: redis,
        defaultJobOptions: {
          attempts: 5,
          backoff: { type: 'exponential', delay: 1_000 },
          removeOnComplete: { count: config.QUEUE_KEEP_COMPLETED, age: 7 * DAY_SECONDS },
          removeOnFail: { count: config.QUEUE_KEEP_FAILED, age: 30 * DAY_SECONDS },
        },
      }),
    }),
    // Each queue's keys under a hash tag of its own: one Cluster slot per queue, as BullMQ requires.
    ...Object.values(QueueName).map((name) => BullModule.registerQueueAsync({ name, inject: [RedisKeys], useFactory: (keys: RedisKeys) => ({ prefix: keys.bull(name) }) })),
    MongooseModule.forFeature([{ name: OutboxEntry.name, schema: OutboxEntrySchema }]),
  ],
  providers: [QueueService, WorkerPresenceService, OutboxService],
  exports: [QueueService, WorkerPresenceService, OutboxService, BullModule],
})
export class QueuesModule {}
