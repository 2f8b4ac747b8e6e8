import type { Candidate } from './candidate.schema.js';

/**
 * A candidate as stored and cached (plain JSON), without the text of its CV: that is up to
 * CV_MAX_CHARS (200,000 characters), and only matching and the person's data export read it,
 * each on its own. Never sent as is: see toCandidateView.
 */
export interface CandidateRecord {
  id: string;
  ownerId: string;
  name: string;
  contact: { email?: string; phone?: string; links: string[] };
  location: { city?: string; country?: string };
  skills: string[];
  experience: Candidate['experience'];
  summary: string | null;
  parsed: Candidate['parsed'] | null;
  fingerprints: string[];
  deliveredTo: string[];
  erasedAt: string | null;
  revision: number;
  createdAt: string;
  updatedAt: string;
}

/** The projection that reads a CandidateRecord: everything but the CV's text. */
export const RECORD_FIELDS = { cvText: 0 } as const;

export type CandidateView = Omit<CandidateRecord, 'fingerprints' | 'deliveredTo' | 'contact'> & {
  /** Null for callers who may see the profile but not how to reach the person. */
  contact: CandidateRecord['contact'] | null;
};

/** What matching reads of a candidate: no contact details, files or history. */
export type MatchingCandidate = Pick<CandidateRecord, 'id' | 'revision' | 'name' | 'skills' | 'experience' | 'summary' | 'location' | 'erasedAt'> & { cvText: string | null; changeSeq: number };

/** The projection that reads a MatchingCandidate and nothing else. */
export const MATCHING_FIELDS = { _id: 1, revision: 1, name: 1, skills: 1, experience: 1, summary: 1, cvText: 1, location: 1, erasedAt: 1, changeSeq: 1 } as const;

export function toMatchingCandidate(c: Pick<Candidate, '_id' | 'revision' | 'name' | 'skills' | 'experience' | 'summary' | 'cvText' | 'location' | 'erasedAt' | 'changeSeq'>): MatchingCandidate {
  return {
    id: c._id,
    revision: c.revision,
    name: c.name,
    location: c.location ?? {},
    skills: c.skills ?? [],
    experience: (c.experience ?? []).map((e) => ({ ...e })),
    summary: c.summary ?? null,
    cvText: c.cvText ?? null,
    erasedAt: c.erasedAt ? new Date(c.erasedAt).toISOString() : null,
    changeSeq: c.changeSeq ?? 0,
  };
}

const wellFormedSkills = (skills: unknown): string[] => (Array.isArray(skills) ? skills.filter((s): s is string => typeof s === 'string') : []);

function wellFormedExperience(experience: unknown): Candidate['experience'] {
  if (!Array.isArray(experience)) return [];
  return experience.filter((e): e is Candidate['experience'][number] => typeof e === 'object' && e !== null && typeof e.title === 'string' && typeof e.start === 'string').map((e) => ({ ...e }));
}

export function toCandidateRecord(c: Candidate): CandidateRecord {
  return {
    id: c._id,
    ownerId: c.ownerId,
    name: c.name,
    contact: { ...(c.contact?.email ? { email: c.contact.email } : {}), ...(c.contact?.phone ? { phone: c.contact.phone } : {}), links: c.contact?.links ?? [] },
    location: c.location ?? {},
    // Defensive: documents written before nulls were refused (or by hand) may lack these or
    // hold values of the wrong type; the API answers only what its schema promises.
    skills: wellFormedSkills(c.skills),
    experience: wellFormedExperience(c.experience),
    summary: c.summary ?? null,
    parsed: c.parsed ?? null,
    fingerprints: c.fingerprints ?? [],
    deliveredTo: c.deliveredTo ?? [],
    erasedAt: c.erasedAt ? new Date(c.erasedAt).toISOString() : null,
    revision: c.revision,
    createdAt: new Date(c.createdAt).toISOString(),
    updatedAt: new Date(c.updatedAt).toISOString(),
  };
}

export function toCandidateView(record: CandidateRecord, withContact: boolean): CandidateView {
  // A copy cached before records left the CV's text out may still hold it: it is never sent.
  const { fingerprints: _f, deliveredTo: _d, cvText: _t, contact, ...rest } = record as CandidateRecord & { cvText?: unknown };
  return { ...rest, contact: withContact ? contact : null };
}
