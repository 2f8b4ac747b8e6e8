import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { DomainError } from '../../common/errors/domain-error.js';
import { isAdmin } from '../auth/access.js';
import type { Principal } from '../auth/roles.js';
import { CandidatesService } from '../candidates/candidates.service.js';
import { JobsService } from '../jobs/jobs.service.js';
import { SubmissionsService } from '../submissions/submissions.service.js';
import { redactPersonalData } from './engine/redact.js';
import { MatchRun } from './matching.schema.js';
import { ErrorCode } from '../../common/errors/error-codes.js';

/** Reading stored matches, with the same visibility rules as the objects they are about. */
@Injectable()
export class MatchesService {
  constructor(
    @InjectModel(MatchRun.name) private readonly runs: Model<MatchRun>,
    private readonly jobs: JobsService,
    private readonly candidates: CandidatesService,
    private readonly submissions: SubmissionsService,
  ) {}

  private status(run: MatchRun | null, revision: number) {
    if (!run) return { status: 'pending' as const, computedAt: null, model: null };
    return { status: run.subjectRevision < revision ? ('updating' as const) : ('ready' as const), computedAt: run.computedAt, model: run.model };
  }

  /**
   * A job's best candidates. Until a person is delivered to the company, the employer sees no
   * way to reach or identify them: no name, and evidence with contact details taken out
   * (again here, so results stored before redaction existed cannot leak either).
   */
  async forJob(principal: Principal, jobId: string, limit: number) {
    const job = await this.jobs.get(principal, jobId);
    const run = await this.runs.findById(`job:${jobId}`).lean<MatchRun>().exec();
    const items = [];
    for (const entry of run?.results ?? []) {
      if (items.length >= limit) break;
      const c = await this.candidates.find(entry.id);
      if (!c || c.erasedAt) continue;
      const identified = isAdmin(principal) || c.deliveredTo.includes(job.companyId);
      const evidence = identified ? entry.evidence : entry.evidence.map((e) => ({ ...e, snippet: e.snippet === null ? null : redactPersonalData(e.snippet, c.name) }));
      items.push({ candidate: { id: c.id, name: identified ? c.name : null, skills: c.skills, location: c.location }, score: entry.score, components: entry.components, evidence });
    }
    return { jobId, jobRevision: job.revision, ...this.status(run, job.revision), items };
  }

  /** A candidate's best open jobs, for the owning sourcer. */
  async forCandidate(principal: Principal, candidateId: string, limit: number) {
    const candidate = await this.candidates.requireOwned(principal, candidateId);
    const run = await this.runs.findById(`candidate:${candidateId}`).lean<MatchRun>().exec();
    const items = [];
    for (const entry of run?.results ?? []) {
      if (items.length >= limit) break;
      const job = await this.jobs.find(entry.id);
      if (!job || job.status !== 'published') continue;
      items.push({ job: { id: job.id, title: job.title, companyId: job.companyId, workplace: job.workplace, location: job.location }, score: entry.score, components: entry.components, evidence: entry.evidence });
    }
    return { candidateId, candidateRevision: candidate.revision, ...this.status(run, candidate.revision), items };
  }

  /** The AI check's evidence card for a submission. */
  async forSubmission(principal: Principal, submissionId: string) {
    const submission = await this.submissions.get(principal, submissionId);
    if (!submission.aiCheck) throw new DomainError(ErrorCode.MATCH_PENDING, 'The AI check has not run yet');
    return { submissionId, status: submission.status, ...submission.aiCheck };
  }
}
