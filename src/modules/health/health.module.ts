// Operational endpoints: liveness, readiness, Prometheus metrics, and the pipeline check
// (owns the pipeline_checks collection).
import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { QueuesModule } from '../../queues/queues.module.js';
import { HealthController } from './health.controller.js';
import { HealthService } from './health.service.js';
import { MetricsAccess } from './metrics-access.js';
import { MetricsController } from './metrics.controller.js';
import { PipelineCheck, PipelineCheckSchema } from './pipeline-check.schema.js';
import { PipelineCheckService } from './pipeline-check.service.js';
import { ShutdownState } from './shutdown-state.js';

@Module({
  imports: [QueuesModule, MongooseModule.forFeature([{ name: PipelineCheck.name, schema: PipelineCheckSchema }])],
  controllers: [HealthController, MetricsController],
  providers: [HealthService, PipelineCheckService, ShutdownState, MetricsAccess],
  exports: [HealthService, PipelineCheckService, ShutdownState, MetricsAccess],
})
export class HealthModule {}
