import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { LOGGER } from '../../common/core.module.js';
import { MetricsService } from '../../common/metrics/metrics.service.js';
import { CandidatesService } from '../candidates/candidates.service.js';
import type { JobView } from '../jobs/job.view.js';
import { JobsService } from '../jobs/jobs.service.js';
import { JobIndex } from './engine/job-index.js';
import { candidateProfile, jobProfile } from './engine/profiles.js';
import { RankingIndex } from './engine/ranking-index.js';
import { type SkillTaxonomy, skillTaxonomy } from './taxonomy/skill-normaliser.js';
import type { CandidateRecord } from '../candidates/candidate.view.js';
import { toCandidateInput, toJobInput } from './inputs.js';

const PAGE = 5_000;

/**
 * The worker's in-memory ranking index over all candidates. Before each use it catches up
 * with MongoDB by change number (every worker process does, so each one's index follows every
 * write, whichever process made it, and no writer's clock can make it skip one).
 */
@Injectable()
export class MatchingIndexService {
  readonly index = new RankingIndex();
  readonly jobIndex = new JobIndex();
  private seen = 0;
  private loadedUnstamped = false;
  private syncing: Promise<void> = Promise.resolve();

  constructor(
    private readonly candidates: CandidatesService,
    private readonly jobs: JobsService,
    private readonly metrics: MetricsService,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** One bad document must not stop matching for everyone: it is left out, logged and counted. */
  private skip(kind: 'candidate' | 'job', id: string, error: unknown): void {
    this.metrics.matchingSkipped.inc({ kind });
    this.logger.warn({ err: error, kind, id }, 'document left out of the matching index');
  }

  /** Brings the job index in line with the published jobs; returns them by id. */
  async syncJobs(): Promise<Map<string, JobView>> {
    const published = new Map((await this.jobs.published()).map((j) => [j.id, j]));
    for (const id of this.jobIndex.ids()) if (!published.has(id)) this.jobIndex.remove(id);
    for (const job of published.values()) {
      if (this.jobIndex.get(job.id)?.revision === job.revision) continue;
      try {
        this.jobIndex.upsert(jobProfile(toJobInput(job), skillTaxonomy()));
      } catch (error) {
        this.skip('job', job.id, error);
        published.delete(job.id);
      }
    }
    return published;
  }

  /** The change number the index has caught up to (see ChangeSequences). */
  get version(): number {
    return this.seen;
  }

  sync(): Promise<RankingIndex> {
    // One catch-up at a time; concurrent jobs share it. A failed catch-up fails its callers
    // only: the next one starts again from where the index is.
    this.syncing = this.syncing.catch(() => undefined).then(() => this.catchUp());
    return this.syncing.then(() => this.index);
  }

  private apply(row: CandidateRecord, taxonomy: SkillTaxonomy): void {
    try {
      if (row.erasedAt) this.index.remove(row.id);
      else this.index.upsert(candidateProfile(toCandidateInput(row), taxonomy));
    } catch (error) {
      this.index.remove(row.id);
      this.skip('candidate', row.id, error);
    }
  }

  /**
   * Follows candidates' change numbers up to the safe point: every change committed below it
   * is read, in order, whatever clock its writer had. A fresh index first reads the
   * candidates written before change numbers existed.
   */
  private async catchUp(): Promise<void> {
    const taxonomy = skillTaxonomy();
    const upTo = await this.candidates.changesSafePoint();
    if (!this.loadedUnstamped) {
      for (let after = ''; ; ) {
        const rows = await this.candidates.unstamped(after, PAGE);
        rows.forEach((row) => this.apply(row, taxonomy));
        if (rows.length < PAGE) break;
        after = rows.at(-1)!.id;
      }
      this.loadedUnstamped = true;
    }
    while (this.seen < upTo) {
      const rows = await this.candidates.changedBetween(this.seen, upTo, PAGE);
      rows.forEach((row) => this.apply(row, taxonomy));
      this.seen = rows.length < PAGE ? upTo : rows.at(-1)!.changeSeq;
    }
  }
}
