import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { AppConfig } from '../../config/app-config.js';
import type { JobOutcome } from '../../queues/queue.types.js';
import { EarningsService } from './earnings.service.js';
import { Payout, PayoutAccount } from './payments.schema.js';
import { StripeGateway } from './stripe.gateway.js';

/** The ISO week a time falls in, e.g. 2026-W48: one payout run per week by default. */
export function isoWeek(date: Date): string {
  const d = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
  const day = d.getUTCDay() || 7;
  d.setUTCDate(d.getUTCDate() + 4 - day);
  const yearStart = new Date(Date.UTC(d.getUTCFullYear(), 0, 1));
  const week = Math.ceil(((d.getTime() - yearStart.getTime()) / 86_400_000 + 1) / 7);
  return `${d.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}

/** A payout as the API shows it. */
export interface PayoutView {
  id: string;
  runId: string;
  /** In the currency's minor unit. */
  amount: number;
  currency: string;
  status: 'pending' | 'sent' | 'settled' | 'failed';
  transferId: string | null;
  stripeAccountId: string;
  createdAt: string;
  updatedAt: string;
}

/**
 * Pays each ready sourcer's balance above the minimum. A run is named (the week), and each
 * step is keyed by run and sourcer: the payout record, the ledger debit and the Stripe
 * transfer (idempotency key). A run killed anywhere and started again pays everyone once.
 */
@Injectable()
export class PayoutsService {
  constructor(
    @InjectModel(Payout.name) private readonly payouts: Model<Payout>,
    @InjectModel(PayoutAccount.name) private readonly accounts: Model<PayoutAccount>,
    private readonly earnings: EarningsService,
    private readonly stripe: StripeGateway,
    private readonly config: AppConfig,
  ) {}

  async run(runId: string = isoWeek(new Date())): Promise<JobOutcome> {
    const ready = await this.accounts.find({ payoutsEnabled: true }).lean<PayoutAccount[]>().exec();
    let sent = 0;
    for (const account of ready) {
      const payout = await this.payoutFor(runId, account);
      if (!payout) continue;
      // The debit first (idempotent), so the balance never shows money already on its way.
      await this.earnings.ledger.append(payout.sourcerId, -payout.amount, `payout:${payout._id}`, 'payout', { currency: payout.currency, payoutId: payout._id });
      if (payout.status === 'pending') {
        const transfer = await this.stripe.createTransfer(
          { amount: payout.amount, currency: payout.currency, destination: payout.stripeAccountId, metadata: { payoutId: payout._id } },
          `payout-${payout._id}`,
        );
        await this.payouts.updateOne({ _id: payout._id, status: 'pending' }, { $set: { status: 'sent', transferId: transfer.id } }).exec();
        sent++;
      }
    }
    return { status: 'done', result: { runId, sourcers: ready.length, sent } };
  }

  /** This run's payout for the sourcer: the existing one, or a new one if the balance is due. */
  private async payoutFor(runId: string, account: PayoutAccount): Promise<Payout | null> {
    const id = `${runId}:${account._id}`;
    const existing = await this.payouts.findById(id).lean<Payout>().exec();
    if (existing) return existing;
    const balance = await this.earnings.balance(account._id);
    if (balance < this.config.PAYOUT_MINIMUM) return null;
    try {
      return (
        await this.payouts.create({ _id: id, runId, sourcerId: account._id, amount: balance, currency: this.config.EARNINGS_CURRENCY, stripeAccountId: account.stripeAccountId, status: 'pending' })
      ).toObject();
    } catch (error) {
      if ((error as { code?: number }).code !== 11000) throw error;
      return this.payouts.findById(id).lean<Payout>().exec();
    }
  }

  /** transfer.created: the money is on its way to the sourcer's account. */
  async settled(transferId: string, payoutId: string | undefined): Promise<string> {
    const result = await this.payouts.updateOne({ ...(payoutId ? { _id: payoutId } : { transferId }), status: { $in: ['pending', 'sent'] } }, { $set: { status: 'settled', transferId } }).exec();
    return result.modifiedCount ? 'payout settled' : 'no change';
  }

  /** transfer.reversed: the payout failed; the amount goes back to the sourcer's balance. */
  async failed(transferId: string, payoutId: string | undefined): Promise<string> {
    const payout = await this.payouts.findOne(payoutId ? { _id: payoutId } : { transferId }).lean<Payout>().exec();
    if (!payout) return 'unknown payout';
    await this.payouts.updateOne({ _id: payout._id }, { $set: { status: 'failed', transferId } }).exec();
    await this.earnings.ledger.append(payout.sourcerId, payout.amount, `payout-failed:${payout._id}`, 'payout_failed', { currency: payout.currency, payoutId: payout._id });
    return 'payout failed, amount restored';
  }

  /** A sourcer's latest payouts, newest first, as the API shows them. */
  async list(sourcerId: string): Promise<PayoutView[]> {
    const payouts = await this.payouts.find({ sourcerId }).sort({ createdAt: -1 }).limit(100).lean<(Payout & { createdAt: Date; updatedAt: Date })[]>().exec();
    return payouts.map((p) => ({
      id: p._id,
      runId: p.runId,
      amount: p.amount,
      currency: p.currency,
      status: p.status as PayoutView['status'],
      transferId: p.transferId ?? null,
      stripeAccountId: p.stripeAccountId,
      createdAt: p.createdAt.toISOString(),
      updatedAt: p.updatedAt.toISOString(),
    }));
  }
}
