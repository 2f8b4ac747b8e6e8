// The worker process's root module: the same infrastructure as the API, the processors of the
// queues this worker consumes (WORKER_QUEUES) and only the handlers and feature modules those
// need, so a files worker never builds a ranking index. It serves no API; a small health port
// of its own answers probes and scrapes (worker-health.server.ts).
import { type DynamicModule, Module, type Type } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import type { Logger } from 'pino';
import { ReadCacheModule } from '../common/cache/read-cache.module.js';
import { CoreModule } from '../common/core.module.js';
import type { AppConfig } from '../config/app-config.js';
import { DatabaseModule } from '../database.module.js';
import { AuditModule } from '../modules/audit/audit.module.js';
import { HealthModule } from '../modules/health/health.module.js';
import { MatchingModule } from '../modules/matching/matching.module.js';
import { PaymentsModule } from '../modules/payments/payments.module.js';
import { SubmissionsModule } from '../modules/submissions/submissions.module.js';
import { UploadsModule } from '../modules/uploads/uploads.module.js';
import { OutboxRelay } from '../queues/outbox/outbox-relay.service.js';
import { QueueName } from '../queues/queue.types.js';
import { QueuesModule } from '../queues/queues.module.js';
import { CvHandler } from './files/cv.handler.js';
import { HeartbeatService } from './heartbeat.service.js';
import { CONSUMED_QUEUES, JobHandlerRegistry } from './job-handlers.js';
import { MatchingHandlers } from './matching/matching.handlers.js';
import { PaymentsHandlers } from './payments/payments.handlers.js';
import { JobRunner, QUEUE_PROCESSORS } from './queue.processors.js';
import { Schedules } from './schedules.service.js';
import { PipelineCheckHandler } from './system/pipeline-check.handler.js';
import { WebhooksHandler } from './system/webhooks.handler.js';
import { WebhooksModule } from '../modules/webhooks/webhooks.module.js';

/** What consuming each queue takes: its handlers and the feature modules they use. */
const ROLES: Record<QueueName, { handlers: Type[]; imports: Type[] }> = {
  [QueueName.System]: { handlers: [PipelineCheckHandler, WebhooksHandler], imports: [WebhooksModule] },
  [QueueName.Matching]: { handlers: [MatchingHandlers], imports: [MatchingModule] },
  [QueueName.Files]: { handlers: [CvHandler], imports: [UploadsModule] },
  [QueueName.Payments]: { handlers: [PaymentsHandlers], imports: [PaymentsModule, SubmissionsModule] },
};

@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig, logger: Logger): DynamicModule {
    const queues = config.WORKER_QUEUES;
    return {
      module: WorkerModule,
      imports: [
        CoreModule.forRoot(config, logger, 'worker'),
        DatabaseModule,
        ReadCacheModule,
        DiscoveryModule,
        QueuesModule,
        HealthModule,
        // Loaded modules' controllers mark admin routes @Audited; its interceptor needs the log.
        AuditModule,
        ...new Set(queues.flatMap((q) => ROLES[q].imports)),
      ],
      providers: [
        { provide: CONSUMED_QUEUES, useValue: queues },
        JobHandlerRegistry,
        JobRunner,
        HeartbeatService,
        OutboxRelay,
        Schedules,
        ...queues.map((q) => QUEUE_PROCESSORS[q]),
        ...queues.flatMap((q) => ROLES[q].handlers),
      ],
    };
  }
}
