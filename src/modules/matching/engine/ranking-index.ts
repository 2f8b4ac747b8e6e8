// Top candidates for a job without scoring everyone: an inverted index from terms (words and
// skill ids) to candidates, with BM25 statistics, updated one candidate at a time. Candidates
// are scored in tiers by how many must-haves they have; ranking stops as soon as the k-th
// best score beats the best any unscored tier could reach, so the result equals brute force.
import type { CorpusStats } from './bm25.js';
import { scorerFor } from './fast-score.js';
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
    const score = scorerFor(job, this, model);
    const all: Ranked[] = [];
    for (const profile of this.profiles.values()) all.push({ id: profile.id, score: score(profile) });
    return all.sort(byScore).slice(0, k);
  }

  topForJob(job: JobProfile, k: number, model: ScoringModel): Ranked[] {
    // Tier candidates by how many distinct key skills (the must-haves, else the nice-to-haves)
    // they have; everyone else is one last tier, materialised only if it could still matter.
    const keyReqs = job.must.length ? job.must : job.nice;
    const keyTerms = [...new Set(keyReqs.map((r) => skillTerm(r.skillId)))];
    const coverage = new Map<string, number>();
    for (const term of keyTerms) for (const id of this.postings.get(term) ?? []) coverage.set(id, (coverage.get(id) ?? 0) + 1);
    const tiers: string[][] = Array.from({ length: keyTerms.length + 1 }, () => []);
    for (const [id, n] of coverage) tiers[n].push(id);

    const free = (applies: boolean): Range => (applies ? [0, 1] : null);
    // With j of the distinct key skills, at most the j most repeated key requirements are met.
    const multiplicity = keyTerms.map((t) => keyReqs.filter((r) => skillTerm(r.skillId) === t).length).sort((a, b) => b - a);
    const cap = (tier: number) => (keyReqs.length === 0 ? 1 : multiplicity.slice(0, tier).reduce((a, b) => a + b, 0) / keyReqs.length);
    const tierBound = (tier: number) =>
      bestWithin(model, {
        mustHave: job.must.length ? [0, cap(tier)] : null,
        niceToHave: job.must.length ? free(job.nice.length > 0) : job.nice.length ? [0, cap(tier)] : null,
        text: [0, 1],
        experience: [0, 1],
        seniority: [0, 1],
        location: [0, 1],
        salary: free(!!job.salary),
      });

    const score = scorerFor(job, this, model);
    const top: Ranked[] = [];
    let kth = -Infinity;
    const consider = (ids: Iterable<string>) => {
      for (const id of ids) {
        const s = score(this.profiles.get(id)!);
        if (top.length === k && (s < kth || (s === kth && id > top[k - 1].id))) continue;
        top.push({ id, score: s });
        top.sort(byScore);
        if (top.length > k) top.pop();
        kth = top.length === k ? top[k - 1].score : -Infinity;
      }
    };
    for (let tier = keyTerms.length; tier >= 1; tier--) {
      if (top.length === k && kth > tierBound(tier)) return top;
      consider(tiers[tier]);
    }
    if (top.length === k && kth > tierBound(0)) return top;
    consider([...this.profiles.keys()].filter((id) => !coverage.has(id)));
    return top;
  }
}
