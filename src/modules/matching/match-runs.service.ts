import { WebhooksService } from '../webhooks/webhooks.service.js';
import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { DomainError } from '../../common/errors/domain-error.js';
import { AppConfig } from '../../config/app-config.js';
import { Intents } from '../../queues/job-intents.js';
import { OutboxService } from '../../queues/outbox/outbox.service.js';
import type { JobOutcome } from '../../queues/queue.types.js';
import { CandidatesService } from '../candidates/candidates.service.js';
import { JobsService } from '../jobs/jobs.service.js';
import { SubmissionsService } from '../submissions/submissions.service.js';
import { featuresOf } from './engine/features.js';
import { scoreMatch } from './engine/match.js';
import { type CandidateProfile, candidateProfile, type JobProfile, jobProfile } from './engine/profiles.js';
import { toCandidateInput, toJobInput } from './inputs.js';
import { MatchingIndexService } from './matching-index.service.js';
import { type MatchEntry, MatchRun } from './matching.schema.js';
import { type ModelInUse, ScoringModelsService } from './scoring-models.service.js';
import { SkillsService } from '../skills/skills.service.js';


/** The matching computations the worker runs, each idempotent and version-guarded. */
@Injectable()
export class MatchRunsService {
  constructor(
    @InjectModel(MatchRun.name) private readonly runs: Model<MatchRun>,
    private readonly index: MatchingIndexService,
    private readonly models: ScoringModelsService,
    private readonly jobs: JobsService,
    private readonly candidates: CandidatesService,
    private readonly submissions: SubmissionsService,
    private readonly outbox: OutboxService,
    private readonly config: AppConfig,
    private readonly skills: SkillsService,
    private readonly webhooks: WebhooksService,
  ) {}

  /**
   * Stores a run unless a newer one is there: newer subject revision, or the same revision
   * computed from later data. The unique _id turns a lost race into a duplicate-key error.
   */
  private async store(kind: 'job' | 'candidate', subjectId: string, revision: number, seenUpTo: number, model: string, results: MatchEntry[]): Promise<boolean> {
    const _id = `${kind}:${subjectId}`;
    try {
      await this.runs
        .updateOne(
          { _id, $or: [{ subjectRevision: { $lt: revision } }, { subjectRevision: revision, seenUpTo: { $lte: seenUpTo } }] },
          { $set: { kind, subjectId, subjectRevision: revision, seenUpTo, model, results, computedAt: new Date() }, $inc: { computations: 1 } },
          { upsert: true },
        )
        .exec();
      return true;
    } catch (error) {
      if ((error as { code?: number }).code === 11000) return false;
      throw error;
    }
  }

  private async profileOf(candidateId: string): Promise<CandidateProfile | null> {
    const [record] = await this.candidates.forMatching([candidateId]);
    if (!record || record.erasedAt) return null;
    try {
      return candidateProfile(toCandidateInput(record), this.skills.skills);
    } catch {
      // Data the engine cannot use (the index logged and counted it): treated as absent.
      return null;
    }
  }

  async rankJob(jobId: string): Promise<JobOutcome> {
    const job = await this.jobs.find(jobId);
    if (!job || job.status !== 'published') {
      await this.runs.deleteOne({ _id: `job:${jobId}` }).exec();
      return { status: 'skipped', reason: job ? `job is ${job.status}` : 'job not found' };
    }
    const index = await this.index.sync();
    const { model, version } = await this.models.forCompany(job.companyId);
    const profile = jobProfile(toJobInput(job), this.skills.taxonomy);
    const top = index.topForJob(profile, this.config.MATCH_RESULTS, model);
    // The index holds no text: the evidence is cut from the ranked candidates' own documents.
    const compiled = index.compile(profile, model);
    const rows = await this.candidates.forMatching(top.map((r) => r.id));
    const results = rows
      .filter((row) => !row.erasedAt)
      .flatMap((row) => {
        try {
          const m = scoreMatch(profile, candidateProfile(toCandidateInput(row), this.skills.skills), index, model, compiled);
          return [{ id: row.id, score: m.score, components: m.components, evidence: m.evidence }];
        } catch {
          return [];
        }
      })
      // A candidate written since the index read them is shown with their current score.
      .sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1));
    const stored = await this.store('job', job.id, job.revision, this.index.version, version, results);
    if (!stored) return { status: 'skipped', reason: 'a newer run is stored' };
    // One event per job revision and index version: a run repeated for the same state says nothing new.
    await this.webhooks.emit(job.companyId, 'job.matches_ready', `job.matches_ready.${job.id}.${job.revision}.${this.index.version}`, { jobId: job.id, revision: job.revision, matches: results.length });
    // The candidates in this list whose own lists do not show this job with this score yet.
    const theirs = await this.runs
      .find({ _id: { $in: results.map((r) => `candidate:${r.id}`) } }, { subjectId: 1, results: { $elemMatch: { id: job.id } } })
      .lean<MatchRun[]>()
      .exec();
    const shown = new Map(theirs.map((r) => [r.subjectId, r.results?.[0]?.score]));
    await this.outbox.trigger(...results.filter((r) => shown.get(r.id) !== r.score).map((r) => Intents.matchCandidate(r.id)));
    return { status: 'done', result: { candidates: results.length } };
  }

  async rankCandidate(candidateId: string): Promise<JobOutcome> {
    const profile = await this.profileOf(candidateId);
    const recompute = new Set<string>();
    if (!profile) {
      // Jobs whose list holds this candidate must drop them.
      const holding = await this.runs.find({ kind: 'job', 'results.id': candidateId }, { subjectId: 1 }).lean<MatchRun[]>().exec();
      holding.forEach((r) => recompute.add(r.subjectId));
      await this.runs.deleteOne({ _id: `candidate:${candidateId}` }).exec();
      await this.outbox.trigger(...[...recompute].map(Intents.matchJob));
      return { status: 'skipped', reason: 'candidate not found or erased' };
    }
    const index = await this.index.sync();
    const published = await this.index.syncJobs();
    const jobIndex = this.index.jobIndex;
    const models = new Map<string, ModelInUse>();
    for (const job of published.values()) if (!models.has(job.companyId)) models.set(job.companyId, await this.models.forCompany(job.companyId));
    const modelFor = (job: JobProfile) => models.get(published.get(job.id)!.companyId)!.model;
    const features = featuresOf(profile);
    const top = jobIndex.topForCandidate(features, this.config.MATCH_RESULTS, index, modelFor);
    const results = top.map(({ id }) => {
      const job = jobIndex.get(id)!;
      const m = scoreMatch(job, profile, index, modelFor(job));
      return { id, score: m.score, components: m.components, evidence: m.evidence };
    });
    const seenUpTo = Math.max(0, ...[...published.values()].map((j) => j.changeSeq));
    await this.store('candidate', profile.id, profile.revision, seenUpTo, 'per-company', results);

    // Job lists that would change: one shows this candidate with another score, or lacks them
    // and has room or a last entry they beat. Lists already showing them as scored are left
    // alone, so jobs and candidates never keep re-queueing each other. Jobs sharing no skill
    // with the candidate are scored only when their bound could beat the list's last entry.
    const ids = [...published.keys()];
    const lists = await this.runs
      .aggregate<{ subjectId: string; size: number; last: number | null }>([
        { $match: { kind: 'job', subjectId: { $in: ids } } },
        { $project: { subjectId: 1, size: { $size: '$results' }, last: { $arrayElemAt: ['$results.score', -1] } } },
      ])
      .exec();
    const listOf = new Map(lists.map((l) => [l.subjectId, l]));
    const placed = await this.runs
      .find({ kind: 'job', subjectId: { $in: ids }, 'results.id': candidateId }, { subjectId: 1, results: { $elemMatch: { id: candidateId } } })
      .lean<MatchRun[]>()
      .exec();
    const shownAs = new Map(placed.map((p) => [p.subjectId, p.results?.[0]?.score]));
    const sharing = jobIndex.sharingSkills(features);
    for (const id of ids) {
      const job = jobIndex.get(id)!;
      const list = listOf.get(id);
      const shown = shownAs.get(id);
      const roomy = !list || list.size < this.config.MATCH_RESULTS;
      if (shown === undefined && !roomy && !sharing.has(id) && this.index.jobIndex.unmatchedBound(job, modelFor(job)) <= (list?.last ?? -1)) continue;
      const score = jobIndex.score(job, features, index, modelFor(job));
      if (shown !== undefined ? shown !== score : roomy || score > (list?.last ?? -1)) recompute.add(id);
    }
    await this.outbox.trigger(...[...recompute].map(Intents.matchJob));
    return { status: 'done', result: { jobs: results.length, jobsToRerank: recompute.size } };
  }

  /** The AI check: deliver when every must-have is found and the score reaches the threshold. */
  async checkSubmission(submissionId: string): Promise<JobOutcome> {
    const submission = await this.submissions.find(submissionId);
    if (!submission) return { status: 'skipped', reason: 'submission not found' };
    if (submission.status !== 'submitted') return { status: 'skipped', reason: `already ${submission.status}` };
    const job = await this.jobs.find(submission.jobId);
    const profile = await this.profileOf(submission.candidateId);
    if (!job || !profile) return { status: 'failed', reason: 'job or candidate not found or not usable', retry: false };
    const index = await this.index.sync();
    const { model } = await this.models.forCompany(job.companyId);
    const m = scoreMatch(jobProfile(toJobInput(job), this.skills.taxonomy), profile, index, model);
    const threshold = job.matchThreshold ?? this.config.MATCH_THRESHOLD;
    const passed = m.allMustHavesFound && m.score >= threshold;
    await this.submissions.recordAiCheck(submissionId, { score: m.score, threshold, passed, components: m.components, evidence: m.evidence, checkedAt: new Date() });
    try {
      await this.submissions.moveBySystem(submissionId, passed ? 'delivered' : 'disqualified', passed ? undefined : 'not_quite_right');
    } catch (error) {
      // Someone (an admin, the sourcer withdrawing) moved it meanwhile: their move stands.
      if (error instanceof DomainError && error.status === 409) return { status: 'skipped', reason: error.code };
      throw error;
    }
    return { status: 'done', result: { score: m.score, passed } };
  }

  async refit(): Promise<JobOutcome> {
    const fitted = await this.models.refit();
    if (fitted.length > 0) await this.outbox.trigger(...(await this.jobs.published()).map((job) => Intents.matchJob(job.id)));
    return { status: 'done', result: { fitted } };
  }
}
