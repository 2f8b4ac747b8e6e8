import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import type { SequencedEntry } from './sequenced-ledger.js';

/** A company's credits: grants (purchases), spends (deliveries), revocations (refunds), adjustments. */
@Schema({ collection: 'credit_entries', versionKey: false })
export class CreditEntry implements SequencedEntry {
  @Prop({ type: String, required: true }) _id: string;
  /** The company. */
  @Prop({ type: String, required: true }) account: string;
  @Prop({ type: Number, required: true }) seq: number;
  @Prop({ type: Number, required: true }) delta: number;
  @Prop({ type: Number, required: true, min: 0 }) balanceAfter: number;
  @Prop({ type: String, required: true, enum: ['grant', 'spend', 'revoke', 'refund', 'adjustment'] }) kind: string;
  @Prop({ type: String, required: true }) ref: string;
  @Prop({ type: String }) reason?: string;
  @Prop({ type: String }) paymentIntentId?: string;
  @Prop({ type: String }) checkoutSessionId?: string;
  @Prop({ type: String }) pack?: string;
  /** What was paid for a grant, in minor units. */
  @Prop({ type: Number }) amount?: number;
  @Prop({ type: String }) currency?: string;
  @Prop({ type: String }) submissionId?: string;
  @Prop({ type: String }) by?: string;
  @Prop({ type: Date, required: true }) createdAt: Date;
}
export const CreditEntrySchema = SchemaFactory.createForClass(CreditEntry);
CreditEntrySchema.index({ account: 1, seq: 1 }, { unique: true });
CreditEntrySchema.index({ account: 1, ref: 1 }, { unique: true });
CreditEntrySchema.index({ paymentIntentId: 1 }, { sparse: true });
CreditEntrySchema.index({ kind: 1, createdAt: -1 });
// A submission's entries, for the dashboard's submission view.
CreditEntrySchema.index({ submissionId: 1 }, { sparse: true });

/** A sourcer's earnings, in minor units of EARNINGS_CURRENCY. */
@Schema({ collection: 'earning_entries', versionKey: false })
export class EarningEntry implements SequencedEntry {
  @Prop({ type: String, required: true }) _id: string;
  /** The sourcer. */
  @Prop({ type: String, required: true }) account: string;
  @Prop({ type: Number, required: true }) seq: number;
  @Prop({ type: Number, required: true }) delta: number;
  @Prop({ type: Number, required: true }) balanceAfter: number;
  @Prop({ type: String, required: true, enum: ['delivery', 'bounty', 'reversal', 'payout', 'payout_failed'] }) kind: string;
  @Prop({ type: String, required: true }) ref: string;
  @Prop({ type: String, required: true }) currency: string;
  @Prop({ type: String }) submissionId?: string;
  @Prop({ type: String }) payoutId?: string;
  @Prop({ type: Date, required: true }) createdAt: Date;
}
export const EarningEntrySchema = SchemaFactory.createForClass(EarningEntry);
EarningEntrySchema.index({ account: 1, seq: 1 }, { unique: true });
EarningEntrySchema.index({ account: 1, ref: 1 }, { unique: true });
EarningEntrySchema.index({ submissionId: 1 }, { sparse: true });

/** Every Stripe event received, once: the _id is Stripe's event id. */
@Schema({ collection: 'stripe_events', versionKey: false })
export class StripeEventRecord {
  @Prop({ type: String, required: true }) _id: string;
  @Prop({ type: String, required: true }) type: string;
  @Prop({ type: Date, required: true }) created: Date;
  @Prop({ type: String, enum: ['processing', 'processed', 'ignored'], required: true }) status: string;
  @Prop({ type: String }) result?: string;
  @Prop({ type: Date, required: true }) receivedAt: Date;
  @Prop({ type: Date }) processedAt?: Date;
  /** While processing: until when the process handling it owns it (a crashed one's lapses). */
  @Prop({ type: Date }) leaseUntil?: Date;
  /** Processing attempts that failed, and the last error. */
  @Prop({ type: Number, default: 0 }) failures: number;
  @Prop({ type: String }) lastError?: string;
}
export const StripeEventRecordSchema = SchemaFactory.createForClass(StripeEventRecord);
StripeEventRecordSchema.index({ receivedAt: -1, _id: -1 });

/** Refunds seen per charge (the largest amount refunded so far): applied once the grant is known. */
@Schema({ collection: 'payment_refunds', versionKey: false })
export class PaymentRefund {
  @Prop({ type: String, required: true }) _id: string;
  @Prop({ type: String, required: true, index: true }) paymentIntentId: string;
  @Prop({ type: Number, required: true }) amountRefunded: number;
  @Prop({ type: String, required: true }) currency: string;
}
export const PaymentRefundSchema = SchemaFactory.createForClass(PaymentRefund);

/** A sourcer's Stripe Connect account and whether Stripe lets it receive payouts. */
@Schema({ collection: 'payout_accounts', versionKey: false, timestamps: true })
export class PayoutAccount {
  /** The sourcer's user id. */
  @Prop({ type: String, required: true }) _id: string;
  @Prop({ type: String, required: true, unique: true }) stripeAccountId: string;
  @Prop({ type: Boolean, default: false }) payoutsEnabled: boolean;
  /** Stripe's `created` of the last account event applied: older events arriving late are ignored. */
  @Prop({ type: Number, default: 0 }) lastEventAt: number;
}
export const PayoutAccountSchema = SchemaFactory.createForClass(PayoutAccount);
PayoutAccountSchema.index({ payoutsEnabled: 1 });

/** One transfer of a sourcer's balance in one payout run. */
@Schema({ collection: 'payouts', versionKey: false, timestamps: true })
export class Payout {
  /** `${runId}:${sourcerId}` */
  @Prop({ type: String, required: true }) _id: string;
  @Prop({ type: String, required: true }) runId: string;
  @Prop({ type: String, required: true, index: true }) sourcerId: string;
  @Prop({ type: Number, required: true }) amount: number;
  @Prop({ type: String, required: true }) currency: string;
  @Prop({ type: String, required: true }) stripeAccountId: string;
  @Prop({ type: String, enum: ['pending', 'sent', 'settled', 'failed'], required: true }) status: string;
  @Prop({ type: String, index: true }) transferId?: string;
}
export const PayoutSchema = SchemaFactory.createForClass(Payout);
