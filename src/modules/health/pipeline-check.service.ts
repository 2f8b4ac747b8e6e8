import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { Intents } from '../../queues/job-intents.js';
import { OutboxService } from '../../queues/outbox/outbox.service.js';
import type { JobOutcome } from '../../queues/queue.types.js';
import { PipelineCheck } from './pipeline-check.schema.js';

@Injectable()
export class PipelineCheckService {
  constructor(
    @InjectModel(PipelineCheck.name) private readonly checks: Model<PipelineCheck>,
    private readonly outbox: OutboxService,
  ) {}

  /** Records a check and queues it; the worker completes it. */
  async request(): Promise<PipelineCheck> {
    const id = randomUUID();
    const check = await this.outbox.afterWrite([Intents.pipelineCheck(id)], () => this.checks.create({ _id: id, status: 'queued', requestedAt: new Date() }));
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
