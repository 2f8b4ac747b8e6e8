import { Injectable } from '@nestjs/common';
import { decodeCursor, encodeCursor } from '../../common/pagination/cursor.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { ErrorCode } from '../../common/errors/error-codes.js';
import { UsersService } from '../auth/users.service.js';
import { CandidatesService } from '../candidates/candidates.service.js';
import { JobsService } from '../jobs/jobs.service.js';
import { CreditsService } from '../payments/credits.service.js';
import { EarningsService } from '../payments/earnings.service.js';
import { SourcerStatsService } from '../submissions/sourcer-stats.service.js';
import { SubmissionsService } from '../submissions/submissions.service.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const ratio = (n: number, d: number) => (d === 0 ? null : n / d);

/** Figures for the dashboard, each computed by the owning module with aggregation pipelines. */
@Injectable()
export class AdminService {
  constructor(
    private readonly jobs: JobsService,
    private readonly candidates: CandidatesService,
    private readonly submissions: SubmissionsService,
    private readonly stats: SourcerStatsService,
    private readonly credits: CreditsService,
    private readonly earnings: EarningsService,
    private readonly users: UsersService,
  ) {}

  async overview(days: number, now = new Date()) {
    const since = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) - (days - 1) * DAY_MS);
    const [jobs, candidates, subs, sales, roles] = await Promise.all([
      this.jobs.countsByStatus(),
      this.candidates.countActive(),
      this.submissions.overview(since),
      this.credits.sales(since),
      this.users.countByRole(),
    ]);
    const total = Object.values(subs.byStatus).reduce((a, b) => a + b, 0);
    const delivered = ['delivered', 'shortlisted', 'contacted', 'interviewing', 'hired'].reduce((sum, s) => sum + (subs.byStatus[s] ?? 0), 0);
    const hired = subs.byStatus.hired ?? 0;
    const series = Array.from({ length: days }, (_, i) => {
      const date = new Date(since.getTime() + i * DAY_MS).toISOString().slice(0, 10);
      return { date, submitted: subs.daily.submitted[date] ?? 0, delivered: subs.daily.delivered[date] ?? 0, hired: subs.daily.hired[date] ?? 0, creditsSold: sales.daily[date] ?? 0 };
    });
    return {
      generatedAt: now,
      openJobs: jobs.published ?? 0,
      jobsByStatus: jobs,
      candidates,
      submissions: total,
      submissionsByStatus: subs.byStatus,
      aiCheck: { ...subs.aiCheck, passRate: ratio(subs.aiCheck.passed, subs.aiCheck.checked) },
      deliveryRate: ratio(delivered, total),
      hireRate: ratio(hired, delivered),
      creditsSold: sales.creditsSold,
      revenue: sales.revenue,
      users: roles,
      days: series,
    };
  }

  /** A page of sourcers, most submissions first; `cursor` is the previous page's nextCursor. */
  async sourcers(limit: number, cursor?: string) {
    const after = cursor === undefined ? undefined : decodeCursor(cursor);
    if (after && typeof after.value !== 'number') throw new DomainError(ErrorCode.INVALID_CURSOR, 'The cursor is not one this API returned');
    const { items: stats, total } = await this.stats.page(limit, after && { submitted: after.value as number, id: after.id });
    const users = await this.users.byIds(stats.map((s) => s.sourcerId));
    const items = await Promise.all(
      stats.map(async (s) => ({
        id: s.sourcerId,
        name: users.get(s.sourcerId)?.name ?? null,
        email: users.get(s.sourcerId)?.email ?? null,
        submitted: s.counts.submitted,
        decided: s.decided,
        acceptanceRate: s.acceptanceRate,
        shares: s.shares,
        thresholds: s.thresholds,
        tier: s.tier,
        score: s.score,
        capPerJob: s.capPerJob,
        earnings: await this.earnings.balance(s.sourcerId),
      })),
    );
    const last = stats.at(-1);
    return { items, total, nextCursor: stats.length === limit && last ? encodeCursor(last.counts.submitted, last.sourcerId) : null };
  }
}
