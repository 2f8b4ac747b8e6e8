// The same numbers as scoring.ts without building evidence: what ranking runs per candidate.
// A test checks it agrees with scoreMatch on every candidate.
import { bm25, type CorpusStats, squash, weighQuery, type WeightedQuery } from './bm25.js';
import { type CandidateProfile, type JobProfile, SENIORITY_LEVELS, type SeniorityLevel, sameText } from './profiles.js';
import { combine, type Components, type ScoringModel, skillValue } from './scoring.js';

function levelIndex(years: number): number {
  const level: SeniorityLevel = years < 1 ? 'intern' : years < 2 ? 'junior' : years < 5 ? 'mid' : years < 8 ? 'senior' : years < 12 ? 'lead' : 'principal';
  return SENIORITY_LEVELS.indexOf(level);
}

export function fastComponents(job: JobProfile, c: CandidateProfile, query: WeightedQuery): Components {
  const avg = (reqs: JobProfile['must']) => (reqs.length === 0 ? null : reqs.reduce((sum, r) => sum + skillValue(r, c), 0) / reqs.length);
  let experience = 0.5;
  let seniority = 0.5;
  if (c.years !== null) {
    experience = job.expectedYears === 0 ? 1 : Math.min(1, c.years / job.expectedYears);
    const gap = Math.abs(levelIndex(c.years) - SENIORITY_LEVELS.indexOf(job.seniority));
    seniority = gap === 0 ? 1 : gap === 1 ? 0.5 : 0;
  }
  let location = 1;
  if (job.workplace !== 'remote') {
    if (!c.location.city && !c.location.country) location = 0.5;
    else if (sameText(job.location.city, c.location.city)) location = 1;
    else if (sameText(job.location.country, c.location.country)) location = job.workplace === 'hybrid' ? 0.7 : 0.6;
    else location = job.location.city || job.location.country ? 0 : 0.5;
  }
  let salary: number | null = null;
  if (job.salary) {
    const e = c.expectedSalary;
    salary = !e || e.currency !== job.salary.currency ? 0.5 : e.amount <= job.salary.max ? 1 : Math.max(0, 1 - (e.amount - job.salary.max) / job.salary.max);
  }
  return { mustHave: avg(job.must), niceToHave: avg(job.nice), text: squash(bm25(query, c.tf, c.length)), experience, seniority, location, salary };
}

/** Scores many candidates for one job against one set of corpus statistics. */
export function scorerFor(job: JobProfile, stats: CorpusStats, model: ScoringModel): (c: CandidateProfile) => number {
  const query = weighQuery(stats, job.query);
  return (c) => combine(model, fastComponents(job, c, query));
}

export function fastScore(job: JobProfile, c: CandidateProfile, stats: CorpusStats, model: ScoringModel): number {
  return scorerFor(job, stats, model)(c);
}
