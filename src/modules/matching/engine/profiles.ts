// What the scorer needs from a job and a candidate, computed once per version: skills as
// taxonomy ids with where they were seen, term frequencies, and years of experience.
import { skillText, type SkillTaxonomy } from '../taxonomy/skill-normaliser.js';
import { yearsOf } from './experience.js';
import { redactPersonalData } from './redact.js';
import { termFrequencies, words } from './text.js';

export const SENIORITY_LEVELS = ['intern', 'junior', 'mid', 'senior', 'lead', 'principal'] as const;
export type SeniorityLevel = (typeof SENIORITY_LEVELS)[number];
/** Years a level usually means; used when a job states no minimum years. */
export const EXPECTED_YEARS: Record<SeniorityLevel, number> = { intern: 0, junior: 1, mid: 3, senior: 5, lead: 8, principal: 10 };

export interface JobInput {
  id: string;
  revision: number;
  title: string;
  description: string;
  mustHave: { skill: string; minYears?: number }[];
  niceToHave: { skill: string; minYears?: number }[];
  seniority: SeniorityLevel;
  workplace: 'onsite' | 'hybrid' | 'remote';
  location: { city?: string; country?: string };
  salary?: { min: number; max: number; currency: string } | null;
}

export interface CandidateInput {
  id: string;
  revision: number;
  /** Only to take it out of the text evidence is cut from; never scored. */
  name?: string | null;
  skills: string[];
  experience: { title: string; company?: string; start: string; end?: string; description?: string }[];
  summary?: string | null;
  /** Text extracted from the CV, when one was processed. */
  cvText?: string | null;
  location: { city?: string; country?: string };
  expectedSalary?: { amount: number; currency: string } | null;
}

export interface Requirement {
  label: string;
  skillId: string;
  minYears?: number;
}

export interface JobProfile {
  id: string;
  revision: number;
  must: Requirement[];
  nice: Requirement[];
  query: string[];
  seniority: SeniorityLevel;
  expectedYears: number;
  workplace: JobInput['workplace'];
  location: JobInput['location'];
  salary: JobInput['salary'];
}

export interface CandidateProfile {
  id: string;
  revision: number;
  /** The candidate's words with contact details and name removed (see redact.ts). */
  text: string;
  /** Skill id -> how it was seen: in the declared list, or where in the text. */
  declared: Map<string, string>;
  mentions: Map<string, { start: number; end: number }>;
  tf: Map<string, number>;
  length: number;
  years: number | null;
  yearsBySkill: Map<string, number>;
  location: CandidateInput['location'];
  expectedSalary: CandidateInput['expectedSalary'];
}

export const skillTerm = (id: string) => `skill:${id}`;

function requirements(list: JobInput['mustHave'], taxonomy: SkillTaxonomy): Requirement[] {
  return list.map((r) => ({ label: r.skill, skillId: taxonomy.key(r.skill), ...(r.minYears ? { minYears: r.minYears } : {}) }));
}

export function jobProfile(job: JobInput, taxonomy: SkillTaxonomy): JobProfile {
  const must = requirements(job.mustHave, taxonomy);
  const nice = requirements(job.niceToHave, taxonomy);
  const text = `${job.title}\n${job.description}`;
  const query = [...new Set([...words(text), ...taxonomy.skillIds(text).map(skillTerm), ...[...must, ...nice].map((r) => skillTerm(r.skillId))])];
  const minYears = Math.max(0, ...must.map((r) => r.minYears ?? 0));
  return {
    id: job.id,
    revision: job.revision,
    must,
    nice,
    query,
    seniority: job.seniority,
    expectedYears: Math.max(minYears, EXPECTED_YEARS[job.seniority]),
    workplace: job.workplace,
    location: job.location,
    salary: job.salary ?? null,
  };
}

export function candidateText(candidate: CandidateInput): string {
  const lines = [candidate.summary ?? ''];
  for (const e of candidate.experience) lines.push(`${e.title}${e.company ? ` at ${e.company}` : ''}: ${e.description ?? ''}`);
  if (candidate.cvText) lines.push(candidate.cvText);
  return lines.filter((l) => l.trim()).join('\n');
}

export function candidateProfile(candidate: CandidateInput, taxonomy: SkillTaxonomy, now = new Date()): CandidateProfile {
  // Evidence snippets are cut from this text and shown to employers the person was never
  // delivered to: no contact details, no name.
  const text = redactPersonalData(candidateText(candidate), candidate.name);
  const declared = new Map<string, string>();
  for (const written of candidate.skills) declared.set(taxonomy.key(written), written);
  const mentions = new Map<string, { start: number; end: number }>();
  const terms = words(text);
  for (const m of taxonomy.find(text)) {
    if (!mentions.has(m.skillId)) mentions.set(m.skillId, { start: m.start, end: m.end });
    terms.push(skillTerm(m.skillId));
  }
  for (const id of declared.keys()) terms.push(skillTerm(id));
  const yearsBySkill = new Map<string, number>();
  const entriesBySkill = new Map<string, CandidateInput['experience']>();
  for (const entry of candidate.experience) {
    const ids = new Set(taxonomy.skillIds(`${entry.title} ${entry.description ?? ''}`));
    for (const id of ids) entriesBySkill.set(id, [...(entriesBySkill.get(id) ?? []), entry]);
  }
  for (const [id, entries] of entriesBySkill) {
    const years = yearsOf(entries, now);
    if (years !== null) yearsBySkill.set(id, years);
  }
  return {
    id: candidate.id,
    revision: candidate.revision,
    text,
    declared,
    mentions,
    tf: termFrequencies(terms),
    length: terms.length,
    years: yearsOf(candidate.experience, now),
    yearsBySkill,
    location: candidate.location,
    expectedSalary: candidate.expectedSalary ?? null,
  };
}

export function sameText(a?: string, b?: string): boolean {
  return !!a && !!b && skillText(a) === skillText(b);
}
