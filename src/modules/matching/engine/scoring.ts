// The match score of one candidate for one job: components in 0..1, a 0..100 score, and
// evidence per requirement (found / missing / unclear, with the text that shows it). Pure.
import { bm25, type CorpusStats, squash, weighQuery } from './bm25.js';
import { type CandidateProfile, type JobProfile, type Requirement, SENIORITY_LEVELS, type SeniorityLevel, sameText } from './profiles.js';

export const COMPONENTS = ['mustHave', 'niceToHave', 'text', 'experience', 'seniority', 'location', 'salary'] as const;
export type Component = (typeof COMPONENTS)[number];
export type Components = Record<Component, number | null>;

/** How components combine: a weighted average (defaults), or a logistic model fitted on decisions. */
export type ScoringModel =
  | { kind: 'weighted'; weights: Record<Component, number> }
  | { kind: 'logistic'; bias: number; weights: Record<Component, number> };

export type EvidenceStatus = 'found' | 'missing' | 'unclear';
export interface Evidence {
  kind: 'must' | 'nice' | 'experience' | 'seniority' | 'location' | 'salary';
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

/** The value of one skill requirement alone (what ranking needs; no evidence strings). */
export function skillValue(req: Requirement, c: CandidateProfile): number {
  if (!c.mentions.has(req.skillId) && !c.declared.has(req.skillId)) return 0;
  if (!req.minYears) return 1;
  const years = c.yearsBySkill.get(req.skillId);
  return years === undefined ? 0.75 : years >= req.minYears ? 1 : 0.5;
}

function skillEvidence(req: Requirement, c: CandidateProfile, kind: 'must' | 'nice'): { value: number; evidence: Evidence } {
  const label = req.minYears ? `${req.label} (${req.minYears}+ years)` : req.label;
  const mention = c.mentions.get(req.skillId);
  const declared = c.declared.get(req.skillId);
  if (!mention && !declared) return { value: 0, evidence: { kind, requirement: label, status: 'missing', snippet: null } };
  const snippet = mention ? snippetAt(c.text, mention.start, mention.end) : `Skills: ${declared}`;
  if (!req.minYears) return { value: 1, evidence: { kind, requirement: label, status: 'found', snippet } };
  const years = c.yearsBySkill.get(req.skillId);
  if (years === undefined) return { value: 0.75, evidence: { kind, requirement: label, status: 'unclear', snippet } };
  const enough = years >= req.minYears;
  return { value: enough ? 1 : 0.5, evidence: { kind, requirement: label, status: enough ? 'found' : 'unclear', snippet: `${snippet} (${years} years)` } };
}

function levelFor(years: number): SeniorityLevel {
  if (years < 1) return 'intern';
  if (years < 2) return 'junior';
  if (years < 5) return 'mid';
  if (years < 8) return 'senior';
  if (years < 12) return 'lead';
  return 'principal';
}

export interface ScoreParts {
  components: Components;
  evidence: Evidence[];
  allMustHavesFound: boolean;
}

export function components(job: JobProfile, c: CandidateProfile, stats: CorpusStats): ScoreParts {
  const evidence: Evidence[] = [];
  const average = (reqs: Requirement[], kind: 'must' | 'nice') => {
    if (reqs.length === 0) return null;
    let sum = 0;
    for (const r of reqs) {
      const { value, evidence: e } = skillEvidence(r, c, kind);
      sum += value;
      evidence.push(e);
    }
    return sum / reqs.length;
  };
  const mustHave = average(job.must, 'must');
  const allMustHavesFound = evidence.every((e) => e.kind !== 'must' || e.status !== 'missing');
  const niceToHave = average(job.nice, 'nice');
  const text = squash(bm25(weighQuery(stats, job.query), c.tf, c.length));

  let experience: number | null = null;
  let seniority: number | null = null;
  if (c.years === null) {
    evidence.push({ kind: 'experience', requirement: `${job.expectedYears}+ years`, status: 'unclear', snippet: null });
    evidence.push({ kind: 'seniority', requirement: job.seniority, status: 'unclear', snippet: null });
    experience = 0.5;
    seniority = 0.5;
  } else {
    experience = job.expectedYears === 0 ? 1 : Math.min(1, c.years / job.expectedYears);
    evidence.push({ kind: 'experience', requirement: `${job.expectedYears}+ years`, status: c.years >= job.expectedYears ? 'found' : 'missing', snippet: `${c.years} years of dated experience` });
    const gap = Math.abs(SENIORITY_LEVELS.indexOf(levelFor(c.years)) - SENIORITY_LEVELS.indexOf(job.seniority));
    seniority = gap === 0 ? 1 : gap === 1 ? 0.5 : 0;
    evidence.push({ kind: 'seniority', requirement: job.seniority, status: gap === 0 ? 'found' : gap === 1 ? 'unclear' : 'missing', snippet: `${levelFor(c.years)} by years` });
  }

  let location: number;
  const where = [c.location.city, c.location.country].filter(Boolean).join(', ') || null;
  if (job.workplace === 'remote') {
    location = 1;
    evidence.push({ kind: 'location', requirement: 'remote', status: 'found', snippet: where });
  } else {
    const wanted = [job.location.city, job.location.country].filter(Boolean).join(', ') || job.workplace;
    if (!c.location.city && !c.location.country) location = 0.5;
    else if (sameText(job.location.city, c.location.city)) location = 1;
    else if (sameText(job.location.country, c.location.country)) location = job.workplace === 'hybrid' ? 0.7 : 0.6;
    else location = job.location.city || job.location.country ? 0 : 0.5;
    const status: EvidenceStatus = location >= 0.6 ? 'found' : location === 0 ? 'missing' : 'unclear';
    evidence.push({ kind: 'location', requirement: `${job.workplace} in ${wanted}`, status, snippet: where });
  }

  let salary: number | null = null;
  if (job.salary) {
    const band = `${job.salary.min}-${job.salary.max} ${job.salary.currency}`;
    const expected = c.expectedSalary;
    if (!expected || expected.currency !== job.salary.currency) {
      salary = 0.5;
      evidence.push({ kind: 'salary', requirement: band, status: 'unclear', snippet: null });
    } else {
      salary = expected.amount <= job.salary.max ? 1 : Math.max(0, 1 - (expected.amount - job.salary.max) / job.salary.max);
      evidence.push({ kind: 'salary', requirement: band, status: salary === 1 ? 'found' : 'missing', snippet: `expects ${expected.amount} ${expected.currency}` });
    }
  }
  return { components: { mustHave, niceToHave, text, experience, seniority, location, salary }, evidence, allMustHavesFound };
}

/** 0..100 from components; a component that does not apply (null) does not count. */
export function combine(model: ScoringModel, parts: Components): number {
  if (model.kind === 'weighted') {
    let sum = 0;
    let weight = 0;
    for (const c of COMPONENTS) {
      const v = parts[c];
      if (v === null) continue;
      sum += model.weights[c] * v;
      weight += model.weights[c];
    }
    const average = weight === 0 ? 0 : sum / weight;
    // Missing must-haves weigh beyond their share: a candidate without them is not a match.
    const gate = parts.mustHave === null ? 1 : 0.25 + 0.75 * parts.mustHave;
    return Math.round(average * gate * 1000) / 10;
  }
  let z = model.bias;
  for (const c of COMPONENTS) z += model.weights[c] * (parts[c] ?? 0.5);
  return Math.round((1000 / (1 + Math.exp(-z)))) / 10;
}

export function scoreMatch(job: JobProfile, candidate: CandidateProfile, stats: CorpusStats, model: ScoringModel): MatchResult {
  const parts = components(job, candidate, stats);
  return { score: combine(model, parts.components), components: parts.components, evidence: parts.evidence, allMustHavesFound: parts.allMustHavesFound };
}

/**
 * The best score a candidate can reach with no skill or text overlap with the job: anyone
 * the index did not retrieve scores at most this, so ranking may stop early when the k-th
 * retrieved score is at least this.
 */
export function unretrievedBound(job: JobProfile, model: ScoringModel): number {
  const best = (c: Component) => (model.kind === 'logistic' && model.weights[c] < 0 ? 0 : 1);
  const parts: Components = {
    mustHave: job.must.length ? 0 : null,
    niceToHave: job.nice.length ? 0 : null,
    text: 0,
    experience: best('experience'),
    seniority: best('seniority'),
    location: best('location'),
    salary: job.salary ? best('salary') : null,
  };
  return combine(model, parts);
}
