// Top candidates for a job without scoring everyone: an inverted index from terms (words and
// skill ids) to candidates, with BM25 statistics, updated one candidate at a time. Candidates
// are scored in tiers by how many must-haves they have; ranking stops as soon as the k-th
// best score beats the best any unscored tier could reach, so the result equals brute force.
import type { CorpusStats } from './bm25.js';
import { fastScore } from './fast-score.js';
import { type CandidateProfile, type JobProfile, skillTerm } from './profiles.js';
import { combine, COMPONENTS, type Component, type Components, type ScoringModel } from './scoring.js';

export interface Ranked {
  id: string;
  score: number;
}

type Range = [number, number] | null;

/** The highest combine() can give when each component lies in its range (monotonic per component). */
export function bestWithin(model: ScoringModel, ranges: Record<Component, Range>): number {
  let best = 0;
  const free = COMPONENTS.filter((c) => ranges[c] !== null);
  const combos = 1 << free.length;
  for (let mask = 0; mask < combos; mask++) {
    const parts = {} as Components;
    for (const c of COMPONENTS) parts[c] = null;
    free.forEach((c, i) => (parts[c] = (ranges[c] as [number, number])[(mask >> i) & 1]));
    best = Math.max(best, combine(model, parts));
  }
  return best;
}

const byScore = (a: Ranked, b: Ranked) => b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

export class RankingIndex implements CorpusStats {
  private readonly profiles = new Map<string, CandidateProfile>();
  private readonly postings = new Map<string, Set<string>>();
  private totalLength = 0;

  get documents(): number {
    return this.profiles.size;
  }

  get averageLength(): number {
    return this.profiles.size === 0 ? 0 : this.totalLength / this.profiles.size;
  }

  documentFrequency(term: string): number {
    return this.postings.get(term)?.size ?? 0;
  }

  get(id: string): CandidateProfile | undefined {
    return this.profiles.get(id);
  }

  /** Adds or replaces a candidate; an older revision never replaces a newer one. */
  upsert(profile: CandidateProfile): boolean {
    const current = this.profiles.get(profile.id);
    if (current && current.revision > profile.revision) return false;
    if (current) this.remove(profile.id);
    this.profiles.set(profile.id, profile);
    this.totalLength += profile.length;
    for (const term of profile.tf.keys()) {
      let set = this.postings.get(term);
      if (!set) this.postings.set(term, (set = new Set()));
      set.add(profile.id);
    }
    return true;
  }

  remove(id: string): void {
    const profile = this.profiles.get(id);
    if (!profile) return;
    this.profiles.delete(id);
    this.totalLength -= profile.length;
    for (const term of profile.tf.keys()) {
      const set = this.postings.get(term);
      set?.delete(id);
      if (set?.size === 0) this.postings.delete(term);
    }
  }

  /** Scores every candidate: the reference the indexed ranking must equal. */
  bruteForce(job: JobProfile, k: number, model: ScoringModel): Ranked[] {
    const all: Ranked[] = [];
    for (const profile of this.profiles.values()) all.push({ id: profile.id, score: fastScore(job, profile, this, model) });
    return all.sort(byScore).slice(0, k);
  }

  topForJob(job: JobProfile, k: number, model: ScoringModel): Ranked[] {
    const mustTerms = [...new Set(job.must.map((r) => skillTerm(r.skillId)))];
    // Tier by the number of distinct must-have skills a candidate has.
    const coverage = new Map<string, number>();
    for (const term of mustTerms) for (const id of this.postings.get(term) ?? []) coverage.set(id, (coverage.get(id) ?? 0) + 1);
    const retrieved = new Set<string>(coverage.keys());
    for (const term of job.query) for (const id of this.postings.get(term) ?? []) retrieved.add(id);
    const tiers: string[][] = Array.from({ length: mustTerms.length + 1 }, () => []);
    for (const id of retrieved) tiers[coverage.get(id) ?? 0].push(id);

    const free = (applies: boolean): Range => (applies ? [0, 1] : null);
    const bound = (must: Range, nice: Range, text: Range) =>
      bestWithin(model, {
        mustHave: must,
        niceToHave: nice,
        text,
        experience: [0, 1],
        seniority: [0, 1],
        location: [0, 1],
        salary: free(!!job.salary),
      });
    const top: Ranked[] = [];
    let kth = -Infinity;
    const consider = (ids: Iterable<string>) => {
      for (const id of ids) {
        const score = fastScore(job, this.profiles.get(id)!, this, model);
        if (top.length < k || score > kth || (score === kth && id < top[top.length - 1].id)) {
          top.push({ id, score });
          top.sort(byScore);
          if (top.length > k) top.pop();
          kth = top.length === k ? top[k - 1].score : -Infinity;
        }
      }
    };
    const mustCount = job.must.length;
    // With j of the distinct must-have skills, at most the j most repeated ones are met.
    const multiplicity = mustTerms.map((t) => job.must.filter((r) => skillTerm(r.skillId) === t).length).sort((a, b) => b - a);
    for (let tier = mustTerms.length; tier >= 0; tier--) {
      const cap = mustCount === 0 ? 1 : multiplicity.slice(0, tier).reduce((a, b) => a + b, 0) / mustCount;
      const tierBound = bound(mustCount ? [0, cap] : null, free(job.nice.length > 0), [0, 1]);
      if (top.length === k && kth > tierBound) return top;
      consider(tiers[tier]);
    }
    const rest = bound(mustCount ? [0, 0] : null, job.nice.length ? [0, 0] : null, [0, 0]);
    if (top.length === k && kth > rest) return top;
    const others = [...this.profiles.keys()].filter((id) => !retrieved.has(id));
    consider(others);
    return top;
  }
}
