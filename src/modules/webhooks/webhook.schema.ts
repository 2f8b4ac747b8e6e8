import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

/** What an employer can subscribe to. */
export const WEBHOOK_EVENT_TYPES = ['submission.delivered', 'submission.moved', 'job.matches_ready', 'credits.low', 'credits.granted', 'webhook.endpoint_disabled'] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** A company's endpoint: where its events go, which ones, and the secret they are signed with. */
@Schema({ collection: 'webhook_endpoints', versionKey: false, timestamps: true })
export class WebhookEndpoint {
  @Prop({ type: String, required: true }) _id: string;
  @Prop({ type: String, required: true, index: true }) companyId: string;
  @Prop({ type: String, required: true }) url: string;
  @Prop({ type: [String], required: true }) events: WebhookEventType[];
  /** Standard Webhooks secret: `whsec_` and base64 of 32 random bytes. */
  @Prop({ type: String, required: true }) secret: string;
  @Prop({ type: Boolean, required: true }) enabled: boolean;
  @Prop({ type: String, default: null }) disabledReason: string | null;
  /** The first failure since the last success; null while deliveries succeed. */
  @Prop({ type: Date, default: null }) failingSince: Date | null;
  @Prop({ type: String, required: true }) createdBy: string;
  createdAt: Date;
  updatedAt: Date;
}
export const WebhookEndpointSchema = SchemaFactory.createForClass(WebhookEndpoint);

export interface DeliveryAttempt {
  at: Date;
  /** The receiver's status, or null when there was no answer (refused, timed out). */
  statusCode: number | null;
  latencyMs: number;
  error: string | null;
}

/** One event for one endpoint: its payload, and every attempt to deliver it. */
@Schema({ collection: 'webhook_deliveries', versionKey: false, timestamps: true })
export class WebhookDelivery {
  /** `<eventId>.<endpointId>`: one delivery per event and endpoint, however often it is emitted. */
  @Prop({ type: String, required: true }) _id: string;
  /** The Standard Webhooks message id (`webhook-id`): the same on every attempt and replay. */
  @Prop({ type: String, required: true }) eventId: string;
  @Prop({ type: String, required: true, index: true }) endpointId: string;
  @Prop({ type: String, required: true }) companyId: string;
  @Prop({ type: String, required: true }) type: WebhookEventType;
  @Prop({ type: Object, required: true }) data: Record<string, unknown>;
  /** When the event happened; retries stop WEBHOOK_RETRY_WINDOW_MS after it. */
  @Prop({ type: Date, required: true }) occurredAt: Date;
  @Prop({ type: String, required: true, enum: ['pending', 'delivered', 'failed'] }) status: 'pending' | 'delivered' | 'failed';
  @Prop({ type: [Object], default: [] }) attempts: DeliveryAttempt[];
  @Prop({ type: Date, default: null }) deliveredAt: Date | null;
  /** How often it was replayed (each replay is a new retry series). */
  @Prop({ type: Number, default: 0 }) replays: number;
  createdAt: Date;
  updatedAt: Date;
}
export const WebhookDeliverySchema = SchemaFactory.createForClass(WebhookDelivery);
WebhookDeliverySchema.index({ endpointId: 1, createdAt: -1, _id: -1 });
