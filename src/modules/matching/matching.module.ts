// Matching: the scoring engine over the skills module's taxonomy, stored rankings per job and candidate,
// the AI check of submissions and models fitted on employers' decisions. The API reads
// results and turns writes into queued work; the worker computes (see src/workers/matching).
import { WebhooksModule } from '../webhooks/webhooks.module.js';
import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { QueuesModule } from '../../queues/queues.module.js';
import { CandidatesModule } from '../candidates/candidates.module.js';
import { SkillsModule } from '../skills/skills.module.js';
import { StorageModule } from '../storage/storage.module.js';
import { JobsModule } from '../jobs/jobs.module.js';
import { SubmissionsModule } from '../submissions/submissions.module.js';
import { MatchRunsService } from './match-runs.service.js';
import { MatchesService } from './matches.service.js';
import { MatchingIndexService } from './matching-index.service.js';
import { MatchingController } from './matching.controller.js';
import { FittedModel, FittedModelSchema, MatchRun, MatchRunSchema, RankingSnapshot, RankingSnapshotSchema } from './matching.schema.js';
import { RankingSnapshotsService } from './ranking-snapshots.service.js';
import { ScoringModelsService } from './scoring-models.service.js';

@Module({
  imports: [
    MongooseModule.forFeature([
      { name: MatchRun.name, schema: MatchRunSchema },
      { name: FittedModel.name, schema: FittedModelSchema },
      { name: RankingSnapshot.name, schema: RankingSnapshotSchema },
    ]),
    QueuesModule,
    JobsModule,
    CandidatesModule,
    SubmissionsModule,
    SkillsModule,
    WebhooksModule,
    StorageModule,
  ],
  controllers: [MatchingController],
  providers: [MatchesService, ScoringModelsService, MatchRunsService, MatchingIndexService, RankingSnapshotsService],
  exports: [MatchRunsService, ScoringModelsService],
})
export class MatchingModule {}
