import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { CacheFamily, CacheGeneration, CacheKeys } from '../../common/cache/cache-keys.js';
import { ReadCache } from '../../common/cache/read-cache.service.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { escapeRegex } from '../../common/mongo/escape-regex.js';
import { keyset, type Page, toPage } from '../../common/pagination/cursor.js';
import { canSeeCompany, isAdmin } from '../auth/access.js';
import type { Principal } from '../auth/roles.js';
import { SkillsService } from '../skills/skills.service.js';
import { skillText } from '../skills/tokens.js';
import type { CreateJobDto } from './dto/job.dto.js';
import type { ListJobsDto } from './dto/list-jobs.dto.js';
import type { UpdateJobDto } from './dto/update-job.dto.js';
import { ChangeSequences } from '../../common/mongo/change-sequence.js';
import { Intents } from '../../queues/job-intents.js';
import { OutboxService } from '../../queues/outbox/outbox.service.js';
import { Job, JOB_STATUSES, type JobStatus } from './job.schema.js';
import { type JobView, toJobView } from './job.view.js';
import { ErrorCode } from '../../common/errors/error-codes.js';

export type JobMove = 'publish' | 'pause' | 'close';
const MOVES: Record<JobMove, { from: JobStatus[]; to: JobStatus }> = {
  publish: { from: ['draft', 'paused'], to: 'published' },
  pause: { from: ['published'], to: 'paused' },
  close: { from: ['draft', 'published', 'paused'], to: 'closed' },
};

const notFound = () => DomainError.notFound(ErrorCode.JOB_NOT_FOUND, 'Job');

/** Sourcers see every job that was ever opened to them; drafts stay with the company. */
function canSee(principal: Principal, job: JobView): boolean {
  return canSeeCompany(principal, job.companyId) || (principal.roles.includes('sourcer') && job.status !== 'draft');
}


/** The change sequence matching follows for jobs (see ChangeSequences). */
export const JOB_CHANGES = 'jobs';

@Injectable()
export class JobsService {
  constructor(
    @InjectModel(Job.name) private readonly jobs: Model<Job>,
    private readonly cache: ReadCache,
    private readonly outbox: OutboxService,
    private readonly sequences: ChangeSequences,
    private readonly skills: SkillsService,
  ) {}

  /**
   * Skills as taxonomy ids, so a search for "golang" finds a job asking for "Go", and as
   * written, so a job stays findable when an import adds the skill to the taxonomy.
   */
  private searchKeys(skill: string): string[] {
    return [...new Set([...this.skills.skills.resolve(skill).map((r) => r.key), skillText(skill)])];
  }

  private skillKeysOf(job: Pick<Job, 'mustHave' | 'niceToHave'>): string[] {
    return [...new Set([...job.mustHave, ...job.niceToHave].flatMap((r) => this.searchKeys(r.skill)))];
  }

  /**
   * A write matching must see: a job that is (or was) open to sourcers is ranked again, and
   * the document is stamped with the next change number. Drafts are nobody's business yet.
   */
  private write<T>(id: string, ranked: boolean, apply: (changeSeq: number) => Promise<T>): Promise<T> {
    const restamp = async (from: number, to: number) => void (await this.jobs.updateOne({ _id: id, changeSeq: from }, { $set: { changeSeq: to } }).exec());
    return this.outbox.afterWrite(ranked ? [Intents.matchJob(id)] : [], () => this.sequences.stamp(JOB_CHANGES, apply, restamp));
  }

  async create(principal: Principal, dto: CreateJobDto): Promise<JobView> {
    if (!principal.companyId) throw new DomainError(ErrorCode.COMPANY_REQUIRED, 'Only an employer of a company can post jobs');
    const fields = { mustHave: dto.mustHave ?? [], niceToHave: dto.niceToHave ?? [] };
    const id = randomUUID();
    const job = await this.write(id, false, (changeSeq) => this.jobs.create({
      ...dto,
      ...fields,
      changeSeq,
      _id: id,
      companyId: principal.companyId,
      createdBy: principal.userId,
      location: dto.location ?? {},
      languages: dto.languages ?? [],
      skillKeys: this.skillKeysOf(fields),
      status: 'draft',
      history: [{ from: null, to: 'draft', by: principal.userId, at: new Date() }],
      revision: 1,
    }));
    return this.changed(job.toObject());
  }

  /** Read through the cache; visibility is decided per caller after the read. */
  async get(principal: Principal, id: string): Promise<JobView> {
    const job = await this.find(id);
    if (!job || !canSee(principal, job)) throw notFound();
    return job;
  }

  /** The job as stored (cached), with no access check: for other modules' services. */
  find(id: string): Promise<JobView | null> {
    return this.cache.read(CacheFamily.Job, CacheKeys.job(id), async () => {
      const job = await this.jobs.findById(id).lean<Job>().exec();
      return job ? toJobView(job) : null;
    });
  }

  /** Jobs per status (admin overview). */
  async countsByStatus(): Promise<Record<string, number>> {
    // One index-backed count per status, never a pass over every job.
    const counts = await Promise.all(JOB_STATUSES.map(async (status) => [status, await this.jobs.countDocuments({ status }).exec()] as const));
    return Object.fromEntries(counts.filter(([, n]) => n > 0));
  }

  /** Every published job, for ranking a candidate against them (the worker). */
  async published(): Promise<JobView[]> {
    const rows = await this.jobs.find({ status: 'published' }).lean<Job[]>().exec();
    return rows.map(toJobView);
  }

  async update(principal: Principal, id: string, dto: UpdateJobDto): Promise<JobView> {
    // Optimistic: the write applies only to the revision read, so two edits never mix.
    for (let attempt = 0; attempt < 3; attempt++) {
      const current = await this.jobs.findById(id).lean<Job>().exec();
      if (!current || !canSeeCompany(principal, current.companyId)) throw notFound();
      if (current.status === 'closed') throw new DomainError(ErrorCode.JOB_CLOSED, 'A closed job cannot be edited');
      const next = { ...dto, mustHave: dto.mustHave ?? current.mustHave, niceToHave: dto.niceToHave ?? current.niceToHave };
      const updated = await this.write(id, current.status !== 'draft', (changeSeq) =>
        this.jobs
          .findOneAndUpdate(
            { _id: id, revision: current.revision, status: { $ne: 'closed' } },
            { $set: { ...next, skillKeys: this.skillKeysOf(next), changeSeq }, $inc: { revision: 1 } },
            { returnDocument: 'after' },
          )
          .lean<Job>()
          .exec(),
      );
      if (updated) return this.changed(updated);
    }
    throw new DomainError(ErrorCode.JOB_EDIT_CONFLICT, 'The job changed while saving; try again');
  }

  async move(principal: Principal, id: string, move: JobMove): Promise<JobView> {
    const rule = MOVES[move];
    const current = await this.jobs.findById(id).lean<Job>().exec();
    if (!current || !canSeeCompany(principal, current.companyId)) throw notFound();
    const now = new Date();
    const updated = await this.write(id, true, (changeSeq) =>
      this.jobs
        .findOneAndUpdate(
          { _id: id, status: { $in: rule.from } },
          {
            $set: { status: rule.to, changeSeq },
            ...(rule.to === 'published' ? { $min: { publishedAt: now } } : {}),
            $push: { history: { from: current.status, to: rule.to, by: principal.userId, at: now } },
            $inc: { revision: 1 },
          },
          { returnDocument: 'after' },
        )
        .lean<Job>()
        .exec(),
    );
    if (!updated) {
      const status = (await this.jobs.findById(id, { status: 1 }).lean<Job>().exec())?.status ?? current.status;
      throw new DomainError(ErrorCode.INVALID_JOB_TRANSITION, `A ${status} job cannot be moved to ${rule.to}`, { from: status, to: rule.to });
    }
    return this.changed(updated);
  }

  async list(principal: Principal, query: ListJobsDto): Promise<Page<JobView>> {
    // Sourcers see only published jobs: the hot, shared list, so it is cached.
    if (!isAdmin(principal) && !principal.roles.includes('employer')) {
      const generation = await this.cache.generation(CacheGeneration.JobList);
      const { status: _ignored, ...shared } = query;
      return this.cache.read(CacheFamily.JobList, CacheKeys.jobList(generation, shared), () => this.query({ ...shared, status: 'published' }));
    }
    const companyId = isAdmin(principal) ? undefined : (principal.companyId ?? '\u0000none');
    return this.query(query, companyId);
  }

  private async query(query: ListJobsDto, companyId?: string): Promise<Page<JobView>> {
    const published = query.status === 'published' && !companyId;
    const order = published ? { field: 'publishedAt', direction: -1 as const } : { field: 'createdAt', direction: -1 as const };
    const page = keyset(order, query.cursor);
    const clauses: Record<string, unknown>[] = [page.filter];
    if (companyId) clauses.push({ companyId });
    if (query.status) clauses.push({ status: query.status });
    if (query.skill) clauses.push({ skillKeys: { $in: this.searchKeys(query.skill) } });
    if (query.seniority) clauses.push({ seniority: query.seniority });
    if (query.remote !== undefined) clauses.push({ workplace: query.remote ? 'remote' : { $ne: 'remote' } });
    if (query.location) {
      const prefix = new RegExp(`^${escapeRegex(query.location.trim())}`, 'i');
      clauses.push({ $or: [{ 'location.city': prefix }, { 'location.country': prefix }] });
    }
    const filter: Record<string, unknown> = { $and: clauses };
    if (query.q) filter.$text = { $search: query.q };
    const rows = await this.jobs.find(filter).sort(page.sort).limit(query.limit + 1).lean<Job[]>().exec();
    return toPage(rows, query.limit, order.field as keyof Job, toJobView);
  }

  /** After every write: drop cached copies (matching's work was queued with the write). */
  private async changed(job: Job): Promise<JobView> {
    await this.cache.invalidate(CacheKeys.job(job._id));
    await this.cache.bump(CacheGeneration.JobList);
    return toJobView(job);
  }
}
