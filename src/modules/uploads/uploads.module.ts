// CV uploads: streamed in, typed by content, stored once per content hash (local disk or S3),
// processed off the request path by the worker (queue `files`) into parsed candidate fields.
// Owns the uploads collection and the stored files.
import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { QueuesModule } from '../../queues/queues.module.js';
import { CandidatesModule } from '../candidates/candidates.module.js';
import { SkillsModule } from '../skills/skills.module.js';
import { AppConfig } from '../../config/app-config.js';
import { CvProcessorService } from './cv-processor.service.js';
import { ExtractionPool } from './cv/extraction-pool.js';
import { StorageModule } from '../storage/storage.module.js';
import { Upload, UploadSchema } from './upload.schema.js';
import { UploadsController } from './uploads.controller.js';
import { UploadsService } from './uploads.service.js';

@Module({
  imports: [MongooseModule.forFeature([{ name: Upload.name, schema: UploadSchema }]), CandidatesModule, QueuesModule, SkillsModule, StorageModule],
  controllers: [UploadsController],
  providers: [
    UploadsService,
    CvProcessorService,
    { provide: ExtractionPool, inject: [AppConfig], useFactory: (config: AppConfig) => new ExtractionPool({ threads: config.CV_THREADS, threadHeapMiB: config.CV_THREAD_HEAP_MIB }) },
  ],
  exports: [UploadsService, CvProcessorService, ExtractionPool],
})
export class UploadsModule {}
