import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import type { JobName } from '../queue.types.js';

/**
 * Background work that a write made necessary, recorded in MongoDB before (or with) the write
 * and kept until a worker has done it: whatever Redis does in between, the relay queues it
 * again. One document per job name and key, so repeated triggers collapse into one.
 */
@Schema({ collection: 'outbox', versionKey: false, timestamps: true })
export class OutboxEntry {
  /** `<job name>:<key>` */
  @Prop({ type: String, required: true }) _id: string;
  @Prop({ type: String, required: true }) name: JobName;
  @Prop({ type: Object, required: true }) payload: Record<string, unknown>;
  /** The queue's deduplication id: one waiting and one running job per key. */
  @Prop({ type: String, required: true }) key: string;
  /** Bumped by every trigger; a job acknowledges only the versions it has seen. */
  @Prop({ type: Number, required: true }) version: number;
  /** When the relay next queues it (again): soon after a trigger, later once it was queued. */
  @Prop({ type: Date, required: true }) dueAt: Date;
  /** A relay that claimed it, until when (another may take it over after). */
  @Prop({ type: Date }) leaseUntil?: Date;
  /** Times the relay queued it without a worker finishing it. */
  @Prop({ type: Number, default: 0 }) deliveries: number;
  /** Given up after too many deliveries (see OutboxService): kept for inspection. */
  @Prop({ type: Boolean, default: false }) dead: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export const OutboxEntrySchema = SchemaFactory.createForClass(OutboxEntry);
OutboxEntrySchema.index({ dead: 1, dueAt: 1 });
