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

/**
 * The first `limit` entries, in order, whose subject `load` finds and `keep` accepts. A page's
 * worth is read at a time, concurrently: a page of cached subjects costs about one Redis round
 * trip, not one per entry; entries skipped on a page are made up from the next ones.
 */
export async function firstKept<E, T>(entries: readonly E[], limit: number, load: (entry: E) => Promise<T | null>, keep: (subject: T) => boolean): Promise<{ entry: E; subject: T }[]> {
  const kept: { entry: E; subject: T }[] = [];
  for (let at = 0; at < entries.length && kept.length < limit; ) {
    const page = entries.slice(at, at + limit - kept.length);
    at += page.length;
    const subjects = await Promise.all(page.map(load));
    page.forEach((entry, i) => {
      const subject = subjects[i];
      if (subject !== null && keep(subject)) kept.push({ entry, subject });
    });
  }
  return kept;
}

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
    const [job, run] = await Promise.all([this.jobs.get(principal, jobId), this.runs.findById(`job:${jobId}`).lean<MatchRun>().exec()]);
    const found = await firstKept(run?.results ?? [], limit, (entry) => this.candidates.find(entry.id), (c) => !c.erasedAt);
    const items = found.map(({ entry, subject: c }) => {
      const identified = isAdmin(principal) || c.deliveredTo.includes(job.companyId);
      const evidence = identified ? entry.evidence : entry.evidence.map((e) => ({ ...e, snippet: e.snippet === null ? null : redactPersonalData(e.snippet, c.name) }));
      return { candidate: { id: c.id, name: identified ? c.name : null, skills: c.skills, location: c.location }, score: entry.score, components: entry.components, evidence };
    });
    return { jobId, jobRevision: job.revision, ...this.status(run, job.revision), items };
  }

  /** A candidate's best open jobs, for the owning sourcer. */
  async forCandidate(principal: Principal, candidateId: string, limit: number) {
    const [candidate, run] = await Promise.all([this.candidates.requireOwned(principal, candidateId), this.runs.findById(`candidate:${candidateId}`).lean<MatchRun>().exec()]);
    const found = await firstKept(run?.results ?? [], limit, (entry) => this.jobs.find(entry.id), (job) => job.status === 'published');
    const items = found.map(({ entry, subject: job }) => ({
      job: { id: job.id, title: job.title, companyId: job.companyId, workplace: job.workplace, location: job.location },
      score: entry.score,
      components: entry.components,
      evidence: entry.evidence,
    }));
    return { candidateId, candidateRevision: candidate.revision, ...this.status(run, candidate.revision), items };
  }

  /** The AI check's evidence card for a submission. */
  async forSubmission(principal: Principal, submissionId: string) {
    const submission = await this.submissions.get(principal, submissionId);
    if (!submission.aiCheck) throw new DomainError(ErrorCode.MATCH_PENDING, 'The AI check has not run yet');
    return { submissionId, status: submission.status, ...submission.aiCheck };
  }
}
