// Jobs: employers write their company's jobs and move them draft -> published -> paused ->
// closed; sourcers search the published ones. Owns the jobs collection; reads are cached.
import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { SequencesModule } from '../../common/mongo/change-sequence.js';
import { QueuesModule } from '../../queues/queues.module.js';
import { SkillsModule } from '../skills/skills.module.js';
import { Job, JobSchema } from './job.schema.js';
import { JobsController } from './jobs.controller.js';
import { JobsService } from './jobs.service.js';

@Module({
  imports: [MongooseModule.forFeature([{ name: Job.name, schema: JobSchema }]), QueuesModule, SequencesModule, SkillsModule],
  controllers: [JobsController],
  providers: [JobsService],
  exports: [JobsService],
})
export class JobsModule {}
