// Submissions: sourcers put candidates forward for published jobs; ownership of a person per
// company (first accepted submission wins for OWNERSHIP_WINDOW_DAYS), caps by quality score,
// and the pipeline with every move recorded. Owns submissions, ownership claims and slots.
import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { QueuesModule } from '../../queues/queues.module.js';
import { UsersModule } from '../auth/users.module.js';
import { WebhooksModule } from '../webhooks/webhooks.module.js';
import { CandidatesModule } from '../candidates/candidates.module.js';
import { JobsModule } from '../jobs/jobs.module.js';
import { OwnershipService } from './ownership.service.js';
import { SourcerStatsService } from './sourcer-stats.service.js';
import { SourcersController } from './sourcers.controller.js';
import { OwnershipClaim, OwnershipClaimSchema, Submission, SubmissionSchema, SubmissionSlots, SubmissionSlotsSchema } from './submission.schema.js';
import { SubmissionsController } from './submissions.controller.js';
import { SubmissionsService } from './submissions.service.js';

@Module({
  imports: [
    MongooseModule.forFeature([
      { name: Submission.name, schema: SubmissionSchema },
      { name: OwnershipClaim.name, schema: OwnershipClaimSchema },
      { name: SubmissionSlots.name, schema: SubmissionSlotsSchema },
    ]),
    JobsModule,
    CandidatesModule,
    UsersModule,
    QueuesModule,
    WebhooksModule,
  ],
  controllers: [SubmissionsController, SourcersController],
  providers: [SubmissionsService, OwnershipService, SourcerStatsService],
  exports: [SubmissionsService, SourcerStatsService],
})
export class SubmissionsModule {}
