// Offline evaluation of the ranking on labelled queries: nDCG@10 and MRR of the engine, and of
// a plain BM25 over the same texts (same tokenisation, the job's text as the query) as the
// baseline every figure is read against. Pure.
import type { Taxonomy } from '../../skills/taxonomy-loader.js';
import { bm25, type CorpusStats, weighQuery } from './bm25.js';
import { featuresOf } from './features.js';
import { candidateProfile, jobProfile } from './profiles.js';
import { RankingIndex } from './ranking-index.js';
import type { ScoringModel } from './scoring.js';
import { termFrequencies, words } from './text.js';

export interface EvalQuery {
  /** What kind of work (for the per-occupation figures), and whether it is software work. */
  occupation?: string;
  software?: boolean;
  job: { title: string; description: string; mustHave?: string[]; niceToHave?: string[] };
  candidates: { id: string; text: string; relevance: number; reason?: string }[];
}

/**
 * One line of an evaluation file as a query, or an Error saying what is wrong with it: a
 * missing or mistyped field would otherwise crash the run, or turn every figure into NaN.
 */
export function parseEvalQuery(value: unknown): EvalQuery {
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  const strings = (v: unknown) => v === undefined || (Array.isArray(v) && v.every((s) => typeof s === 'string'));
  if (!isObject(value)) throw new Error('not a JSON object');
  if (value.occupation !== undefined && typeof value.occupation !== 'string') throw new Error('occupation: not a string');
  if (value.software !== undefined && typeof value.software !== 'boolean') throw new Error('software: not true or false');
  const job = value.job;
  if (!isObject(job) || typeof job.title !== 'string' || typeof job.description !== 'string') throw new Error('job: needs a title and a description (strings)');
  if (!strings(job.mustHave) || !strings(job.niceToHave)) throw new Error('job: mustHave and niceToHave, when given, are lists of strings');
  const candidates = value.candidates;
  if (!Array.isArray(candidates) || candidates.length === 0) throw new Error('candidates: needs a non-empty list');
  const ids = new Set<string>();
  candidates.forEach((c: unknown, i) => {
    if (!isObject(c) || typeof c.id !== 'string' || c.id === '' || typeof c.text !== 'string') throw new Error(`candidates[${i}]: needs an id and a text (strings)`);
    if (!Number.isInteger(c.relevance) || (c.relevance as number) < 0 || (c.relevance as number) > 3) throw new Error(`candidates[${i}] (${c.id}): relevance must be an integer 0..3, not ${JSON.stringify(c.relevance)}`);
    if (c.reason !== undefined && typeof c.reason !== 'string') throw new Error(`candidates[${i}] (${c.id}): reason: not a string`);
    if (ids.has(c.id)) throw new Error(`candidates[${i}]: the id ${c.id} is there twice`);
    ids.add(c.id);
  });
  return value as unknown as EvalQuery;
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

/** The candidates' ids ranked by plain BM25 of the job's text over their texts. */
export function bm25Ranking(q: EvalQuery): string[] {
  const docs = q.candidates.map((c) => {
    const terms = words(c.text);
    return { id: c.id, tf: termFrequencies(terms), length: terms.length };
  });
  const df = new Map<string, number>();
  for (const d of docs) for (const t of d.tf.keys()) df.set(t, (df.get(t) ?? 0) + 1);
  const stats: CorpusStats = {
    documents: docs.length,
    averageLength: docs.reduce((sum, d) => sum + d.length, 0) / Math.max(1, docs.length),
    documentFrequency: (t) => df.get(t) ?? 0,
  };
  const jobText = [q.job.title, q.job.description, ...(q.job.mustHave ?? []), ...(q.job.niceToHave ?? [])].join('\n');
  const query = weighQuery(stats, [...new Set(words(jobText))]);
  return docs
    .map((d) => ({ id: d.id, score: bm25(query, d.tf, d.length) }))
    .sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1))
    .map((r) => r.id);
}

export interface QueryResult {
  title: string;
  occupation: string | null;
  software: boolean | null;
  ndcg: number;
  rr: number;
  baseline: { ndcg: number; rr: number };
}

export function evaluate(queries: EvalQuery[], model: ScoringModel, taxonomy: Taxonomy) {
  const perQuery: QueryResult[] = queries.map((q) => {
    const index = new RankingIndex();
    for (const c of q.candidates) {
      index.upsert(featuresOf(candidateProfile({ id: c.id, revision: 1, skills: [], experience: [], summary: c.text, location: {} }, taxonomy.skills)));
    }
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
    const all = q.candidates.map((c) => c.relevance);
    const ranked = index.topForJob(job, q.candidates.length, model).map((r) => relevance.get(r.id) ?? 0);
    const baseline = bm25Ranking(q).map((id) => relevance.get(id) ?? 0);
    return {
      title: q.job.title,
      occupation: q.occupation ?? null,
      software: q.software ?? null,
      ndcg: ndcgAt(10, ranked, all),
      rr: reciprocalRank(ranked),
      baseline: { ndcg: ndcgAt(10, baseline, all), rr: reciprocalRank(baseline) },
    };
  });
  const mean = (xs: number[]) => (xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length);
  return {
    perQuery,
    ndcg: mean(perQuery.map((q) => q.ndcg)),
    mrr: mean(perQuery.map((q) => q.rr)),
    baseline: { ndcg: mean(perQuery.map((q) => q.baseline.ndcg)), mrr: mean(perQuery.map((q) => q.baseline.rr)) },
  };
}
