// What the scorer needs from a job and a candidate, computed once per version: requirements
// and skills as taxonomy ids (with where they were seen), terms, years of experience. The
// ranking index keeps only a compact encoding of a candidate's profile (see features.ts).
import type { Taxonomy } from '../../skills/taxonomy-loader.js';
import { yearsOf } from '../../skills/experience.js';
import type { SkillTaxonomy } from '../../skills/skill-taxonomy.js';
import { skillText } from '../../skills/tokens.js';
import { redactPersonalData } from './redact.js';
import { termFrequencies, words } from './text.js';

export const SENIORITY_LEVELS = ['intern', 'junior', 'mid', 'senior', 'lead', 'principal'] as const;
export type SeniorityLevel = (typeof SENIORITY_LEVELS)[number];
/** Years a level usually means; used when a job states no minimum years. */
export const EXPECTED_YEARS: Record<SeniorityLevel, number> = { intern: 0, junior: 1, mid: 3, senior: 5, lead: 8, principal: 10 };
/** Below this many requirements, a job's occupation adds its essential skills as implied ones. */
export const IMPLIED_BELOW = 3;
const MAX_IMPLIED = 5;

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
  /** The taxonomy id, or the phrase's own key when the taxonomy does not know it. */
  skillId: string;
  /** For a phrase the taxonomy does not know: its words, all of which a candidate's text must hold. */
  words?: string[];
  minYears?: number;
}

export interface JobProfile {
  id: string;
  revision: number;
  must: Requirement[];
  nice: Requirement[];
  /** Essential skills of the job's occupation, when the employer listed few: soft, like nice-to-haves. */
  implied: Requirement[];
  occupation: { id: string; title: string; via: string } | null;
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
  /** Term -> count: words of the text and `skill:<id>` for each skill seen or declared. */
  tf: Map<string, number>;
  length: number;
  years: number | null;
  yearsBySkill: Map<string, number>;
  location: CandidateInput['location'];
  expectedSalary: CandidateInput['expectedSalary'];
}

export const skillTerm = (id: string) => `skill:${id}`;

function requirements(list: JobInput['mustHave'], skills: SkillTaxonomy): Requirement[] {
  return list.flatMap((r) =>
    skills.resolve(r.skill).map((resolved) => ({
      label: resolved.label,
      skillId: resolved.key,
      ...(resolved.skill ? {} : { words: [...new Set(words(resolved.label))] }),
      ...(r.minYears ? { minYears: r.minYears } : {}),
    })),
  );
}

export function jobProfile(job: JobInput, taxonomy: Taxonomy): JobProfile {
  const skills = taxonomy.skills;
  const must = requirements(job.mustHave, skills);
  const nice = requirements(job.niceToHave, skills);
  const match = taxonomy.occupations.forTitle(job.title);
  const listed = new Set([...must, ...nice].map((r) => r.skillId));
  const implied: Requirement[] =
    match && must.length + nice.length < IMPLIED_BELOW
      ? match.occupation.skills
          .filter((id) => !listed.has(id))
          .slice(0, MAX_IMPLIED)
          .map((id) => ({ label: skills.byIdOrNull(id)?.name ?? id, skillId: id }))
      : [];
  const text = `${job.title}\n${job.description}`;
  const query = [...new Set([...words(text), ...skills.skillIds(text).map(skillTerm), ...[...must, ...nice].map((r) => skillTerm(r.skillId))])];
  const minYears = Math.max(0, ...must.map((r) => r.minYears ?? 0));
  return {
    id: job.id,
    revision: job.revision,
    must,
    nice,
    implied,
    occupation: match ? { id: match.occupation.id, title: match.occupation.title, via: match.via } : null,
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

export function candidateProfile(candidate: CandidateInput, skills: SkillTaxonomy, now = new Date()): CandidateProfile {
  // Evidence snippets are cut from this text and shown to employers the person was never
  // delivered to: no contact details, no name.
  const text = redactPersonalData(candidateText(candidate), candidate.name);
  const declared = new Map<string, string>();
  // The declared list is a skills list: "Go" there is the language.
  for (const written of candidate.skills) for (const r of skills.resolve(written)) if (!declared.has(r.key)) declared.set(r.key, written);
  const mentions = new Map<string, { start: number; end: number }>();
  const terms = words(text);
  for (const m of skills.find(text)) {
    if (!mentions.has(m.skillId)) mentions.set(m.skillId, { start: m.start, end: m.end });
    terms.push(skillTerm(m.skillId));
  }
  for (const id of declared.keys()) terms.push(skillTerm(id));
  const yearsBySkill = new Map<string, number>();
  const entriesBySkill = new Map<string, CandidateInput['experience']>();
  for (const entry of candidate.experience) {
    const ids = new Set(skills.skillIds(`${entry.title}\n${entry.description ?? ''}`));
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
