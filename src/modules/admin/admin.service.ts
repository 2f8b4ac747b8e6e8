import { Injectable } from '@nestjs/common';
import { decodeCursor, encodeCursor } from '../../common/pagination/cursor.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { ErrorCode } from '../../common/errors/error-codes.js';
import type { Principal } from '../auth/roles.js';
import { UsersService } from '../auth/users.service.js';
import { CandidatesService } from '../candidates/candidates.service.js';
import { CompaniesService } from '../companies/companies.service.js';
import { JobsService } from '../jobs/jobs.service.js';
import { CreditsService } from '../payments/credits.service.js';
import { EarningsService } from '../payments/earnings.service.js';
import { SourcerStatsService } from '../submissions/sourcer-stats.service.js';
import type { ListSubmissionsDto } from '../submissions/dto/submission.dto.js';
import type { SubmissionView } from '../submissions/submission.view.js';
import { SubmissionsService } from '../submissions/submissions.service.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const ratio = (n: number, d: number) => (d === 0 ? null : n / d);

/** A submission with the names an operator reads it by. */
export interface NamedSubmission extends SubmissionView {
  job: { id: string; title: string | null };
  company: { id: string; name: string | null };
  /** name is null once the person was erased. */
  candidate: { id: string; name: string | null; erased: boolean };
  sourcer: { id: string; name: string | null; email: string | null };
}

/** The AI check's outcomes over one period, with the shares sourcer quality is judged by. */
export interface OutcomePoint {
  date: string;
  checked: number;
  passed: number;
  passRate: number | null;
  notQuiteRightShare: number | null;
  irrelevantShare: number | null;
}

type Outcomes = { checked: number; passed: number; notQuiteRight: number; totallyIrrelevant: number };
const figures = (o: Outcomes): Omit<OutcomePoint, 'date'> => ({
  checked: o.checked,
  passed: o.passed,
  passRate: ratio(o.passed, o.checked),
  notQuiteRightShare: ratio(o.notQuiteRight, o.checked),
  irrelevantShare: ratio(o.totallyIrrelevant, o.checked),
});
const point = (date: string, o: Outcomes): OutcomePoint => ({ date, ...figures(o) });

/** The Monday (UTC) of a date's ISO week, as YYYY-MM-DD. */
export function weekOf(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  return new Date(d.getTime() - ((d.getUTCDay() + 6) % 7) * DAY_MS).toISOString().slice(0, 10);
}

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
    private readonly companies: CompaniesService,
  ) {}

  /** Adds job title, company, candidate and sourcer names to submissions, with one lookup per kind. */
  private async named(views: SubmissionView[]): Promise<NamedSubmission[]> {
    const jobIds = [...new Set(views.map((v) => v.jobId))];
    const [jobs, companies, candidates, users] = await Promise.all([
      Promise.all(jobIds.map((id) => this.jobs.find(id))),
      this.companies.namesByIds(views.map((v) => v.companyId)),
      this.candidates.namesByIds(views.map((v) => v.candidateId)),
      this.users.byIds([...new Set(views.map((v) => v.sourcerId))]),
    ]);
    const titles = new Map(jobs.flatMap((j) => (j ? [[j.id, j.title] as const] : [])));
    return views.map((v) => ({
      ...v,
      job: { id: v.jobId, title: titles.get(v.jobId) ?? null },
      company: { id: v.companyId, name: companies.get(v.companyId) ?? null },
      candidate: { id: v.candidateId, name: candidates.get(v.candidateId) ?? null, erased: candidates.get(v.candidateId) === null },
      sourcer: { id: v.sourcerId, name: users.get(v.sourcerId)?.name ?? null, email: users.get(v.sourcerId)?.email ?? null },
    }));
  }

  /** Submissions newest first, with names; filtered like the public list, and by candidate or sourcer. */
  async submissionsPage(principal: Principal, query: ListSubmissionsDto & { candidateId?: string; sourcerId?: string }) {
    const page = await this.submissions.list(principal, query);
    return { items: await this.named(page.items), nextCursor: page.nextCursor };
  }

  /** One submission with names, its AI check's evidence, its history and its ledger entries. */
  async submission(principal: Principal, id: string) {
    const [view] = await this.named([await this.submissions.get(principal, id)]);
    const [credits, earnings] = await Promise.all([this.credits.forSubmission(id), this.earnings.forSubmission(id)]);
    return { ...view, ledger: { credits, earnings } };
  }

  /** A sourcer: who, current quality, earnings, and the AI check's outcomes week by week. */
  async sourcer(id: string, weeks: number, now = new Date()) {
    const user = (await this.users.byIds([id])).get(id);
    if (!user?.roles.includes('sourcer')) throw DomainError.notFound(ErrorCode.SOURCER_NOT_FOUND, 'Sourcer');
    const since = new Date(new Date(`${weekOf(now.toISOString().slice(0, 10))}T00:00:00Z`).getTime() - (weeks - 1) * 7 * DAY_MS);
    const [stats, earnings, days] = await Promise.all([this.stats.stats(id), this.earnings.balance(id), this.submissions.outcomesByDay(since, id)]);
    const byWeek = new Map<string, Outcomes>();
    for (let i = 0; i < weeks; i++) byWeek.set(new Date(since.getTime() + i * 7 * DAY_MS).toISOString().slice(0, 10), { checked: 0, passed: 0, notQuiteRight: 0, totallyIrrelevant: 0 });
    for (const day of days) {
      const week = byWeek.get(weekOf(day.date));
      if (!week) continue;
      week.checked += day.checked;
      week.passed += day.passed;
      week.notQuiteRight += day.notQuiteRight;
      week.totallyIrrelevant += day.totallyIrrelevant;
    }
    return {
      id,
      name: user.name,
      email: user.email,
      submitted: stats.counts.submitted,
      decided: stats.decided,
      acceptanceRate: stats.acceptanceRate,
      shares: stats.shares,
      thresholds: stats.thresholds,
      tier: stats.tier,
      score: stats.score,
      capPerJob: stats.capPerJob,
      earnings,
      weeks: [...byWeek].map(([date, o]) => point(date, o)),
    };
  }

  async overview(days: number, now = new Date()) {
    const since = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) - (days - 1) * DAY_MS);
    const [jobs, candidates, subs, sales, roles, outcomes] = await Promise.all([
      this.jobs.countsByStatus(),
      this.candidates.countActive(),
      this.submissions.overview(since),
      this.credits.sales(since),
      this.users.countByRole(),
      this.submissions.outcomesByDay(since),
    ]);
    const outcomesOf = new Map(outcomes.map((o) => [o.date, o]));
    const none: Outcomes = { checked: 0, passed: 0, notQuiteRight: 0, totallyIrrelevant: 0 };
    const total = Object.values(subs.byStatus).reduce((a, b) => a + b, 0);
    const delivered = ['delivered', 'shortlisted', 'contacted', 'interviewing', 'hired'].reduce((sum, s) => sum + (subs.byStatus[s] ?? 0), 0);
    const hired = subs.byStatus.hired ?? 0;
    const series = Array.from({ length: days }, (_, i) => {
      const date = new Date(since.getTime() + i * DAY_MS).toISOString().slice(0, 10);
      return { date, submitted: subs.daily.submitted[date] ?? 0, delivered: subs.daily.delivered[date] ?? 0, hired: subs.daily.hired[date] ?? 0, creditsSold: sales.daily[date] ?? 0, ...figures(outcomesOf.get(date) ?? none) };
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
