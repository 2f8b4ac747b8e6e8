import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { MultipartFile } from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import type { Model } from 'mongoose';
import { DomainError } from '../../common/errors/domain-error.js';
import { keyset, type Page, toPage } from '../../common/pagination/cursor.js';
import { AppConfig } from '../../config/app-config.js';
import { Intents } from '../../queues/job-intents.js';
import { OutboxService } from '../../queues/outbox/outbox.service.js';
import { isAdmin, isOwner } from '../auth/access.js';
import type { Principal } from '../auth/roles.js';
import { type CandidateDataContributor, CandidatesService } from '../candidates/candidates.service.js';
import { detectCvType, MEDIA_TYPES } from './file-type.js';
import { ObjectStorage } from '../storage/object-storage.js';
import { Upload, type UploadStatus } from './upload.schema.js';
import { toUploadView, type UploadView } from './upload.view.js';
import { ErrorCode } from '../../common/errors/error-codes.js';

/** The multipart part that carries the CV. */
const FILE_FIELD = 'file';
/** Room for the multipart envelope around the file itself. */
const ENVELOPE_BYTES = 64 * 1024;


/** A client's file name for display: its last path segment, printable, bounded. */
export function displayName(name: string | undefined): string | undefined {
  const base = (name ?? '').split(/[\\/]/).pop()?.replace(/[^\p{L}\p{N} ._()-]/gu, '_').slice(0, 200);
  return base || undefined;
}

@Injectable()
export class UploadsService implements OnModuleInit, CandidateDataContributor {
  readonly section = 'uploads';

  constructor(
    @InjectModel(Upload.name) private readonly uploads: Model<Upload>,
    private readonly storage: ObjectStorage,
    private readonly candidates: CandidatesService,
    private readonly outbox: OutboxService,
    private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.candidates.addContributor(this);
  }

  private tooLarge(): DomainError {
    return new DomainError(ErrorCode.FILE_TOO_LARGE, `A CV may be at most ${this.config.UPLOAD_MAX_BYTES} bytes`, { maxBytes: this.config.UPLOAD_MAX_BYTES });
  }

  /**
   * What went wrong while reading the multipart body: the client's (a body that ends early,
   * a malformed envelope, a file over the cap) unless the disk failed us.
   */
  private multipartError(error: unknown): unknown {
    if (error instanceof DomainError) return error;
    const { code, syscall } = error as { code?: string; syscall?: string };
    if (code === 'FST_REQ_FILE_TOO_LARGE') return this.tooLarge();
    if (syscall && !['read', 'recv'].includes(syscall)) return error;
    return new DomainError(ErrorCode.MULTIPART_INVALID, 'The multipart body is malformed or ends before its closing boundary');
  }

  /**
   * One CV per request: a second file part is refused rather than dropped unseen. Reads the rest
   * of the body (bounded by the parser's limits) to find out.
   */
  private async requireNoMoreFiles(files: AsyncIterator<MultipartFile>): Promise<void> {
    let next: IteratorResult<MultipartFile>;
    try {
      next = await files.next();
    } catch (error) {
      if ((error as { code?: string }).code === 'FST_FILES_LIMIT') throw this.tooManyFiles();
      throw this.multipartError(error);
    }
    if (!next.done) {
      next.value.file.resume();
      throw this.tooManyFiles();
    }
  }

  private tooManyFiles(): DomainError {
    return new DomainError(ErrorCode.TOO_MANY_FILES, 'Send one CV per request: the body holds more than one file');
  }

  /**
   * Streams the file to a temporary file while hashing it (never the whole body in memory),
   * decides its type by content, stores it once per content hash, and queues processing.
   */
  async receive(principal: Principal, candidateId: string, request: FastifyRequest): Promise<UploadView> {
    await this.candidates.requireOwned(principal, candidateId);
    const declared = Number(request.headers['content-length']);
    if (Number.isFinite(declared) && declared > this.config.UPLOAD_MAX_BYTES + ENVELOPE_BYTES) throw this.tooLarge();
    if (!request.isMultipart()) throw new DomainError(ErrorCode.MULTIPART_REQUIRED, 'Send the CV as multipart/form-data with a "file" part');
    const files = request.files({ limits: { fileSize: this.config.UPLOAD_MAX_BYTES, files: 1, fields: 5, parts: 6 } });
    const first = await files.next().catch((error: unknown) => {
      throw this.multipartError(error);
    });
    const part = first.done ? undefined : first.value;
    if (!part) throw new DomainError(ErrorCode.FILE_REQUIRED, 'The request has no file part');
    if (part.fieldname !== FILE_FIELD) {
      part.file.resume();
      throw new DomainError(ErrorCode.FILE_REQUIRED, `The file part must be named "${FILE_FIELD}"`);
    }

    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'crowdhire-upload-'));
    const tmp = path.join(dir, 'file');
    try {
      const hash = createHash('sha256');
      let size = 0;
      const meter = new Transform({
        transform(chunk: Buffer, _enc, done) {
          size += chunk.length;
          hash.update(chunk);
          done(null, chunk);
        },
      });
      try {
        await pipeline(part.file, meter, createWriteStream(tmp));
      } catch (error) {
        throw this.multipartError(error);
      }
      if (part.file.truncated) throw this.tooLarge();
      await this.requireNoMoreFiles(files);
      if (size === 0) throw new DomainError(ErrorCode.FILE_EMPTY, 'The file is empty');
      const type = detectCvType(await fs.readFile(tmp));
      if (!type) throw new DomainError(ErrorCode.UNSUPPORTED_FILE_TYPE, 'Only PDF, DOCX and plain-text CVs are accepted (decided by the file content)');
      const sha256 = hash.digest('hex');
      const storageKey = `cv/${sha256}`;
      await this.storage.putFile(storageKey, tmp, MEDIA_TYPES[type]);
      const id = randomUUID();
      // Processing is recorded with the write: a 202 means it will happen, whatever Redis does.
      const upload = await this.outbox.afterWrite([Intents.processCv(id)], () => this.uploads.create({
        _id: id,
        candidateId,
        ownerId: principal.userId,
        sha256,
        storageKey,
        size,
        type,
        mediaType: MEDIA_TYPES[type],
        fileName: displayName(part.filename),
        status: 'queued',
        progress: 0,
      }));
      return toUploadView(upload.toObject());
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  }

  async get(principal: Principal, id: string): Promise<UploadView> {
    const upload = await this.uploads.findById(id).lean<Upload>().exec();
    if (!upload || !(isAdmin(principal) || isOwner(principal, upload.ownerId))) throw DomainError.notFound(ErrorCode.UPLOAD_NOT_FOUND, 'Upload');
    return toUploadView(upload);
  }

  /** An admin's second chance for a failed upload: queued again from the start. */
  async retry(id: string): Promise<UploadView> {
    const upload = await this.outbox.afterWrite([Intents.processCv(id)], () =>
      this.uploads
        .findOneAndUpdate({ _id: id, status: 'failed' }, { $set: { status: 'queued', progress: 0 }, $unset: { failureReason: 1, failureMessage: 1 } }, { returnDocument: 'after' })
        .lean<Upload>()
        .exec(),
    );
    if (!upload) {
      if (!(await this.uploads.exists({ _id: id }).exec())) throw DomainError.notFound(ErrorCode.UPLOAD_NOT_FOUND, 'Upload');
      throw new DomainError(ErrorCode.UPLOAD_NOT_FAILED, 'Only a failed upload can be retried');
    }
    return toUploadView(upload);
  }

  /** For admins: every upload, or those in one state (failures first of all). */
  async list(status: UploadStatus | undefined, limit: number, cursor?: string, candidateId?: string): Promise<Page<UploadView>> {
    const page = keyset({ field: 'createdAt', direction: -1 }, cursor);
    const rows = await this.uploads.find({ $and: [status ? { status } : {}, candidateId ? { candidateId } : {}, page.filter] }).sort(page.sort).limit(limit + 1).lean<Upload[]>().exec();
    return toPage(rows, limit, 'createdAt', toUploadView);
  }

  async exportData(candidateId: string): Promise<unknown> {
    const rows = await this.uploads.find({ candidateId }).sort({ createdAt: 1 }).lean<Upload[]>().exec();
    return rows.map(toUploadView);
  }

  /** Deletes the person's uploads, and each stored file no other upload still uses. */
  async erase(candidateId: string): Promise<void> {
    const rows = await this.uploads.find({ candidateId }).lean<Upload[]>().exec();
    await this.uploads.deleteMany({ candidateId }).exec();
    for (const key of new Set(rows.map((r) => r.storageKey))) {
      if (!(await this.uploads.exists({ storageKey: key }).exec())) await this.storage.delete(key);
    }
  }
}
