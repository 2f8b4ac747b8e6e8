// Process-wide infrastructure every module may inject: the validated configuration, the
// logger, our Redis client and key names, and the metrics registry.
import { type DynamicModule, Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { AppConfig } from '../config/app-config.js';
import { MetricsService } from './metrics/metrics.service.js';
import { createRedisClient, RedisKeys } from './redis/redis.js';

export const LOGGER = Symbol('LOGGER');
export const REDIS = Symbol('REDIS');

@Global()
@Module({})
export class CoreModule implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  static forRoot(config: AppConfig, logger: Logger, processName: 'api' | 'worker'): DynamicModule {
    return {
      module: CoreModule,
      providers: [
        { provide: AppConfig, useValue: config },
        { provide: LOGGER, useValue: logger },
        { provide: REDIS, useFactory: () => createRedisClient(config, `crowdhire-${processName}`) },
        { provide: RedisKeys, useValue: new RedisKeys(config.REDIS_KEY_PREFIX) },
        MetricsService,
      ],
      exports: [AppConfig, LOGGER, REDIS, RedisKeys, MetricsService],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
