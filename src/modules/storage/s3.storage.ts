import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { AppConfig } from '../../config/app-config.js';
import { ObjectStorage } from './object-storage.js';

/** An S3-compatible bucket (AWS, MinIO, R2...), endpoint and credentials from config. */
export class S3Storage extends ObjectStorage {
  readonly driver = 's3';
  private readonly client: S3Client;

  constructor(private readonly config: AppConfig) {
    super();
    this.client = new S3Client({
      region: config.S3_REGION,
      endpoint: config.S3_ENDPOINT || undefined,
      forcePathStyle: config.S3_FORCE_PATH_STYLE,
      credentials: config.S3_ACCESS_KEY_ID ? { accessKeyId: config.S3_ACCESS_KEY_ID, secretAccessKey: config.S3_SECRET_ACCESS_KEY } : undefined,
    });
  }

  async putFile(key: string, path: string, contentType: string): Promise<void> {
    if (await this.exists(key)) return;
    const { size } = await stat(path);
    await this.client.send(new PutObjectCommand({ Bucket: this.config.S3_BUCKET, Key: key, Body: createReadStream(path), ContentLength: size, ContentType: contentType }));
  }

  async putBytes(key: string, bytes: Uint8Array, contentType: string): Promise<void> {
    if (await this.exists(key)) return;
    await this.client.send(new PutObjectCommand({ Bucket: this.config.S3_BUCKET, Key: key, Body: bytes, ContentLength: bytes.length, ContentType: contentType }));
  }

  async exists(key: string): Promise<boolean> {
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.config.S3_BUCKET, Key: key }));
      return true;
    } catch (error) {
      if ((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) return false;
      throw error;
    }
  }

  async read(key: string): Promise<Buffer> {
    const result = await this.client.send(new GetObjectCommand({ Bucket: this.config.S3_BUCKET, Key: key }));
    return Buffer.from(await result.Body!.transformToByteArray());
  }

  async delete(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.config.S3_BUCKET, Key: key }));
  }
}

export function createStorage(config: AppConfig, local: () => ObjectStorage): ObjectStorage {
  return config.STORAGE_DRIVER === 's3' ? new S3Storage(config) : local();
}
