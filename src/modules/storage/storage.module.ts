// Object storage behind one small interface: local disk by default, an S3-compatible bucket in
// production (STORAGE_DRIVER). Uploaded CVs and ranking index snapshots live here.
import path from 'node:path';
import { Module } from '@nestjs/common';
import { AppConfig } from '../../config/app-config.js';
import { LocalDiskStorage } from './local-disk.storage.js';
import { ObjectStorage } from './object-storage.js';
import { createStorage } from './s3.storage.js';

@Module({
  providers: [{ provide: ObjectStorage, inject: [AppConfig], useFactory: (config: AppConfig) => createStorage(config, () => new LocalDiskStorage(path.resolve(config.STORAGE_LOCAL_DIR))) }],
  exports: [ObjectStorage],
})
export class StorageModule {}
