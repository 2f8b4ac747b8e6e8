import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { AppConfig } from '../../config/app-config.js';
import { QueueService } from '../../queues/queue.service.js';
import { Intents } from '../../queues/job-intents.js';
import { OutboxService } from '../../queues/outbox/outbox.service.js';
import { JobName, type JobOutcome } from '../../queues/queue.types.js';
import { CandidatesService } from '../candidates/candidates.service.js';
import { SkillsService } from '../skills/skills.service.js';
import { parseCv } from './cv/cv-parser.js';
import { CvExtractionError } from './cv/extract-errors.js';
import { ExtractionPool } from './cv/extraction-pool.js';
import { ObjectStorage } from '../storage/object-storage.js';
import { Upload } from './upload.schema.js';

const PROGRESS_EVERY_MS = 500;

/**
 * The worker's side of an upload: extract, parse, merge into the candidate (which queues
 * matching). Idempotent: a re-run after a crash reaches the same state, and `processed` is
 * recorded once. A file that cannot be read fails for good; anything else is retried.
 */
@Injectable()
export class CvProcessorService {
  constructor(
    @InjectModel(Upload.name) private readonly uploads: Model<Upload>,
    private readonly storage: ObjectStorage,
    private readonly candidates: CandidatesService,
    private readonly queues: QueueService,
    private readonly outbox: OutboxService,
    private readonly config: AppConfig,
    private readonly skills: SkillsService,
    private readonly extraction: ExtractionPool,
  ) {}

  /**
   * Records an upload's progress. The extraction thread reports at most once per
   * PROGRESS_EVERY_MS: a file read in a few milliseconds (most CVs) writes none before it is
   * done; a long one still shows it moving.
   */
  private async recordProgress(id: string, value: number): Promise<void> {
    await this.uploads.updateOne({ _id: id, status: 'processing' }, { $max: { progress: Math.round(value) } }).exec();
  }

  private async fail(id: string, reason: string, message: string): Promise<JobOutcome> {
    await this.markFailed(id, reason, message);
    return { status: 'failed', reason: `${reason}: ${message}`, retry: false };
  }

  /** Settles an upload as failed (unless it was processed meanwhile); an admin can retry it. */
  async markFailed(id: string, reason: string, message: string): Promise<void> {
    await this.uploads.updateOne({ _id: id, status: { $in: ['queued', 'processing'] } }, { $set: { status: 'failed', failureReason: reason, failureMessage: message.slice(0, 500) } }).exec();
  }

  /**
   * Uploads that have waited longer than `staleMs` while their job is gone or failed at the
   * queue level (stalled past the limit after worker crashes, out of attempts, or never
   * queued because Redis failed): the failed ones are settled with the queue's reason, the
   * missing ones queued again. Uploads whose job is still waiting or running are left alone.
   */
  async reconcile(staleMs: number, now = Date.now()): Promise<JobOutcome> {
    const stale = await this.uploads
      .find({ status: { $in: ['queued', 'processing'] }, updatedAt: { $lt: new Date(now - staleMs) } }, { _id: 1, jobId: 1 })
      .limit(500)
      .lean<Pick<Upload, '_id' | 'jobId'>[]>()
      .exec();
    let failed = 0;
    let requeued = 0;
    for (const { _id, jobId } of stale) {
      // The job that last took it up (it ended, maybe as a failure) or, before that, the queued one.
      const job = await this.queues.jobState(JobName.ProcessCv, jobId ? { id: jobId } : Intents.processCv(_id));
      if (job.state === 'failed') {
        const stalled = /stalled/i.test(job.failedReason ?? '');
        await this.markFailed(_id, stalled ? 'STALLED' : 'PROCESSING_FAILED', stalled ? 'Processing stopped repeatedly (the worker crashed on this file); an admin can retry it' : (job.failedReason ?? 'Processing failed'));
        failed++;
      } else if (job.state === 'missing' || job.state === 'completed') {
        await this.outbox.trigger(Intents.processCv(_id));
        requeued++;
      }
    }
    return { status: 'done', result: { checked: stale.length, failed, requeued } };
  }

  async process(uploadId: string, jobId?: string): Promise<JobOutcome> {
    const started = await this.uploads
      .findOneAndUpdate({ _id: uploadId, status: { $in: ['queued', 'processing'] } }, { $set: { status: 'processing', ...(jobId ? { jobId } : {}) }, $inc: { attempts: 1 } }, { returnDocument: 'after' })
      .lean<Upload>()
      .exec();
    if (!started) {
      const upload = await this.uploads.findById(uploadId, { status: 1 }).lean<Upload>().exec();
      return { status: 'skipped', reason: upload ? `already ${upload.status}` : 'upload not found' };
    }
    const file = await this.storage.read(started.storageKey);
    let extracted;
    try {
      extracted = await this.extraction.extract(
        file,
        started.type,
        {
          maxPages: this.config.CV_MAX_PAGES,
          maxChars: this.config.CV_MAX_CHARS,
          maxSeconds: this.config.CV_MAX_SECONDS,
          maxUncompressedBytes: this.config.DOCX_MAX_UNCOMPRESSED_BYTES,
        },
        (fraction) => this.recordProgress(uploadId, 10 + 80 * fraction),
        PROGRESS_EVERY_MS,
      );
    } catch (error) {
      if (error instanceof CvExtractionError) return this.fail(uploadId, error.reason, error.message);
      throw error;
    }
    const parsed = parseCv(extracted.text, this.skills.skills, this.config.PHONE_DEFAULT_REGION);
    const merged = await this.candidates.applyParsedCv(started.candidateId, uploadId, extracted.text, parsed);
    if (merged === 'gone') return this.fail(uploadId, 'CANDIDATE_GONE', 'The candidate was erased or deleted');
    const result = {
      pages: extracted.pages,
      characters: extracted.text.length,
      truncated: extracted.truncated,
      skills: parsed.skills.length,
      emails: parsed.emails.length,
      experience: parsed.experience.length,
    };
    const done = await this.uploads
      .updateOne({ _id: uploadId, status: 'processing' }, { $set: { status: 'processed', progress: 100, result, processedAt: new Date() }, $inc: { completions: 1 } })
      .exec();
    return done.modifiedCount === 1 ? { status: 'done', result } : { status: 'skipped', reason: 'already processed' };
  }
}
