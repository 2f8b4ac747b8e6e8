// The worker process's root module: the same infrastructure as the API, the queue processors
// and every job handler. It serves no HTTP.
import { type DynamicModule, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import type { Logger } from 'pino';
import { ReadCacheModule } from '../common/cache/read-cache.module.js';
import { CoreModule } from '../common/core.module.js';
import type { AppConfig } from '../config/app-config.js';
import { DatabaseModule } from '../database.module.js';
import { HealthModule } from '../modules/health/health.module.js';
import { MatchingModule } from '../modules/matching/matching.module.js';
import { PaymentsModule } from '../modules/payments/payments.module.js';
import { UploadsModule } from '../modules/uploads/uploads.module.js';
import { QueuesModule } from '../queues/queues.module.js';
import { HeartbeatService } from './heartbeat.service.js';
import { JobHandlerRegistry } from './job-handlers.js';
import { JobRunner, QUEUE_PROCESSORS } from './queue.processors.js';
import { CvHandler } from './files/cv.handler.js';
import { MatchingHandlers } from './matching/matching.handlers.js';
import { PayoutHandler } from './payments/payout.handler.js';
import { PipelineCheckHandler } from './system/pipeline-check.handler.js';

@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig, logger: Logger): DynamicModule {
    return {
      module: WorkerModule,
      imports: [CoreModule.forRoot(config, logger, 'worker'), DatabaseModule, ReadCacheModule, DiscoveryModule, QueuesModule, HealthModule, MatchingModule, UploadsModule, PaymentsModule],
      providers: [JobHandlerRegistry, JobRunner, HeartbeatService, ...QUEUE_PROCESSORS, PipelineCheckHandler, MatchingHandlers, CvHandler, PayoutHandler],
    };
  }
}
