import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

export const AUDIT_OUTCOMES = ['started', 'succeeded', 'failed'] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

export interface AuditActor {
  userId: string;
  sub: string;
  email: string | null;
  name: string | null;
}

/**
 * One admin action: who, what, on which target, when, and the target's state before and after.
 * Written as `started` before the action runs and completed after it, so an action whose
 * process died half-way is still on record.
 */
@Schema({ collection: 'audit_log', versionKey: false })
export class AuditEntry {
  @Prop({ type: String, required: true }) _id: string;
  @Prop({ type: Date, required: true }) at: Date;
  @Prop({ type: Object, required: true }) actor: AuditActor;
  /** e.g. `credits.adjust`, `queue.retry`. */
  @Prop({ type: String, required: true }) action: string;
  @Prop({ type: String, required: true }) targetType: string;
  @Prop({ type: String, default: null }) targetId: string | null;
  @Prop({ type: String, required: true, enum: AUDIT_OUTCOMES }) outcome: AuditOutcome;
  /** What the caller asked for (the route's parameters and body). */
  @Prop({ type: Object, default: null }) request: unknown;
  @Prop({ type: Object, default: null }) before: unknown;
  @Prop({ type: Object, default: null }) after: unknown;
  /** For a failed action: the error's status and code. */
  @Prop({ type: Object, default: null }) error: { status: number; code: string } | null;
  @Prop({ type: String, required: true }) requestId: string;
  @Prop({ type: Date, default: null }) finishedAt: Date | null;
}
export const AuditEntrySchema = SchemaFactory.createForClass(AuditEntry);
// Newest first, with or without a filter.
AuditEntrySchema.index({ at: -1, _id: -1 });
AuditEntrySchema.index({ 'actor.userId': 1, at: -1, _id: -1 });
AuditEntrySchema.index({ action: 1, at: -1, _id: -1 });
AuditEntrySchema.index({ targetType: 1, targetId: 1, at: -1, _id: -1 });
