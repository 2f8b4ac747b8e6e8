import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { QueueService } from '../../queues/queue.service.js';
import { jobId, JobName, type JobOutcome } from '../../queues/queue.types.js';
import { PipelineCheck } from './pipeline-check.schema.js';

@Injectable()
export class PipelineCheckService {
  constructor(
    @InjectModel(PipelineCheck.name) private readonly checks: Model<PipelineCheck>,
    private readonly queues: QueueService,
  ) {}

  /** Records a check and queues it; the worker completes it. */
  async request(): Promise<PipelineCheck> {
    const check = await this.checks.create({ _id: randomUUID(), status: 'queued', requestedAt: new Date() });
    await this.queues.enqueue(JobName.PipelineCheck, { checkId: check._id }, { jobId: jobId(JobName.PipelineCheck, check._id) });
    return check.toObject();
  }

  find(checkId: string): Promise<PipelineCheck | null> {
    return this.checks.findById(checkId).lean<PipelineCheck>().exec();
  }

  /** Idempotent: completing twice keeps the first completion. */
  async complete(checkId: string, workerId: string): Promise<JobOutcome> {
    const updated = await this.checks
      .findOneAndUpdate({ _id: checkId, status: 'queued' }, { $set: { status: 'done', workerId, completedAt: new Date() } }, { returnDocument: 'after' })
      .lean<PipelineCheck>()
      .exec();
    if (updated) return { status: 'done', result: { checkId } };
    const existing = await this.find(checkId);
    return existing ? { status: 'skipped', reason: 'already completed' } : { status: 'failed', reason: 'check not found', retry: false };
  }
}
