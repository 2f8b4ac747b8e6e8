// Process-wide infrastructure every module may inject: the validated configuration, the
// logger, our Redis clients and key names, and the metrics registry.
import { type DynamicModule, Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';
import { AppConfig } from '../config/app-config.js';
import { MetricsService } from './metrics/metrics.service.js';
import { createRedis, type RedisClient, RedisKeys, topologyFor } from './redis/redis.js';

export const LOGGER = Symbol('LOGGER');
/** The cache's Redis: read cache, fences, rate limits. It may evict keys. */
export const REDIS = Symbol('REDIS');
/** The queues' Redis: BullMQ and the fleet's heartbeats. It must not evict keys. */
export const QUEUE_REDIS = Symbol('QUEUE_REDIS');

@Global()
@Module({})
export class CoreModule implements OnApplicationShutdown {
  constructor(
    @Inject(REDIS) private readonly redis: RedisClient,
    @Inject(QUEUE_REDIS) private readonly queueRedis: RedisClient,
  ) {}

  static forRoot(config: AppConfig, logger: Logger, processName: 'api' | 'worker'): DynamicModule {
    return {
      module: CoreModule,
      providers: [
        { provide: AppConfig, useValue: config },
        { provide: LOGGER, useValue: logger },
        { provide: REDIS, useFactory: () => createRedis(topologyFor(config, 'cache'), { name: `crowdhire-${processName}`, forQueues: false }) },
        { provide: QUEUE_REDIS, useFactory: () => createRedis(topologyFor(config, 'queues'), { name: `crowdhire-${processName}-queues`, forQueues: true }) },
        { provide: RedisKeys, useValue: new RedisKeys(config.REDIS_KEY_PREFIX) },
        MetricsService,
      ],
      exports: [AppConfig, LOGGER, REDIS, QUEUE_REDIS, RedisKeys, MetricsService],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([this.redis, this.queueRedis].map((client) => client.quit().catch(() => client.disconnect())));
  }
}
