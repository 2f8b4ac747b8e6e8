import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { LOGGER } from '../../common/core.module.js';
import { MetricsService } from '../../common/metrics/metrics.service.js';
import { AppConfig } from '../../config/app-config.js';
import type { MatchingCandidate } from '../candidates/candidate.view.js';
import { CandidatesService } from '../candidates/candidates.service.js';
import type { JobView } from '../jobs/job.view.js';
import { JobsService } from '../jobs/jobs.service.js';
import { SkillsService } from '../skills/skills.service.js';
import { FEATURES_VERSION, featuresOf } from './engine/features.js';
import { JobIndex } from './engine/job-index.js';
import { candidateProfile, jobProfile } from './engine/profiles.js';
import { RankingIndex } from './engine/ranking-index.js';
import { toCandidateInput, toJobInput } from './inputs.js';
import { RankingSnapshotsService } from './ranking-snapshots.service.js';

const PAGE = 5_000;

/**
 * The worker's in-memory ranking index over all candidates, compact (no CV text: see
 * engine/features.ts). It starts from the latest snapshot built the same way, then, before
 * each use, catches up with MongoDB by change number (every worker process does, so each one's
 * index follows every write, whichever process made it, and no writer's clock can make it skip
 * one). Once far enough ahead of the stored snapshot, it writes a new one.
 */
@Injectable()
export class MatchingIndexService {
  private current = new RankingIndex();
  readonly jobIndex = new JobIndex();
  private seen = 0;
  private started = false;
  private syncing: Promise<void> = Promise.resolve();
  private writing = false;
  /** The change number of the newest snapshot this process knows of (its own or another's); -Infinity: none known, ask. */
  private snapshotSeq = Number.NEGATIVE_INFINITY;
  /** How this process's index started: from a snapshot (at its change number) or by reading every candidate. */
  startedFrom: { from: 'snapshot' | 'candidates'; seq: number } | null = null;

  constructor(
    private readonly candidates: CandidatesService,
    private readonly jobs: JobsService,
    private readonly skills: SkillsService,
    private readonly snapshots: RankingSnapshotsService,
    private readonly metrics: MetricsService,
    private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  get index(): RankingIndex {
    return this.current;
  }

  /** What a snapshot must have been built with to be used: the taxonomy and the encoding. */
  get fingerprint(): string {
    return `${this.skills.taxonomy.fingerprint}-f${FEATURES_VERSION}`;
  }

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
        this.jobIndex.upsert(jobProfile(toJobInput(job), this.skills.taxonomy));
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
    return this.syncing.then(() => this.current);
  }

  private apply(row: MatchingCandidate): void {
    try {
      if (row.erasedAt) this.current.remove(row.id);
      else this.current.upsert(featuresOf(candidateProfile(toCandidateInput(row), this.skills.skills)));
    } catch (error) {
      this.current.remove(row.id);
      this.skip('candidate', row.id, error);
    }
  }

  /**
   * Follows candidates' change numbers up to the safe point: every change committed below it
   * is read, in order, whatever clock its writer had. A fresh index starts from a snapshot, or
   * else reads the candidates written before change numbers existed first.
   */
  private async catchUp(): Promise<void> {
    if (!this.started) {
      const snapshot = await this.snapshots.load(this.fingerprint);
      if (snapshot) {
        this.current = snapshot.index;
        this.seen = snapshot.seq;
        this.snapshotSeq = snapshot.seq;
        this.startedFrom = { from: 'snapshot', seq: snapshot.seq };
      } else {
        this.startedFrom = { from: 'candidates', seq: 0 };
        for (let after = ''; ; ) {
          const rows = await this.candidates.unstamped(after, PAGE);
          rows.forEach((row) => this.apply(row));
          if (rows.length < PAGE) break;
          after = rows.at(-1)!.id;
        }
      }
      this.started = true;
    }
    const upTo = await this.candidates.changesSafePoint();
    while (this.seen < upTo) {
      const rows = await this.candidates.changedBetween(this.seen, upTo, PAGE);
      rows.forEach((row) => this.apply(row));
      this.seen = rows.length < PAGE ? upTo : rows.at(-1)!.changeSeq;
    }
    this.maybeSnapshot();
  }

  /**
   * Writes a snapshot in the background when the stored one is far enough behind. Storage is
   * asked only once this process's own figure says a snapshot may be due, not on every sync.
   */
  private maybeSnapshot(): void {
    const every = this.config.MATCH_SNAPSHOT_CHANGES;
    if (every === 0 || this.writing || this.current.documents === 0 || this.seen - this.snapshotSeq < every) return;
    this.writing = true;
    void (async () => {
      const stored = await this.snapshots.latest();
      if (stored && stored.fingerprint === this.fingerprint) this.snapshotSeq = Math.max(this.snapshotSeq, stored.seq);
      if (this.seen - this.snapshotSeq < every) return;
      let seq = 0;
      const written = await this.snapshots.write(() => ({ index: this.current, seq: (seq = this.seen) }), this.fingerprint);
      if (written) this.snapshotSeq = seq;
    })()
      .catch((error: unknown) => this.logger.warn({ err: error }, 'ranking index snapshot not written'))
      .finally(() => (this.writing = false));
  }

  /** Waits for a snapshot being written, if any (tests, shutdown). */
  async settled(): Promise<void> {
    while (this.writing) await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
