import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { AppConfig } from '../../config/app-config.js';
import { OPEN_STAGES } from './pipeline.js';
import { type OutcomeCounts, quality, type Quality } from './quality.js';
import { Submission } from './submission.schema.js';

export interface SourcerStats extends Quality {
  sourcerId: string;
  counts: OutcomeCounts;
}

const countIf = (condition: unknown) => ({ $sum: { $cond: [condition, 1, 0] } });
const isReason = (reason: string) => ({ $eq: ['$disqualificationReason', reason] });

@Injectable()
export class SourcerStatsService {
  constructor(
    @InjectModel(Submission.name) private readonly submissions: Model<Submission>,
    private readonly config: AppConfig,
  ) {}

  /** One aggregation over the sourcer's submissions (index on sourcerId). */
  async counts(sourcerId: string): Promise<OutcomeCounts> {
    const delivered = { $gt: ['$deliveredAt', null] };
    const [row] = await this.submissions
      .aggregate<Record<string, number>>([
        { $match: { sourcerId } },
        {
          $group: {
            _id: null,
            submitted: { $sum: 1 },
            delivered: countIf(delivered),
            hired: countIf({ $eq: ['$status', 'hired'] }),
            withdrawn: countIf({ $eq: ['$status', 'withdrawn'] }),
            open: countIf({ $in: ['$status', [...OPEN_STAGES]] }),
            already_connected: countIf(isReason('already_connected')),
            not_quite_right: countIf(isReason('not_quite_right')),
            totally_irrelevant: countIf(isReason('totally_irrelevant')),
            disqualifiedBeforeDelivery: countIf({ $and: [{ $eq: ['$status', 'disqualified'] }, { $not: [delivered] }] }),
          },
        },
      ])
      .exec();
    const n = (key: string) => row?.[key] ?? 0;
    return {
      submitted: n('submitted'),
      delivered: n('delivered'),
      hired: n('hired'),
      withdrawn: n('withdrawn'),
      open: n('open'),
      disqualified: { already_connected: n('already_connected'), not_quite_right: n('not_quite_right'), totally_irrelevant: n('totally_irrelevant') },
      disqualifiedBeforeDelivery: n('disqualifiedBeforeDelivery'),
    };
  }

  async quality(sourcerId: string): Promise<Quality> {
    return this.qualityOf(await this.counts(sourcerId));
  }

  private qualityOf(counts: OutcomeCounts): Quality {
    return quality(counts, {
      minDecided: this.config.QUALITY_MIN_DECIDED,
      capNew: this.config.SUBMISSION_CAP_NEW,
      capGood: this.config.SUBMISSION_CAP_GOOD,
      capPoor: this.config.SUBMISSION_CAP_POOR,
    });
  }

  async stats(sourcerId: string): Promise<SourcerStats> {
    const counts = await this.counts(sourcerId);
    return { sourcerId, counts, ...this.qualityOf(counts) };
  }
}
