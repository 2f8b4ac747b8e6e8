// The admin dashboard's API (/v1/admin/*): platform figures from aggregation pipelines, queues
// with retry and removal, and system health. The dashboard itself is apps/admin.
import { Module } from '@nestjs/common';
import { QueuesModule } from '../../queues/queues.module.js';
import { UsersModule } from '../auth/users.module.js';
import { CandidatesModule } from '../candidates/candidates.module.js';
import { CompaniesModule } from '../companies/companies.module.js';
import { HealthModule } from '../health/health.module.js';
import { JobsModule } from '../jobs/jobs.module.js';
import { PaymentsModule } from '../payments/payments.module.js';
import { SubmissionsModule } from '../submissions/submissions.module.js';
import { AdminController } from './admin.controller.js';
import { AdminService } from './admin.service.js';
import { QueueBoardModule } from './queue-board.js';

@Module({
  imports: [QueuesModule, UsersModule, CandidatesModule, CompaniesModule, HealthModule, JobsModule, PaymentsModule, SubmissionsModule, QueueBoardModule],
  controllers: [AdminController],
  providers: [AdminService],
})
export class AdminModule {}
