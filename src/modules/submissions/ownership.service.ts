import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { AppConfig } from '../../config/app-config.js';
import { OwnershipClaim, Submission, SubmissionSlots } from './submission.schema.js';

const DUPLICATE_KEY = 11000;
const isDuplicate = (error: unknown) => (error as { code?: number }).code === DUPLICATE_KEY;
const DAY_MS = 24 * 60 * 60 * 1000;
/** A claim whose submission never got written (the process died in between) is free after this. */
const ORPHAN_AFTER_MS = 60_000;

export interface ClaimRequest {
  companyId: string;
  fingerprints: string[];
  sourcerId: string;
  candidateId: string;
  submissionId: string;
}

/**
 * Ownership of people per company, and sourcers' open slots per job. No transactions here:
 * each step is one atomic document write on a unique key, and a failed sequence undoes the
 * steps it made.
 */
@Injectable()
export class OwnershipService {
  constructor(
    @InjectModel(OwnershipClaim.name) private readonly claims: Model<OwnershipClaim>,
    @InjectModel(SubmissionSlots.name) private readonly slots: Model<SubmissionSlots>,
    @InjectModel(Submission.name) private readonly submissions: Model<Submission>,
    private readonly config: AppConfig,
  ) {}

  /** Takes one of the sourcer's open slots on the job; false when they are at their cap. */
  async reserveSlot(sourcerId: string, jobId: string, cap: number): Promise<boolean> {
    const _id = `${sourcerId}:${jobId}`;
    try {
      // Matches only below the cap; at the cap the upsert collides with the existing _id.
      await this.slots.updateOne({ _id, open: { $lt: cap } }, { $inc: { open: 1 } }, { upsert: true }).exec();
      return true;
    } catch (error) {
      if (!isDuplicate(error)) throw error;
      // The collision also happens when two first submissions race to create the document:
      // it exists now, so ask again without inserting. Only a full document refuses.
      const retried = await this.slots.updateOne({ _id, open: { $lt: cap } }, { $inc: { open: 1 } }).exec();
      return retried.modifiedCount === 1;
    }
  }

  async releaseSlot(sourcerId: string, jobId: string): Promise<void> {
    await this.slots.updateOne({ _id: `${sourcerId}:${jobId}`, open: { $gt: 0 } }, { $inc: { open: -1 } }).exec();
  }

  /**
   * Claims every fingerprint of the person for the company, in sorted order so two racing
   * submissions meet on the same first key. True when this sourcer now represents the person
   * (or already did); false when someone else does, with nothing left claimed.
   */
  async claim(request: ClaimRequest, now = new Date()): Promise<boolean> {
    const taken: string[] = [];
    for (const fingerprint of request.fingerprints) {
      const id = `${request.companyId}:${fingerprint}`;
      const outcome = await this.claimOne(id, request, now);
      if (outcome === 'taken') taken.push(id);
      if (outcome === 'refused') {
        if (taken.length > 0) await this.claims.deleteMany({ _id: { $in: taken }, submissionId: request.submissionId }).exec();
        return false;
      }
    }
    return true;
  }

  private async claimOne(id: string, request: ClaimRequest, now: Date): Promise<'taken' | 'held' | 'refused'> {
    const fields = {
      companyId: request.companyId,
      sourcerId: request.sourcerId,
      candidateId: request.candidateId,
      submissionId: request.submissionId,
      expiresAt: new Date(now.getTime() + this.config.OWNERSHIP_WINDOW_DAYS * DAY_MS),
      createdAt: now,
    };
    try {
      await this.claims.create({ _id: id, ...fields });
      return 'taken';
    } catch (error) {
      if (!isDuplicate(error)) throw error;
    }
    const existing = await this.claims.findById(id).lean<OwnershipClaim>().exec();
    if (!existing) return this.claimOne(id, request, now);
    if (existing.sourcerId === request.sourcerId && existing.expiresAt > now) return 'held';
    if (!(existing.expiresAt <= now || (await this.isOrphan(existing, now)))) return 'refused';
    // Expired or orphaned: take it over, unless another submission took it over first.
    const replaced = await this.claims.updateOne({ _id: id, submissionId: existing.submissionId }, { $set: fields }).exec();
    return replaced.modifiedCount === 1 ? 'taken' : 'refused';
  }

  private async isOrphan(claim: OwnershipClaim, now: Date): Promise<boolean> {
    if (now.getTime() - claim.createdAt.getTime() < ORPHAN_AFTER_MS) return false;
    return !(await this.submissions.exists({ _id: claim.submissionId }).exec());
  }

  /** Undoes claim() for a submission that was not written. */
  async releaseClaims(submissionId: string): Promise<void> {
    await this.claims.deleteMany({ submissionId }).exec();
  }

  /**
   * A withdrawn submission gives up the person, unless the same sourcer still has another
   * live submission of them to that company, which then holds the claims.
   */
  async handOver(submission: Submission): Promise<void> {
    const successor = await this.submissions
      .findOne({ _id: { $ne: submission._id }, candidateId: submission.candidateId, companyId: submission.companyId, sourcerId: submission.sourcerId, status: { $ne: 'withdrawn' } })
      .lean<Submission>()
      .exec();
    if (successor) await this.claims.updateMany({ submissionId: submission._id }, { $set: { submissionId: successor._id } }).exec();
    else await this.releaseClaims(submission._id);
  }

  async releaseCandidate(candidateId: string): Promise<void> {
    await this.claims.deleteMany({ candidateId }).exec();
  }
}
