// Offline evaluation of the ranking on labelled queries: nDCG@10 and MRR. Pure.
import { skillTaxonomy } from '../taxonomy/skill-normaliser.js';
import { candidateProfile, jobProfile } from './profiles.js';
import { RankingIndex } from './ranking-index.js';
import type { ScoringModel } from './scoring.js';

export interface EvalQuery {
  job: { title: string; description: string; mustHave?: string[]; niceToHave?: string[] };
  candidates: { id: string; text: string; relevance: number }[];
}

/** nDCG@k with graded gains 2^rel - 1. */
export function ndcgAt(k: number, ranked: number[], all: number[]): number {
  const dcg = (rels: number[]) => rels.slice(0, k).reduce((sum, rel, i) => sum + (2 ** rel - 1) / Math.log2(i + 2), 0);
  const ideal = dcg([...all].sort((a, b) => b - a));
  return ideal === 0 ? 0 : dcg(ranked) / ideal;
}

/** 1 / rank of the first relevant (relevance > 0) result, 0 if none. */
export function reciprocalRank(ranked: number[]): number {
  const i = ranked.findIndex((rel) => rel > 0);
  return i === -1 ? 0 : 1 / (i + 1);
}

export function evaluate(queries: EvalQuery[], model: ScoringModel) {
  const taxonomy = skillTaxonomy();
  const perQuery = queries.map((q) => {
    const index = new RankingIndex();
    for (const c of q.candidates) index.upsert(candidateProfile({ id: c.id, revision: 1, skills: [], experience: [], summary: c.text, location: {} }, taxonomy));
    const job = jobProfile(
      {
        id: 'eval',
        revision: 1,
        title: q.job.title,
        description: q.job.description,
        mustHave: (q.job.mustHave ?? []).map((skill) => ({ skill })),
        niceToHave: (q.job.niceToHave ?? []).map((skill) => ({ skill })),
        seniority: 'mid',
        workplace: 'remote',
        location: {},
      },
      taxonomy,
    );
    const relevance = new Map(q.candidates.map((c) => [c.id, c.relevance]));
    const ranked = index.topForJob(job, q.candidates.length, model).map((r) => relevance.get(r.id) ?? 0);
    return { title: q.job.title, ndcg: ndcgAt(10, ranked, q.candidates.map((c) => c.relevance)), rr: reciprocalRank(ranked) };
  });
  const mean = (xs: number[]) => (xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length);
  return { perQuery, ndcg: mean(perQuery.map((q) => q.ndcg)), mrr: mean(perQuery.map((q) => q.rr)) };
}
