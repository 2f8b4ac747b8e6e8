// Scoring one candidate record (candidate-record.ts) against a job compiled for the index:
// the components of scoring.ts computed from the encoding alone, allocation-free, so the
// ranked order and the shown scores agree. Pure functions.
import { BM25_B, BM25_K1, squash } from './bm25.js';
import { NO_YEARS, termHash, TF_BITS } from './features.js';
import { CITY, COUNTRY, CURRENCY, hasSkill, hasTerms, HEADER, LEN, NO_PLACE, S, SALARY, T, TERM_MASK, Y, YEARS, yearsFor } from './candidate-record.js';
import { type JobProfile, type Requirement, SENIORITY_LEVELS } from './profiles.js';
import { bestWithin, combineValues, COMPONENTS, type Components, type Computed, levelFor, type Range, requirementValue, type ScoringModel } from './scoring.js';
import { skillText } from '../../skills/tokens.js';

export interface CompiledRequirement {
  skill: number;
  minYears: number | undefined;
  /** Term buckets of a phrase the taxonomy does not know: all must be in the candidate's terms. */
  words: Uint32Array | null;
}

/** A job prepared for scoring against an index: query buckets with IDF, requirements as integers. */
export interface CompiledJob {
  job: JobProfile;
  model: ScoringModel;
  query: Uint32Array;
  idf: Float64Array;
  averageLength: number;
  must: CompiledRequirement[];
  /** Nice-to-haves and implied requirements: one soft component. */
  soft: CompiledRequirement[];
  /** Integers of the job's places (NO_PLACE: none named). */
  city: number;
  country: number;
  salaryCurrency: number;
  seniority: number;
  /** The text value that gives the highest score under this model (0 when its weight is negative). */
  bestText: number;
}

/** What compiling a job needs from an index: its statistics and integers for skills and places. */
export interface CompileContext {
  documents: number;
  averageLength: number;
  documentFrequency(bucket: number): number;
  skill(key: string): number;
  place(value: string): number;
}

export function compileJob(job: JobProfile, model: ScoringModel, index: CompileContext): CompiledJob {
  const buckets = [...new Set(job.query.map(termHash))].sort((x, y) => x - y);
  const n = index.documents;
  const idf = Float64Array.from(buckets, (b) => {
    const d = index.documentFrequency(b);
    return Math.log(1 + (n - d + 0.5) / (d + 0.5));
  });
  const req = (r: Requirement): CompiledRequirement => ({
    skill: index.skill(r.skillId),
    minYears: r.minYears,
    words: r.words ? Uint32Array.from(new Set(r.words.map(termHash))).sort() : null,
  });
  const place = (value: string | undefined) => {
    const key = value ? skillText(value) : '';
    return key ? index.place(key) : NO_PLACE;
  };
  return {
    job,
    model,
    query: Uint32Array.from(buckets),
    idf,
    averageLength: Math.max(1, index.averageLength),
    must: job.must.map(req),
    soft: [...job.nice, ...job.implied].map(req),
    city: place(job.location.city),
    country: place(job.location.country),
    salaryCurrency: job.salary ? index.place(`currency:${job.salary.currency}`) : NO_PLACE,
    seniority: SENIORITY_LEVELS.indexOf(job.seniority),
    bestText: model.weights.text < 0 ? 0 : 1,
  };
}

/** What the record at `off` is worth for one requirement (requirementValue). */
export function requirementAt(r: CompiledRequirement, a: Uint32Array, off: number): number {
  const t = a[off + T];
  const s0 = off + HEADER + t;
  const has = (r.skill > 0 && hasSkill(a, s0, a[off + S], r.skill)) || (r.words !== null && r.words.length > 0 && hasTerms(a, off + HEADER, t, r.words));
  if (!has || !r.minYears) return has ? 1 : 0;
  return requirementValue(true, r.minYears, r.skill > 0 ? yearsFor(a, s0 + a[off + S], a[off + Y], r.skill) : undefined);
}

/** The text component: BM25 over the kept terms (both lists ascend by bucket), squashed. */
export function textAt(c: CompiledJob, a: Uint32Array, off: number): number {
  const t = a[off + T];
  const t0 = off + HEADER;
  const norm = BM25_K1 * (1 - BM25_B + (BM25_B * a[off + LEN]) / c.averageLength);
  let bm = 0;
  let j = 0;
  for (let i = 0; i < c.query.length && j < t; i++) {
    const q = c.query[i];
    while (j < t && a[t0 + j] >>> TF_BITS < q) j++;
    if (j < t && a[t0 + j] >>> TF_BITS === q) {
      const f = a[t0 + j] & TERM_MASK;
      bm += (c.idf[i] * f * (BM25_K1 + 1)) / (f + norm);
    }
  }
  return squash(bm);
}

/**
 * The components of the record at `off`, into `out` (COMPONENTS order, NaN = does not apply).
 * Without `withText`, the text component is the best it could be (a bound for ranking).
 */
export function componentsAt(c: CompiledJob, a: Uint32Array, off: number, out: Float64Array, withText = true): void {
  const job = c.job;
  let sum = 0;
  for (const r of c.must) sum += requirementAt(r, a, off);
  out[0] = c.must.length === 0 ? NaN : sum / c.must.length;
  sum = 0;
  for (const r of c.soft) sum += requirementAt(r, a, off);
  out[1] = c.soft.length === 0 ? NaN : sum / c.soft.length;

  out[2] = withText ? textAt(c, a, off) : c.bestText;

  const years10 = a[off + YEARS];
  if (years10 === NO_YEARS) {
    out[3] = 0.5;
    out[4] = 0.5;
  } else {
    const years = years10 / 10;
    out[3] = job.expectedYears === 0 ? 1 : Math.min(1, years / job.expectedYears);
    const gap = Math.abs(SENIORITY_LEVELS.indexOf(levelFor(years)) - c.seniority);
    out[4] = gap === 0 ? 1 : gap === 1 ? 0.5 : 0;
  }

  let location = 1;
  if (job.workplace !== 'remote') {
    const city = a[off + CITY];
    const country = a[off + COUNTRY];
    if (city === 0 && country === 0) location = 0.5;
    else if (c.city > 0 && c.city === city) location = 1;
    else if (c.country > 0 && c.country === country) location = job.workplace === 'hybrid' ? 0.7 : 0.6;
    else location = c.city !== NO_PLACE || c.country !== NO_PLACE ? 0 : 0.5;
  }
  out[5] = location;

  if (!job.salary) out[6] = NaN;
  else {
    const amount = a[off + SALARY];
    out[6] = amount === 0 || c.salaryCurrency <= 0 || a[off + CURRENCY] !== c.salaryCurrency ? 0.5 : amount <= job.salary.max ? 1 : Math.max(0, 1 - (amount - job.salary.max) / job.salary.max);
  }
}

/** A record's score with everything shown beside it: components, each requirement's value, years. */
export function computeRecord(c: CompiledJob, a: Uint32Array, skillOf: (skillId: string) => number): Computed & { score: number } {
  const values = new Float64Array(COMPONENTS.length);
  componentsAt(c, a, 0, values);
  const requirementValues = [...c.must, ...c.soft].map((r) => requirementAt(r, a, 0));
  const components = Object.fromEntries(COMPONENTS.map((name, i) => [name, Number.isNaN(values[i]) ? null : values[i]])) as Components;
  const years10 = a[YEARS];
  const y0 = HEADER + a[T] + a[S];
  return {
    score: combineValues(c.model, values),
    components,
    requirementValues,
    years: years10 === NO_YEARS ? null : years10 / 10,
    yearsBySkill: (skillId) => {
      const skill = skillOf(skillId);
      return skill > 0 ? yearsFor(a, y0, a[Y], skill) : undefined;
    },
  };
}

/**
 * The best score any candidate holding `tier` of the distinct key skills could reach (memoised
 * per tier): with j of them, at most the j most repeated key requirements are met, plus the
 * phrases the taxonomy does not know (`open`), which anyone's words may meet.
 */
export function tierBounds(c: CompiledJob, keyReqs: CompiledRequirement[], keySkills: number[], open: number): (tier: number) => number {
  const multiplicity = keySkills.map((s) => keyReqs.filter((r) => r.skill === s).length).sort((x, y) => y - x);
  const cap = (tier: number) => (keyReqs.length === 0 ? 1 : Math.min(1, (multiplicity.slice(0, tier).reduce((x, y) => x + y, 0) + open) / keyReqs.length));
  const free = (applies: boolean): Range => (applies ? [0, 1] : null);
  const bounds = new Map<number, number>();
  return (tier) => {
    let bound = bounds.get(tier);
    if (bound === undefined) {
      bound = bestWithin(c.model, {
        mustHave: c.must.length ? [0, cap(tier)] : null,
        niceToHave: c.must.length ? free(c.soft.length > 0) : c.soft.length ? [0, cap(tier)] : null,
        text: [0, 1],
        experience: [0, 1],
        seniority: [0, 1],
        location: [0, 1],
        salary: free(!!c.job.salary),
      });
      bounds.set(tier, bound);
    }
    return bound;
  };
}
