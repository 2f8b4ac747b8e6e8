import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import type { HydratedDocument } from 'mongoose';

export type PipelineCheckStatus = 'queued' | 'done';

/** One round trip API -> queue -> worker -> MongoDB, kept a day for inspection. */
@Schema({ collection: 'pipeline_checks', timestamps: true, versionKey: false })
export class PipelineCheck {
  @Prop({ type: String, required: true })
  _id: string;

  @Prop({ type: String, required: true, enum: ['queued', 'done'] })
  status: PipelineCheckStatus;

  @Prop({ type: String })
  workerId?: string;

  @Prop({ type: Date })
  completedAt?: Date;

  @Prop({ type: Date, required: true, expires: 24 * 60 * 60 })
  requestedAt: Date;
}

export type PipelineCheckDocument = HydratedDocument<PipelineCheck>;
export const PipelineCheckSchema = SchemaFactory.createForClass(PipelineCheck);
