import { type DynamicModule, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import type { Logger } from 'pino';
import { ReadCacheModule } from './common/cache/read-cache.module.js';
import { CoreModule, REDIS } from './common/core.module.js';
import { type RedisClient, RedisKeys } from './common/redis/redis.js';
import { RateLimitGuard } from './common/throttling/rate-limit.guard.js';
import { rateLimitOptions } from './common/throttling/rate-limits.js';
import { RedisThrottlerStorage } from './common/throttling/redis-throttler.storage.js';
import { AppConfig } from './config/app-config.js';
import { DatabaseModule } from './database.module.js';
import { JwtAuthGuard } from './modules/auth/auth.guard.js';
import { AdminModule } from './modules/admin/admin.module.js';
import { AuditModule } from './modules/audit/audit.module.js';
import { AuthModule } from './modules/auth/auth.module.js';
import { CandidatesModule } from './modules/candidates/candidates.module.js';
import { CompaniesModule } from './modules/companies/companies.module.js';
import { HealthModule } from './modules/health/health.module.js';
import { JobsModule } from './modules/jobs/jobs.module.js';
import { MetaModule } from './modules/meta/meta.module.js';
import { MatchingModule } from './modules/matching/matching.module.js';
import { PaymentsModule } from './modules/payments/payments.module.js';
import { SubmissionsModule } from './modules/submissions/submissions.module.js';
import { UploadsModule } from './modules/uploads/uploads.module.js';
import { WebhooksModule } from './modules/webhooks/webhooks.module.js';
import { QueuesModule } from './queues/queues.module.js';

/** The API process's root module. */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig, logger: Logger): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreModule.forRoot(config, logger, 'api'),
        DiscoveryModule,
        DatabaseModule,
        ReadCacheModule,
        QueuesModule,
        ThrottlerModule.forRootAsync({
          inject: [AppConfig, REDIS, RedisKeys],
          useFactory: (cfg: AppConfig, redis: RedisClient, keys: RedisKeys) => rateLimitOptions(cfg, new RedisThrottlerStorage(redis, keys)),
        }),
        HealthModule,
        AuditModule,
        AuthModule.forRoot(config),
        CompaniesModule,
        JobsModule,
        CandidatesModule,
        SubmissionsModule,
        MatchingModule,
        UploadsModule,
        PaymentsModule,
        AdminModule,
        MetaModule,
        WebhooksModule,
      ],
      // The rate limit and the token check, installed per route by createApi (route-guards.ts),
      // which finds the routes through discovery.
      providers: [RateLimitGuard, JwtAuthGuard],
    };
  }
}
