import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { AppConfig } from '../../config/app-config.js';
import type { Stage } from '../submissions/pipeline.js';
import type { Submission } from '../submissions/submission.schema.js';
import { SubmissionsService } from '../submissions/submissions.service.js';
import { EarningEntry } from './payments.schema.js';
import { SequencedLedger } from './sequenced-ledger.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * What sourcers earn: a fixed amount per delivered profile, a bounty per hire, the delivery
 * amount taken back when the employer finds the person totally irrelevant soon after, and
 * payouts. One ledger per sourcer; every entry has a ref, so nothing counts twice.
 */
const earningView = (e: EarningEntry) => ({ seq: e.seq, kind: e.kind, amount: e.delta, balanceAfter: e.balanceAfter, currency: e.currency, submissionId: e.submissionId ?? null, payoutId: e.payoutId ?? null, at: e.createdAt });

@Injectable()
export class EarningsService implements OnModuleInit {
  readonly ledger: SequencedLedger<EarningEntry>;

  constructor(
    @InjectModel(EarningEntry.name) model: Model<EarningEntry>,
    private readonly submissions: SubmissionsService,
    private readonly config: AppConfig,
  ) {
    this.ledger = new SequencedLedger(model);
  }

  onModuleInit(): void {
    if (this.config.PAYMENTS_ENABLED) this.submissions.onMoved(this);
  }

  async moved(submission: Submission, _from: Stage, to: Stage): Promise<void> {
    const currency = this.config.EARNINGS_CURRENCY;
    const fields = { currency, submissionId: submission._id };
    if (to === 'delivered' && this.config.EARNING_PER_DELIVERY > 0) {
      await this.ledger.append(submission.sourcerId, this.config.EARNING_PER_DELIVERY, `delivery:${submission._id}`, 'delivery', fields);
    }
    if (to === 'hired' && this.config.EARNING_HIRE_BOUNTY > 0) {
      await this.ledger.append(submission.sourcerId, this.config.EARNING_HIRE_BOUNTY, `bounty:${submission._id}`, 'bounty', fields);
    }
    if (to === 'disqualified' && submission.disqualificationReason === 'totally_irrelevant' && submission.deliveredAt) {
      const withinWindow = Date.now() - new Date(submission.deliveredAt).getTime() <= this.config.EARNING_REVERSAL_DAYS * DAY_MS;
      const earned = await this.ledger.find(submission.sourcerId, `delivery:${submission._id}`);
      if (withinWindow && earned) await this.ledger.append(submission.sourcerId, -earned.delta, `reversal:${submission._id}`, 'reversal', fields);
    }
  }

  balance(sourcerId: string): Promise<number> {
    return this.ledger.balance(sourcerId);
  }

  /** The sourcer's earning entries about one submission (delivery, bounty, reversal). */
  async forSubmission(submissionId: string) {
    return (await this.ledger.bySubmission(submissionId)).map((e) => ({ sourcerId: e.account, ...earningView(e) }));
  }

  async statement(sourcerId: string, limit: number, cursor?: string) {
    const { entries, nextCursor } = await this.ledger.page(sourcerId, limit, cursor);
    return {
      sourcerId,
      currency: this.config.EARNINGS_CURRENCY,
      balance: await this.balance(sourcerId),
      entries: entries.map(earningView),
      nextCursor,
    };
  }
}
