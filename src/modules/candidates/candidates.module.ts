// Candidates: the people sourcers find, with contact details visible only to the owner, admins
// and employers they were delivered to; duplicate fingerprints; export and erasure. Owns the
// candidates collection; profiles are cached.
import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { SequencesModule } from '../../common/mongo/change-sequence.js';
import { QueuesModule } from '../../queues/queues.module.js';
import { Candidate, CandidateSchema } from './candidate.schema.js';
import { CandidatesController } from './candidates.controller.js';
import { CandidatesService } from './candidates.service.js';

@Module({
  imports: [MongooseModule.forFeature([{ name: Candidate.name, schema: CandidateSchema }]), QueuesModule, SequencesModule],
  controllers: [CandidatesController],
  providers: [CandidatesService],
  exports: [CandidatesService],
})
export class CandidatesModule {}
