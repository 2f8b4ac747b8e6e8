// Okapi BM25 over candidate documents. Corpus statistics are kept by the ranking index and
// passed in, so one pair can be scored exactly as the index scores it.

export const BM25_K1 = 1.2;
export const BM25_B = 0.75;

export interface CorpusStats {
  documents: number;
  averageLength: number;
  documentFrequency(term: string): number;
}

export function idf(stats: CorpusStats, term: string): number {
  const n = stats.documentFrequency(term);
  return Math.log(1 + (stats.documents - n + 0.5) / (n + 0.5));
}

/** A query with its terms' IDF, computed once per ranking rather than once per candidate. */
export interface WeightedQuery {
  terms: string[];
  idf: number[];
  averageLength: number;
}

export function weighQuery(stats: CorpusStats, query: string[]): WeightedQuery {
  return { terms: query, idf: query.map((t) => idf(stats, t)), averageLength: Math.max(1, stats.averageLength) };
}

export function bm25(query: WeightedQuery, tf: ReadonlyMap<string, number>, length: number): number {
  let score = 0;
  const norm = BM25_K1 * (1 - BM25_B + (BM25_B * length) / query.averageLength);
  for (let i = 0; i < query.terms.length; i++) {
    const f = tf.get(query.terms[i]);
    if (!f) continue;
    score += (query.idf[i] * f * (BM25_K1 + 1)) / (f + norm);
  }
  return score;
}

/** BM25 is unbounded; this maps it to 0..1 so it can be weighed with the other components. */
export function squash(score: number): number {
  return score / (score + 8);
}
