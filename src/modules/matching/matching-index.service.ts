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
import { skillTaxonomy } from './taxonomy/skill-normaliser.js';
import { toCandidateInput, toJobInput } from './inputs.js';

const PAGE = 5_000;

/**
 * The worker's in-memory ranking index over all candidates. Before each use it catches up
 * with MongoDB from the last write time it saw (every worker process does, so each one's
 * index follows every write, whichever process made it).
 */
@Injectable()
export class MatchingIndexService {
  readonly index = new RankingIndex();
  readonly jobIndex = new JobIndex();
  private seenUpTo = 0;
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

  /** The write time (ms) the index has caught up to. */
  get version(): number {
    return this.seenUpTo;
  }

  sync(): Promise<RankingIndex> {
    // One catch-up at a time; concurrent jobs share it. A failed catch-up fails its callers
    // only: the next one starts again from where the index is.
    this.syncing = this.syncing.catch(() => undefined).then(() => this.catchUp());
    return this.syncing.then(() => this.index);
  }

  private async catchUp(): Promise<void> {
    const taxonomy = skillTaxonomy();
    for (;;) {
      // >= rather than >: writes in the same millisecond as the last one seen are re-read
      // (the revision check makes that harmless).
      const rows = await this.candidates.changedSince(new Date(this.seenUpTo), PAGE);
      let advanced = false;
      for (const row of rows) {
        try {
          if (row.erasedAt) this.index.remove(row.id);
          else this.index.upsert(candidateProfile(toCandidateInput(row), taxonomy));
        } catch (error) {
          this.index.remove(row.id);
          this.skip('candidate', row.id, error);
        }
        const at = Date.parse(row.updatedAt);
        if (at > this.seenUpTo) {
          this.seenUpTo = at;
          advanced = true;
        }
      }
      if (rows.length < PAGE || !advanced) return;
    }
  }
}
