import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

export const UPLOAD_STATUSES = ['queued', 'processing', 'processed', 'failed'] as const;
export type UploadStatus = (typeof UPLOAD_STATUSES)[number];

/** One CV uploaded for a candidate; the file itself is stored once per content hash. */
@Schema({ collection: 'uploads', timestamps: true, versionKey: false })
export class Upload {
  @Prop({ type: String, required: true })
  _id: string;

  @Prop({ type: String, required: true, index: true })
  candidateId: string;

  @Prop({ type: String, required: true })
  ownerId: string;

  @Prop({ type: String, required: true, index: true })
  sha256: string;

  @Prop({ type: String, required: true })
  storageKey: string;

  @Prop({ type: Number, required: true })
  size: number;

  @Prop({ type: String, enum: ['pdf', 'docx', 'text'], required: true })
  type: 'pdf' | 'docx' | 'text';

  @Prop({ type: String, required: true })
  mediaType: string;

  /** The client's name for the file, for display only: never used as a path. */
  @Prop({ type: String })
  fileName?: string;

  @Prop({ type: String, enum: UPLOAD_STATUSES, required: true })
  status: UploadStatus;

  /** 0..100 while processing. */
  @Prop({ type: Number, default: 0 })
  progress: number;

  /** A stable code when status is failed (ENCRYPTED, CORRUPT, TOO_MANY_PAGES...). */
  @Prop({ type: String })
  failureReason?: string;

  @Prop({ type: String })
  failureMessage?: string;

  @Prop({ type: Number, default: 0 })
  attempts: number;

  /** The queue job that last took it up: how the reconciler learns how it ended. */
  @Prop({ type: String })
  jobId?: string;

  /** Times processing completed: exactly one, however often the job ran. */
  @Prop({ type: Number, default: 0 })
  completions: number;

  @Prop({ type: Object })
  result?: { pages: number | null; characters: number; truncated: boolean; skills: number; emails: number; experience: number };

  @Prop({ type: Date })
  processedAt?: Date;

  createdAt: Date;
  updatedAt: Date;
}

export const UploadSchema = SchemaFactory.createForClass(Upload);
UploadSchema.index({ status: 1, createdAt: -1, _id: -1 });
UploadSchema.index({ createdAt: -1, _id: -1 });
UploadSchema.index({ storageKey: 1 });
UploadSchema.index({ candidateId: 1, createdAt: -1, _id: -1 });
