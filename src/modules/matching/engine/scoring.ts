// The match score of one candidate for one job: components in 0..1, a 0..100 score, and
// evidence per requirement (found / missing / unclear, with the text that shows it). The
// numbers come from the ranking index's encoding of the candidate (ranking-index.ts), so a
// shown score is the score the candidate was ranked by; the evidence adds their own words.
import type { CandidateProfile, JobProfile, Requirement } from './profiles.js';
import { SENIORITY_LEVELS, type SeniorityLevel } from './profiles.js';

export const COMPONENTS = ['mustHave', 'niceToHave', 'text', 'experience', 'seniority', 'location', 'salary'] as const;
export type Component = (typeof COMPONENTS)[number];
export type Components = Record<Component, number | null>;

/** How components combine: a weighted average (defaults), or a logistic model fitted on decisions. */
export type ScoringModel =
  | { kind: 'weighted'; weights: Record<Component, number> }
  | { kind: 'logistic'; bias: number; weights: Record<Component, number> };

export type EvidenceStatus = 'found' | 'missing' | 'unclear';
export interface Evidence {
  /** `implied`: an essential skill of the job's occupation the employer did not list (soft). */
  kind: 'must' | 'nice' | 'implied' | 'experience' | 'seniority' | 'location' | 'salary';
  requirement: string;
  status: EvidenceStatus;
  /** The candidate's own words that show it, when there are any. */
  snippet: string | null;
}

export interface MatchResult {
  score: number;
  components: Components;
  evidence: Evidence[];
  allMustHavesFound: boolean;
}

const SNIPPET_RADIUS = 50;

export function snippetAt(text: string, start: number, end: number): string {
  const from = Math.max(0, start - SNIPPET_RADIUS);
  const to = Math.min(text.length, end + SNIPPET_RADIUS);
  return `${from > 0 ? '…' : ''}${text.slice(from, to).replace(/\s+/g, ' ').trim()}${to < text.length ? '…' : ''}`;
}

export function levelFor(years: number): SeniorityLevel {
  if (years < 1) return 'intern';
  if (years < 2) return 'junior';
  if (years < 5) return 'mid';
  if (years < 8) return 'senior';
  if (years < 12) return 'lead';
  return 'principal';
}

/** A requirement's value from what is known of the candidate: 1 met, 0.75 met for unknown years, 0.5 too few years, 0 not met. */
export function requirementValue(has: boolean, minYears: number | undefined, years: number | undefined): number {
  if (!has) return 0;
  if (!minYears) return 1;
  if (years === undefined) return 0.75;
  return years >= minYears ? 1 : 0.5;
}

/** 0..100 from components (in COMPONENTS order; NaN = does not apply, which does not count). */
export function combineValues(model: ScoringModel, values: ArrayLike<number>): number {
  if (model.kind === 'weighted') {
    let sum = 0;
    let weight = 0;
    for (let i = 0; i < COMPONENTS.length; i++) {
      const v = values[i];
      if (Number.isNaN(v)) continue;
      const w = model.weights[COMPONENTS[i]];
      sum += w * v;
      weight += w;
    }
    const average = weight === 0 ? 0 : sum / weight;
    // Missing must-haves weigh beyond their share: a candidate without them is not a match.
    const gate = Number.isNaN(values[0]) ? 1 : 0.25 + 0.75 * values[0];
    return Math.round(average * gate * 1000) / 10;
  }
  let z = model.bias;
  for (let i = 0; i < COMPONENTS.length; i++) z += model.weights[COMPONENTS[i]] * (Number.isNaN(values[i]) ? 0.5 : values[i]);
  return Math.round(1000 / (1 + Math.exp(-z))) / 10;
}

export function combine(model: ScoringModel, parts: Components): number {
  return combineValues(
    model,
    COMPONENTS.map((c) => parts[c] ?? NaN),
  );
}

/** A component's possible values, or null when it does not apply. */
export type Range = [number, number] | null;

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

/** A ranked result: best score first, then by id, so every ranking is one stable order. */
export interface Ranked {
  id: string;
  score: number;
}

export const byScore = (a: Ranked, b: Ranked) => b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** What the index computed for one candidate: components and each requirement's value. */
export interface Computed {
  components: Components;
  /** Values of job.must, then job.nice, then job.implied, in order. */
  requirementValues: number[];
  years: number | null;
  yearsBySkill: (skillId: string) => number | undefined;
}

/** Evidence for a computed match, cut from the candidate's own (redacted) text. */
export function evidenceFor(job: JobProfile, c: CandidateProfile, computed: Computed): { evidence: Evidence[]; allMustHavesFound: boolean } {
  const evidence: Evidence[] = [];
  const reqs: [Requirement, 'must' | 'nice' | 'implied'][] = [
    ...job.must.map((r) => [r, 'must'] as [Requirement, 'must']),
    ...job.nice.map((r) => [r, 'nice'] as [Requirement, 'nice']),
    ...job.implied.map((r) => [r, 'implied'] as [Requirement, 'implied']),
  ];
  reqs.forEach(([req, kind], i) => {
    const value = computed.requirementValues[i];
    const label = req.minYears ? `${req.label} (${req.minYears}+ years)` : req.label;
    if (value === 0) {
      evidence.push({ kind, requirement: label, status: 'missing', snippet: null });
      return;
    }
    const mention = c.mentions.get(req.skillId) ?? (req.words ? firstWord(c.text, req.words) : undefined);
    const declared = c.declared.get(req.skillId);
    let snippet = mention ? snippetAt(c.text, mention.start, mention.end) : declared ? `Skills: ${declared}` : null;
    const years = computed.yearsBySkill(req.skillId);
    if (req.minYears && years !== undefined && snippet) snippet = `${snippet} (${years} years)`;
    evidence.push({ kind, requirement: label, status: value === 1 ? 'found' : 'unclear', snippet });
  });
  const allMustHavesFound = computed.requirementValues.slice(0, job.must.length).every((v) => v > 0);

  const parts = computed.components;
  if (computed.years === null) {
    evidence.push({ kind: 'experience', requirement: `${job.expectedYears}+ years`, status: 'unclear', snippet: null });
    evidence.push({ kind: 'seniority', requirement: job.seniority, status: 'unclear', snippet: null });
  } else {
    evidence.push({ kind: 'experience', requirement: `${job.expectedYears}+ years`, status: computed.years >= job.expectedYears ? 'found' : 'missing', snippet: `${computed.years} years of dated experience` });
    const gap = Math.abs(SENIORITY_LEVELS.indexOf(levelFor(computed.years)) - SENIORITY_LEVELS.indexOf(job.seniority));
    evidence.push({ kind: 'seniority', requirement: job.seniority, status: gap === 0 ? 'found' : gap === 1 ? 'unclear' : 'missing', snippet: `${levelFor(computed.years)} by years` });
  }
  const where = [c.location.city, c.location.country].filter(Boolean).join(', ') || null;
  if (job.workplace === 'remote') evidence.push({ kind: 'location', requirement: 'remote', status: 'found', snippet: where });
  else {
    const wanted = [job.location.city, job.location.country].filter(Boolean).join(', ') || job.workplace;
    const location = parts.location ?? 0.5;
    const status: EvidenceStatus = location >= 0.6 ? 'found' : location === 0 ? 'missing' : 'unclear';
    evidence.push({ kind: 'location', requirement: `${job.workplace} in ${wanted}`, status, snippet: where });
  }
  if (job.salary) {
    const band = `${job.salary.min}-${job.salary.max} ${job.salary.currency}`;
    const expected = c.expectedSalary;
    if (!expected || expected.currency !== job.salary.currency) evidence.push({ kind: 'salary', requirement: band, status: 'unclear', snippet: null });
    else evidence.push({ kind: 'salary', requirement: band, status: parts.salary === 1 ? 'found' : 'missing', snippet: `expects ${expected.amount} ${expected.currency}` });
  }
  return { evidence, allMustHavesFound };
}

/** Where the first of these words occurs in the text, whole. */
function firstWord(text: string, words: string[]): { start: number; end: number } | undefined {
  const lower = text.toLowerCase();
  for (const w of words) {
    const re = new RegExp(`(?<![a-z0-9])${w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![a-z0-9])`);
    const m = re.exec(lower);
    if (m) return { start: m.index, end: m.index + w.length };
  }
  return undefined;
}
