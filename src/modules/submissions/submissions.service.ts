import { randomUUID } from 'node:crypto';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { DomainError } from '../../common/errors/domain-error.js';
import { keyset, type Page, toPage } from '../../common/pagination/cursor.js';
import { isAdmin, isEmployerOf } from '../auth/access.js';
import type { Principal } from '../auth/roles.js';
import { type CandidateDataContributor, CandidatesService } from '../candidates/candidates.service.js';
import { JobsService } from '../jobs/jobs.service.js';
import type { CreateSubmissionDto, ListSubmissionsDto } from './dto/submission.dto.js';
import { Intents } from '../../queues/job-intents.js';
import { OutboxService } from '../../queues/outbox/outbox.service.js';
import { WebhooksService } from '../webhooks/webhooks.service.js';
import { OwnershipService } from './ownership.service.js';
import { type Actor, checkMove, type DisqualificationReason, OPEN_STAGES, type Stage, STAGES, TERMINAL } from './pipeline.js';
import { SourcerStatsService } from './sourcer-stats.service.js';
import { type AiCheck, Submission } from './submission.schema.js';
import { type SubmissionView, toSubmissionView } from './submission.view.js';
import { ErrorCode } from '../../common/errors/error-codes.js';

const notFound = () => DomainError.notFound(ErrorCode.SUBMISSION_NOT_FOUND, 'Submission');

/** Decides whether a delivery may happen now (spends a credit) and gives the credit back. */
export interface DeliveryGate {
  reserve(submission: Submission): Promise<boolean>;
  release(submission: Submission): Promise<void>;
}

export interface MoveListener {
  moved(submission: Submission, from: Stage, to: Stage): Promise<void>;
}

@Injectable()
export class SubmissionsService implements OnModuleInit, CandidateDataContributor {
  readonly section = 'submissions';
  private readonly moveListeners: MoveListener[] = [];
  private gate: DeliveryGate | null = null;

  constructor(
    @InjectModel(Submission.name) private readonly submissions: Model<Submission>,
    private readonly ownership: OwnershipService,
    private readonly stats: SourcerStatsService,
    private readonly jobs: JobsService,
    private readonly candidates: CandidatesService,
    private readonly outbox: OutboxService,
    private readonly webhooks: WebhooksService,
  ) {}

  onModuleInit(): void {
    this.candidates.addContributor(this);
  }

  async create(principal: Principal, dto: CreateSubmissionDto): Promise<SubmissionView> {
    const candidate = await this.candidates.requireOwned(principal, dto.candidateId);
    if (candidate.erasedAt) throw new DomainError(ErrorCode.CANDIDATE_ERASED, 'This candidate was erased');
    const job = await this.jobs.get(principal, dto.jobId);
    if (job.status !== 'published') throw new DomainError(ErrorCode.JOB_NOT_OPEN, `The job is ${job.status}, not open for submissions`);
    if (await this.submissions.exists({ jobId: job.id, candidateId: candidate.id }).exec()) throw this.alreadySubmitted();

    const sourcerId = principal.userId;
    const { capPerJob } = await this.stats.quality(sourcerId);
    if (!(await this.ownership.reserveSlot(sourcerId, job.id, capPerJob))) {
      throw new DomainError(ErrorCode.SUBMISSION_CAP_REACHED, `You have ${capPerJob} open submissions on this job, your current limit`, { cap: capPerJob });
    }
    const id = randomUUID();
    const claimed = await this.ownership
      .claim({ companyId: job.companyId, fingerprints: candidate.fingerprints, sourcerId, candidateId: candidate.id, submissionId: id })
      .catch(async (error: unknown) => {
        await this.ownership.releaseSlot(sourcerId, job.id);
        throw error;
      });
    if (!claimed) {
      await this.ownership.releaseSlot(sourcerId, job.id);
      // Says only that: not who, not since when.
      throw new DomainError(ErrorCode.CANDIDATE_ALREADY_REPRESENTED, 'This person is already represented for this company');
    }
    try {
      const now = new Date();
      // The AI check is recorded with the write: a 201 means it will run, whatever Redis does.
      const created = await this.outbox.afterWrite([Intents.checkSubmission(id)], () => this.submissions.create({
        _id: id,
        jobId: job.id,
        companyId: job.companyId,
        candidateId: candidate.id,
        sourcerId,
        pitch: dto.pitch,
        status: 'submitted',
        history: [{ from: null, to: 'submitted', by: sourcerId, role: 'sourcer', at: now }],
      }));
      return toSubmissionView(created.toObject());
    } catch (error) {
      await this.ownership.releaseClaims(id);
      await this.ownership.releaseSlot(sourcerId, job.id);
      if ((error as { code?: number }).code === 11000) throw this.alreadySubmitted();
      throw error;
    }
  }

  private alreadySubmitted(): DomainError {
    return new DomainError(ErrorCode.ALREADY_SUBMITTED, 'This candidate was already submitted to this job');
  }

  /** Sourcers see their own; employers what was delivered to their company; admins all. */
  private canSee(principal: Principal, s: Submission): boolean {
    if (isAdmin(principal)) return true;
    if (isEmployerOf(principal, s.companyId) && s.deliveredAt) return true;
    return principal.roles.includes('sourcer') && s.sourcerId === principal.userId;
  }

  async get(principal: Principal, id: string): Promise<SubmissionView> {
    const submission = await this.submissions.findById(id).lean<Submission>().exec();
    if (!submission || !this.canSee(principal, submission)) throw notFound();
    return toSubmissionView(submission);
  }

  async list(principal: Principal, query: ListSubmissionsDto & { candidateId?: string; sourcerId?: string }): Promise<Page<SubmissionView>> {
    const page = keyset({ field: 'createdAt', direction: -1 }, query.cursor);
    const clauses: Record<string, unknown>[] = [page.filter];
    if (!isAdmin(principal)) {
      if (principal.roles.includes('employer')) clauses.push({ companyId: principal.companyId ?? '\u0000none', deliveredAt: { $exists: true } });
      else clauses.push({ sourcerId: principal.userId });
    }
    if (query.jobId) clauses.push({ jobId: query.jobId });
    if (query.status) clauses.push({ status: query.status });
    if (query.candidateId) clauses.push({ candidateId: query.candidateId });
    if (query.sourcerId) clauses.push({ sourcerId: query.sourcerId });
    const rows = await this.submissions.find({ $and: clauses }).sort(page.sort).limit(query.limit + 1).lean<Submission[]>().exec();
    return toPage(rows, query.limit, 'createdAt', toSubmissionView);
  }

  private actorFor(principal: Principal, s: Submission): Actor {
    if (isAdmin(principal)) return 'admin';
    if (isEmployerOf(principal, s.companyId)) return 'employer';
    return 'sourcer';
  }

  /** A move by a person: the caller must see the submission and be allowed the move. */
  async move(principal: Principal, id: string, to: Stage, reason?: DisqualificationReason): Promise<SubmissionView> {
    const current = await this.submissions.findById(id).lean<Submission>().exec();
    if (!current || !this.canSee(principal, current)) throw notFound();
    return this.apply(current, to, this.actorFor(principal, current), principal.userId, reason);
  }

  /** A move by the system (the AI check); the same rules, recorded as `system`. */
  async moveBySystem(id: string, to: Stage, reason?: DisqualificationReason): Promise<SubmissionView> {
    const current = await this.submissions.findById(id).lean<Submission>().exec();
    if (!current) throw notFound();
    return this.apply(current, to, 'system', 'system', reason);
  }

  /** Payments plugs in here: a delivery spends one of the company's credits. */
  setDeliveryGate(gate: DeliveryGate): void {
    this.gate = gate;
  }

  /** Earnings follow moves (delivered, hired, disqualified). */
  onMoved(listener: MoveListener): void {
    this.moveListeners.push(listener);
  }

  private async apply(current: Submission, to: Stage, actor: Actor, by: string, reason?: DisqualificationReason): Promise<SubmissionView> {
    const check = checkMove(current.status, to, actor, reason);
    if (!check.ok) throw new DomainError(check.code, check.message, { from: current.status, to });
    if (to !== 'delivered' || !this.gate) return toSubmissionView(await this.transition(current, to, actor, by, reason));
    // With payments on, delivering spends a credit: wait in awaiting_credit until one is spent.
    let waiting = current;
    if (waiting.status === 'submitted') waiting = await this.transition(waiting, 'awaiting_credit', actor, by);
    // The spend is keyed by the submission, so of any number of concurrent deliveries at most
    // one credit is taken; whoever finds it taken may finish the delivery it paid for.
    if (!(await this.gate.reserve(waiting))) return toSubmissionView(waiting);
    try {
      return toSubmissionView(await this.transition(waiting, 'delivered', actor, by));
    } catch (error) {
      // Losing the race to another delivery of the same submission is not a reason to refund:
      // only a submission that can never be delivered any more gives its credit back.
      await this.refundIfUndeliverable(waiting._id);
      throw error;
    }
  }

  /** Gives back the credit spent on a submission that ended without being delivered (idempotent). */
  private async refundIfUndeliverable(id: string): Promise<void> {
    if (!this.gate) return;
    const now = await this.submissions.findById(id).lean<Submission>().exec();
    if (now && !now.deliveredAt && TERMINAL.includes(now.status)) await this.gate.release(now);
  }

  private async transition(current: Submission, to: Stage, actor: Actor, by: string, reason?: DisqualificationReason): Promise<Submission> {
    const now = new Date();
    const set: Record<string, unknown> = { status: to };
    if (reason) set.disqualificationReason = reason;
    if (to === 'delivered') set.deliveredAt = now;
    if (to === 'awaiting_credit') set.awaitingSince = now;
    // Conditional on the stage read: of two concurrent moves, one applies and one is told.
    const updated = await this.submissions
      .findOneAndUpdate(
        { _id: current._id, status: current.status },
        { $set: set, $push: { history: { from: current.status, to, by, role: actor, at: now, ...(reason ? { reason } : {}) } } },
        { returnDocument: 'after' },
      )
      .lean<Submission>()
      .exec();
    if (!updated) throw new DomainError(ErrorCode.SUBMISSION_STAGE_CHANGED, 'The submission moved meanwhile; reload it');
    await this.stats.forget(updated.sourcerId);
    if (to === 'delivered') await this.candidates.markDelivered(updated.candidateId, updated.companyId);
    if (OPEN_STAGES.includes(current.status) && !OPEN_STAGES.includes(to)) await this.ownership.releaseSlot(updated.sourcerId, updated.jobId);
    if (to === 'withdrawn') await this.ownership.handOver(updated);
    // A delivery racing this move may have spent a credit already: it goes back.
    if (current.status === 'awaiting_credit' && TERMINAL.includes(to)) await this.refundIfUndeliverable(updated._id);
    for (const listener of this.moveListeners) await listener.moved(updated, current.status, to);
    // The company's webhooks: one event per move (named by the move's place in the history).
    const move = { submissionId: updated._id, jobId: updated.jobId, candidateId: updated.candidateId, from: current.status, to };
    const eventId = `${updated._id}.${updated.history.length}`;
    await this.webhooks.emit(updated.companyId, 'submission.moved', `submission.moved.${eventId}`, move);
    if (to === 'delivered') await this.webhooks.emit(updated.companyId, 'submission.delivered', `submission.delivered.${eventId}`, move);
    return updated;
  }

  /** Delivers a company's submissions waiting for credit, oldest first, while credit lasts. */
  async releaseAwaiting(companyId: string): Promise<number> {
    let delivered = 0;
    const waiting = await this.submissions.find({ companyId, status: 'awaiting_credit' }).sort({ awaitingSince: 1, _id: 1 }).lean<Submission[]>().exec();
    for (const submission of waiting) {
      try {
        const result = await this.apply(submission, 'delivered', 'system', 'system');
        if (result.status !== 'delivered') break;
        delivered++;
      } catch (error) {
        // Moved meanwhile (another release, a withdrawal): go on with the next.
        if (!(error instanceof DomainError && error.status === 409)) throw error;
      }
    }
    return delivered;
  }

  /**
   * Platform figures for the admin overview, from aggregation pipelines over indexed fields:
   * totals by stage, the AI check's pass rate, and per-day submissions, deliveries and hires.
   */
  async overview(since: Date) {
    const day = (field: string) => ({ $dateToString: { format: '%Y-%m-%d', date: field } });
    const count = (filter: Record<string, unknown>) => this.submissions.countDocuments(filter).exec();
    const [byStatus, checked, passed, submittedDaily, deliveredDaily, hiredDaily] = await Promise.all([
      // Index-backed counts, never a pass over every submission.
      Promise.all(STAGES.map(async (status) => ({ _id: status as string, n: await count({ status }) }))).then((rows) => rows.filter((r) => r.n > 0)),
      count({ 'aiCheck.passed': { $in: [true, false] } }),
      count({ 'aiCheck.passed': true }),
      this.submissions.aggregate<{ _id: string; n: number }>([{ $match: { createdAt: { $gte: since } } }, { $group: { _id: day('$createdAt'), n: { $sum: 1 } } }]).exec(),
      this.submissions.aggregate<{ _id: string; n: number }>([{ $match: { deliveredAt: { $gte: since } } }, { $group: { _id: day('$deliveredAt'), n: { $sum: 1 } } }]).exec(),
      this.submissions.aggregate<{ _id: string; n: number }>([
        { $match: { status: 'hired', updatedAt: { $gte: since } } },
        { $unwind: '$history' },
        { $match: { 'history.to': 'hired' } },
        { $group: { _id: day('$history.at'), n: { $sum: 1 } } },
      ]).exec(),
    ]);
    const toMap = (rows: { _id: string; n: number }[]) => Object.fromEntries(rows.map((r) => [r._id, r.n]));
    return { byStatus: toMap(byStatus), aiCheck: { checked, passed }, daily: { submitted: toMap(submittedDaily), delivered: toMap(deliveredDaily), hired: toMap(hiredDaily) } };
  }

  /**
   * The AI check's outcomes per day (of the check) since a date, for everyone or one sourcer:
   * how many were checked and passed, and how many of those employers later called not quite
   * right or totally irrelevant (the two shares sourcer quality is judged by).
   */
  async outcomesByDay(since: Date, sourcerId?: string): Promise<{ date: string; checked: number; passed: number; notQuiteRight: number; totallyIrrelevant: number }[]> {
    const reason = (r: string) => ({ $sum: { $cond: [{ $eq: ['$disqualificationReason', r] }, 1, 0] } });
    const rows = await this.submissions
      .aggregate<{ _id: string; checked: number; passed: number; notQuiteRight: number; totallyIrrelevant: number }>([
        { $match: { 'aiCheck.checkedAt': { $gte: since }, ...(sourcerId ? { sourcerId } : {}) } },
        {
          $group: {
            _id: { $dateToString: { format: '%Y-%m-%d', date: '$aiCheck.checkedAt' } },
            checked: { $sum: 1 },
            passed: { $sum: { $cond: ['$aiCheck.passed', 1, 0] } },
            notQuiteRight: reason('not_quite_right'),
            totallyIrrelevant: reason('totally_irrelevant'),
          },
        },
        { $sort: { _id: 1 } },
      ])
      .exec();
    return rows.map(({ _id, ...counts }) => ({ date: _id, ...counts }));
  }

  /** The submission's stage, as the audit log keeps it around an admin's move. */
  async auditSnapshot(id: string): Promise<{ status: string; disqualificationReason: string | null } | null> {
    const found = await this.find(id);
    return found && { status: found.status, disqualificationReason: found.disqualificationReason ?? null };
  }

  /** The submission as stored, with no access check: for the AI check in the worker. */
  async find(id: string): Promise<Submission | null> {
    return this.submissions.findById(id).lean<Submission>().exec();
  }

  /** Records the AI check's verdict (idempotent: a re-run writes the same verdict). */
  async recordAiCheck(id: string, check: AiCheck): Promise<void> {
    await this.submissions.updateOne({ _id: id }, { $set: { aiCheck: check } }).exec();
  }

  /**
   * Employers' decisions as training labels over the AI check's components: positive once
   * shortlisted (or further), negative when disqualified as not quite right or totally
   * irrelevant after delivery. The AI check's own verdicts are not labels.
   */
  async trainingExamples(companyId?: string): Promise<{ components: Record<string, number | null>; label: 0 | 1; companyId: string }[]> {
    const positive: Stage[] = ['shortlisted', 'contacted', 'interviewing', 'hired'];
    const rows = await this.submissions
      .find(
        {
          ...(companyId ? { companyId } : {}),
          'aiCheck.components': { $exists: true },
          deliveredAt: { $exists: true },
          $or: [{ status: { $in: positive } }, { status: 'disqualified', disqualificationReason: { $in: ['not_quite_right', 'totally_irrelevant'] as DisqualificationReason[] } }],
        },
        { companyId: 1, status: 1, 'aiCheck.components': 1 },
      )
      .lean<Submission[]>()
      .exec();
    return rows.map((r) => ({ components: r.aiCheck!.components, label: positive.includes(r.status) ? 1 : 0, companyId: r.companyId }));
  }

  async exportData(candidateId: string): Promise<unknown> {
    const rows = await this.submissions.find({ candidateId }).sort({ createdAt: 1 }).lean<Submission[]>().exec();
    return rows.map(toSubmissionView);
  }

  /** Keeps each submission's outcome (statistics) and drops the free text about the person. */
  async erase(candidateId: string): Promise<void> {
    await this.submissions.updateMany({ candidateId }, { $unset: { pitch: 1 } }).exec();
    await this.ownership.releaseCandidate(candidateId);
  }
}
