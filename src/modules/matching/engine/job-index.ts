// Top jobs for a candidate without scoring every published job: jobs indexed by the skills
// they require. Jobs sharing a skill with the candidate are scored; a job sharing none has no
// requirement met by a skill, so its score is bounded by its other components, and the rest
// are scored only if that bound could still beat the k-th best. The result equals scoring all.
import type { CandidateFeatures } from './features.js';
import type { JobProfile } from './profiles.js';
import type { RankingIndex } from './ranking-index.js';
import { bestWithin, byScore, type Ranked, type ScoringModel } from './scoring.js';

const requirementsOf = (job: JobProfile) => [...job.must, ...job.nice, ...job.implied];

export class JobIndex {
  private readonly jobs = new Map<string, JobProfile>();
  private readonly bySkill = new Map<string, Set<string>>();
  private readonly bounds = new Map<string, number>();

  get size(): number {
    return this.jobs.size;
  }

  get(id: string): JobProfile | undefined {
    return this.jobs.get(id);
  }

  ids(): string[] {
    return [...this.jobs.keys()];
  }

  upsert(job: JobProfile): void {
    this.remove(job.id);
    this.jobs.set(job.id, job);
    for (const r of requirementsOf(job)) {
      let set = this.bySkill.get(r.skillId);
      if (!set) this.bySkill.set(r.skillId, (set = new Set()));
      set.add(job.id);
    }
  }

  remove(id: string): void {
    const job = this.jobs.get(id);
    if (!job) return;
    this.jobs.delete(id);
    for (const r of requirementsOf(job)) {
      const set = this.bySkill.get(r.skillId);
      set?.delete(id);
      if (set?.size === 0) this.bySkill.delete(r.skillId);
    }
  }

  /** One job's score for one candidate, as the ranking index computes it. */
  score(job: JobProfile, candidate: CandidateFeatures, index: RankingIndex, model: ScoringModel): number {
    return index.compute(index.compile(job, model), candidate).score;
  }

  /** Every job scored: the reference for topForCandidate. */
  bruteForce(candidate: CandidateFeatures, k: number, index: RankingIndex, modelFor: (job: JobProfile) => ScoringModel): Ranked[] {
    return [...this.jobs.values()]
      .map((job) => ({ id: job.id, score: this.score(job, candidate, index, modelFor(job)) }))
      .sort(byScore)
      .slice(0, k);
  }

  /** Jobs requiring at least one skill the candidate has, or a phrase their words might meet. */
  sharingSkills(candidate: CandidateFeatures): Set<string> {
    const retrieved = new Set<string>();
    for (const skill of candidate.skills) for (const id of this.bySkill.get(skill.key) ?? []) retrieved.add(id);
    for (const job of this.jobs.values()) if (requirementsOf(job).some((r) => r.words?.length)) retrieved.add(job.id);
    return retrieved;
  }

  /** The best score on this job for a candidate sharing none of its skills. */
  unmatchedBound(job: JobProfile, model: ScoringModel): number {
    const soft = job.nice.length + job.implied.length > 0;
    const key = `${JSON.stringify(model)}|${job.must.length > 0}|${soft}|${!!job.salary}`;
    let bound = this.bounds.get(key);
    if (bound === undefined) {
      if (this.bounds.size > 1_000) this.bounds.clear();
      bound = bestWithin(model, {
        mustHave: job.must.length ? [0, 0] : null,
        niceToHave: soft ? [0, 0] : null,
        text: [0, 1],
        experience: [0, 1],
        seniority: [0, 1],
        location: [0, 1],
        salary: job.salary ? [0, 1] : null,
      });
      this.bounds.set(key, bound);
    }
    return bound;
  }

  topForCandidate(candidate: CandidateFeatures, k: number, index: RankingIndex, modelFor: (job: JobProfile) => ScoringModel): Ranked[] {
    const retrieved = this.sharingSkills(candidate);
    const scoreOf = (job: JobProfile) => ({ id: job.id, score: this.score(job, candidate, index, modelFor(job)) });
    const top = [...retrieved].map((id) => scoreOf(this.jobs.get(id)!)).sort(byScore);
    const rest = [...this.jobs.values()].filter((job) => !retrieved.has(job.id));
    if (top.length >= k && rest.length > 0) {
      const kth = top[k - 1].score;
      const contenders = rest.filter((job) => this.unmatchedBound(job, modelFor(job)) >= kth);
      return [...top, ...contenders.map(scoreOf)].sort(byScore).slice(0, k);
    }
    return [...top, ...rest.map(scoreOf)].sort(byScore).slice(0, k);
  }
}
