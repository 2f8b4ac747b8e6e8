// CV uploads: streamed in, typed by content, stored once per content hash (local disk or S3),
// processed off the request path by the worker (queue `files`) into parsed candidate fields.
// Owns the uploads collection and the stored files.
import path from 'node:path';
import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { AppConfig } from '../../config/app-config.js';
import { QueuesModule } from '../../queues/queues.module.js';
import { CandidatesModule } from '../candidates/candidates.module.js';
import { CvProcessorService } from './cv-processor.service.js';
import { LocalDiskStorage } from './storage/local-disk.storage.js';
import { ObjectStorage } from './storage/object-storage.js';
import { createStorage } from './storage/s3.storage.js';
import { Upload, UploadSchema } from './upload.schema.js';
import { UploadsController } from './uploads.controller.js';
import { UploadsService } from './uploads.service.js';

@Module({
  imports: [MongooseModule.forFeature([{ name: Upload.name, schema: UploadSchema }]), CandidatesModule, QueuesModule],
  controllers: [UploadsController],
  providers: [
    { provide: ObjectStorage, inject: [AppConfig], useFactory: (config: AppConfig) => createStorage(config, () => new LocalDiskStorage(path.resolve(config.STORAGE_LOCAL_DIR))) },
    UploadsService,
    CvProcessorService,
  ],
  exports: [UploadsService, CvProcessorService],
})
export class UploadsModule {}
