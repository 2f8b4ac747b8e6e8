import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { CacheFamily, CacheKeys } from '../../common/cache/cache-keys.js';
import { ReadCache } from '../../common/cache/read-cache.service.js';
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
const delivered = { $gt: ['$deliveredAt', null] };

/** Outcome counts per sourcer, as one $group stage. */
const countsBySourcer = {
  $group: {
    _id: '$sourcerId',
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
};

type CountsRow = { _id: string } & Record<string, number>;

function toCounts(row: CountsRow | undefined): OutcomeCounts {
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

@Injectable()
export class SourcerStatsService {
  constructor(
    @InjectModel(Submission.name) private readonly submissions: Model<Submission>,
    private readonly cache: ReadCache,
    private readonly config: AppConfig,
  ) {}

  /** One aggregation over the sourcer's submissions (index on sourcerId). */
  async counts(sourcerId: string): Promise<OutcomeCounts> {
    const [row] = await this.submissions.aggregate<CountsRow>([{ $match: { sourcerId } }, countsBySourcer]).exec();
    return toCounts(row);
  }

  /** Every sourcer with submissions, most active first, in one aggregation (the admin table). */
  /** Sourcers by submissions (most first, then id), `limit` after `after` (the last row of the previous page). */
  async page(limit: number, after?: { submitted: number; id: string }): Promise<{ items: SourcerStats[]; total: number }> {
    const start = after ? [{ $match: { $or: [{ submitted: { $lt: after.submitted } }, { submitted: after.submitted, _id: { $gt: after.id } }] } }] : [];
    const [result] = await this.submissions
      .aggregate<{ rows: CountsRow[]; total: { n: number }[] }>([
        // Read in sourcer order through the (sourcerId, createdAt) index, not a collection scan.
        { $sort: { sourcerId: 1 } },
        countsBySourcer,
        { $sort: { submitted: -1, _id: 1 } },
        { $facet: { rows: [...start, { $limit: limit }], total: [{ $count: 'n' }] } },
      ])
      .exec();
    const items = (result?.rows ?? []).map((row) => {
      const counts = toCounts(row);
      return { sourcerId: row._id, counts, ...this.qualityOf(counts) };
    });
    return { items, total: result?.total[0]?.n ?? 0 };
  }

  /**
   * The sourcer's quality, which sets their cap on every new submission: cached, so a busy
   * sourcer's submission does not aggregate all their others each time. Decisions (moves)
   * invalidate it (see forget).
   */
  quality(sourcerId: string): Promise<Quality> {
    return this.cache.read(CacheFamily.SourcerQuality, CacheKeys.sourcerQuality(sourcerId), async () => this.qualityOf(await this.counts(sourcerId)));
  }

  /** A decision about one of the sourcer's submissions changes their quality. */
  forget(sourcerId: string): Promise<void> {
    return this.cache.invalidate(CacheKeys.sourcerQuality(sourcerId));
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
