import { WebhooksService } from '../webhooks/webhooks.service.js';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { DomainError } from '../../common/errors/domain-error.js';
import { AppConfig } from '../../config/app-config.js';
import type { Submission } from '../submissions/submission.schema.js';
import { SubmissionsService } from '../submissions/submissions.service.js';
import { Intents } from '../../queues/job-intents.js';
import { OutboxService } from '../../queues/outbox/outbox.service.js';
import { CreditEntry, PaymentRefund } from './payments.schema.js';
import { SequencedLedger } from './sequenced-ledger.js';
import { ErrorCode } from '../../common/errors/error-codes.js';

export interface GrantRequest {
  companyId: string;
  credits: number;
  checkoutSessionId: string;
  paymentIntentId?: string;
  pack?: string;
  amount: number;
  currency: string;
}

const creditView = (e: CreditEntry) => ({
  seq: e.seq,
  kind: e.kind,
  credits: e.delta,
  balanceAfter: e.balanceAfter,
  reason: e.reason ?? null,
  pack: e.pack ?? null,
  amount: e.amount ?? null,
  currency: e.currency ?? null,
  submissionId: e.submissionId ?? null,
  at: e.createdAt,
});

/**
 * A company's credits. The ledger is append-only and the balance is its last entry's, never
 * below zero (SequencedLedger). A delivery spends one; purchases grant; refunds revoke what is
 * unspent. When credits arrive, a job (payments.release-awaiting) delivers the submissions
 * waiting for them, oldest first.
 */
/** A spend that leaves this many credits or fewer sends `credits.low`. */
export const CREDITS_LOW_AT = 2;

@Injectable()
export class CreditsService implements OnModuleInit {
  readonly ledger: SequencedLedger<CreditEntry>;

  constructor(
    @InjectModel(CreditEntry.name) model: Model<CreditEntry>,
    @InjectModel(PaymentRefund.name) private readonly refunds: Model<PaymentRefund>,
    private readonly submissions: SubmissionsService,
    private readonly outbox: OutboxService,
    private readonly config: AppConfig,
    private readonly webhooks: WebhooksService,
  ) {
    this.ledger = new SequencedLedger(model);
  }

  onModuleInit(): void {
    if (!this.config.PAYMENTS_ENABLED) return;
    this.submissions.setDeliveryGate({
      reserve: (s) => this.spend(s),
      release: (s) => this.unspend(s),
    });
  }

  /**
   * One credit per submission, ever (the ref): whoever finds it spent may finish the delivery
   * it paid for. Without credit the submission waits; a release is queued anyway, so credit
   * that arrived while this one was deciding to wait is not missed.
   */
  private async spend(submission: Submission): Promise<boolean> {
    const result = await this.ledger.append(submission.companyId, -1, `spend:${submission._id}`, 'spend', { submissionId: submission._id }, 0);
    if (result.outcome === 'insufficient') await this.outbox.trigger(Intents.releaseAwaiting(submission.companyId));
    // Running low: the company hears of it at each spend that leaves CREDITS_LOW_AT or fewer.
    if (result.outcome === 'appended' && result.entry.balanceAfter <= CREDITS_LOW_AT) {
      await this.webhooks.emit(submission.companyId, 'credits.low', `credits.low.${submission.companyId}.${result.entry.seq}`, { balance: result.entry.balanceAfter });
    }
    return result.outcome !== 'insufficient';
  }

  private async unspend(submission: Submission): Promise<void> {
    if (await this.ledger.find(submission.companyId, `spend:${submission._id}`)) {
      await this.ledger.append(submission.companyId, 1, `unspend:${submission._id}`, 'refund', { submissionId: submission._id, reason: 'not delivered after all' });
    }
  }

  async balance(companyId: string): Promise<number> {
    return this.ledger.balance(companyId);
  }

  /** The company's credit entries about one submission (its spend, and a refund if it was not delivered after all). */
  async forSubmission(submissionId: string) {
    return (await this.ledger.bySubmission(submissionId)).map((e) => ({ companyId: e.account, ...creditView(e) }));
  }

  async statement(companyId: string, limit: number, cursor?: string) {
    const { entries, nextCursor } = await this.ledger.page(companyId, limit, cursor);
    return { companyId, balance: await this.balance(companyId), entries: entries.map(creditView), nextCursor };
  }

  /** A paid checkout: credits once per session, then any refund that arrived first; releases are queued. */
  async grant(request: GrantRequest): Promise<void> {
    await this.ledger.append(request.companyId, request.credits, `grant:${request.checkoutSessionId}`, 'grant', {
      checkoutSessionId: request.checkoutSessionId,
      paymentIntentId: request.paymentIntentId,
      pack: request.pack,
      amount: request.amount,
      currency: request.currency,
    });
    if (request.paymentIntentId) await this.applyRefunds(request.paymentIntentId);
    await this.outbox.trigger(Intents.releaseAwaiting(request.companyId));
    await this.webhooks.emit(request.companyId, 'credits.granted', `credits.granted.${request.checkoutSessionId}`, { credits: request.credits, pack: request.pack ?? null, balance: await this.balance(request.companyId) });
  }

  /** Records a refund (the largest amount seen wins, whatever the order events arrive in). */
  async recordRefund(chargeId: string, paymentIntentId: string, amountRefunded: number, currency: string): Promise<void> {
    await this.refunds.updateOne({ _id: chargeId }, { $max: { amountRefunded }, $setOnInsert: { paymentIntentId, currency } }, { upsert: true }).exec();
    await this.applyRefunds(paymentIntentId);
  }

  /**
   * Revokes the refunded share of a grant, as far as it is unspent: credits already spent on
   * deliveries stay spent. Idempotent: the revocation for a refunded amount has one ref.
   */
  private async applyRefunds(paymentIntentId: string): Promise<void> {
    const grant = await this.ledger.model.findOne({ paymentIntentId, kind: 'grant' }).lean<CreditEntry>().exec();
    if (!grant || !grant.amount) return;
    const refunded = await this.refunds.find({ paymentIntentId }).lean<PaymentRefund[]>().exec();
    const amountRefunded = Math.min(grant.amount, refunded.reduce((sum, r) => sum + r.amountRefunded, 0));
    const target = Math.floor((grant.delta * amountRefunded) / grant.amount);
    for (let attempt = 0; attempt < 20; attempt++) {
      const revocations = await this.ledger.model.find({ account: grant.account, kind: 'revoke', paymentIntentId }).lean<CreditEntry[]>().exec();
      const revoked = -revocations.reduce((sum, e) => sum + e.delta, 0);
      const owed = target - revoked;
      if (owed <= 0) return;
      const balance = await this.balance(grant.account);
      const take = Math.min(owed, balance);
      if (take <= 0) return;
      // If the balance moved meanwhile the append is refused or lands short; the loop re-reads.
      await this.ledger.append(grant.account, -take, `revoke:${paymentIntentId}:${revoked + take}`, 'revoke', { paymentIntentId, reason: `refund of ${amountRefunded} ${grant.currency}` }, 0);
    }
  }

  /** Credits sold and revenue per currency, in total and per day since `since` (grants only). */
  async sales(since: Date) {
    const [totals, daily] = await Promise.all([
      this.ledger.model.aggregate<{ _id: string; credits: number; revenue: number }>([
        { $match: { kind: 'grant' } },
        { $group: { _id: '$currency', credits: { $sum: '$delta' }, revenue: { $sum: '$amount' } } },
      ]).exec(),
      this.ledger.model.aggregate<{ _id: string; credits: number }>([
        { $match: { kind: 'grant', createdAt: { $gte: since } } },
        { $group: { _id: { $dateToString: { format: '%Y-%m-%d', date: '$createdAt' } }, credits: { $sum: '$delta' } } },
      ]).exec(),
    ]);
    return {
      creditsSold: totals.reduce((sum, t) => sum + t.credits, 0),
      revenue: totals.map((t) => ({ currency: t._id, amount: t.revenue })),
      daily: Object.fromEntries(daily.map((d) => [d._id, d.credits])),
    };
  }

  /** An admin's correction, with a reason; it may not take the balance below zero. */
  async adjust(companyId: string, credits: number, reason: string, by: string, key: string): Promise<number> {
    const result = await this.ledger.append(companyId, credits, `adjustment:${key}`, 'adjustment', { reason, by }, 0);
    if (result.outcome === 'insufficient') throw new DomainError(ErrorCode.INSUFFICIENT_CREDITS, `The balance is ${result.balance}; it cannot go below zero`, { balance: result.balance });
    if (credits > 0) await this.outbox.trigger(Intents.releaseAwaiting(companyId));
    const balance = await this.balance(companyId);
    if (credits > 0) await this.webhooks.emit(companyId, 'credits.granted', `credits.granted.adjustment.${key}`, { credits, reason, balance });
    return balance;
  }
}
