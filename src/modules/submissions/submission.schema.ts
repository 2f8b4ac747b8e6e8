import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { DISQUALIFICATION_REASONS, type DisqualificationReason, STAGES, type Stage } from './pipeline.js';

export class StageChange {
  from: Stage | null;
  to: Stage;
  by: string;
  role: string;
  at: Date;
  reason?: DisqualificationReason;
}

export interface AiCheck {
  score: number;
  threshold: number;
  passed: boolean;
  components: Record<string, number | null>;
  evidence: { kind: string; requirement: string; status: string; snippet: string | null }[];
  checkedAt: Date;
}

@Schema({ collection: 'submissions', timestamps: true, versionKey: false })
export class Submission {
  @Prop({ type: String, required: true })
  _id: string;

  @Prop({ type: String, required: true })
  jobId: string;

  @Prop({ type: String, required: true })
  companyId: string;

  @Prop({ type: String, required: true, index: true })
  candidateId: string;

  @Prop({ type: String, required: true })
  sourcerId: string;

  /** Cleared when the candidate is erased; everything else here is statistics. */
  @Prop({ type: String })
  pitch?: string;

  @Prop({ type: String, enum: STAGES, required: true })
  status: Stage;

  @Prop({ type: String, enum: DISQUALIFICATION_REASONS })
  disqualificationReason?: DisqualificationReason;

  @Prop({ type: [{ _id: false, from: String, to: String, by: String, role: String, at: Date, reason: String }], default: [] })
  history: StageChange[];

  /** The AI check's verdict with its evidence, so the sourcer sees why. */
  @Prop({ type: Object })
  aiCheck?: AiCheck;

  /** Since when it waits for the company's credit (delivered oldest first). */
  @Prop({ type: Date })
  awaitingSince?: Date;

  /** When it passed the AI check; employers see only delivered submissions. */
  @Prop({ type: Date })
  deliveredAt?: Date;

  createdAt: Date;
  updatedAt: Date;
}

export const SubmissionSchema = SchemaFactory.createForClass(Submission);
// One submission of a person to a job.
SubmissionSchema.index({ jobId: 1, candidateId: 1 }, { unique: true });
SubmissionSchema.index({ sourcerId: 1, createdAt: -1, _id: -1 });
SubmissionSchema.index({ companyId: 1, jobId: 1, createdAt: -1, _id: -1 });
SubmissionSchema.index({ jobId: 1, status: 1, createdAt: -1 });
SubmissionSchema.index({ companyId: 1, status: 1, awaitingSince: 1 });
// The admin overview's per-day figures.
SubmissionSchema.index({ createdAt: 1 });
SubmissionSchema.index({ deliveredAt: 1 }, { sparse: true });
SubmissionSchema.index({ status: 1, updatedAt: 1 });
SubmissionSchema.index({ 'aiCheck.passed': 1 }, { sparse: true });
// The dashboard: a candidate's submissions, and the AI check's outcomes per day.
SubmissionSchema.index({ candidateId: 1, createdAt: -1, _id: -1 });
SubmissionSchema.index({ 'aiCheck.checkedAt': 1 }, { sparse: true });

/**
 * Who represents a person at a company: one document per (company, fingerprint), the
 * fingerprint being an HMAC of the person's email, phone or profile URL. The _id is the pair,
 * so MongoDB's unique _id decides races: the first submission wins.
 */
@Schema({ collection: 'ownership_claims', versionKey: false })
export class OwnershipClaim {
  /** `${companyId}:${fingerprint}` */
  @Prop({ type: String, required: true })
  _id: string;

  @Prop({ type: String, required: true })
  companyId: string;

  @Prop({ type: String, required: true })
  sourcerId: string;

  @Prop({ type: String, required: true, index: true })
  candidateId: string;

  @Prop({ type: String, required: true, index: true })
  submissionId: string;

  @Prop({ type: Date, required: true })
  expiresAt: Date;

  @Prop({ type: Date, required: true })
  createdAt: Date;
}

export const OwnershipClaimSchema = SchemaFactory.createForClass(OwnershipClaim);

/** A sourcer's open submissions on one job, counted atomically against their cap. */
@Schema({ collection: 'submission_slots', versionKey: false })
export class SubmissionSlots {
  /** `${sourcerId}:${jobId}` */
  @Prop({ type: String, required: true })
  _id: string;

  @Prop({ type: Number, required: true, default: 0 })
  open: number;
}

export const SubmissionSlotsSchema = SchemaFactory.createForClass(SubmissionSlots);
