// A candidate as the ranking index holds it: no text, only what ranking needs, in a few
// dozen 32-bit words. Terms are hashed into a bounded vocabulary (TERM_BITS) and a candidate
// keeps its MAX_TERMS most frequent ones (skills first); years are kept in tenths; places
// and skills become small integers in the index. Every score, ranked or shown, is computed
// from this encoding, so the ranked order and the shown scores always agree.
import { skillText } from '../../skills/tokens.js';
import type { CandidateProfile } from './profiles.js';

export const TERM_BITS = 22;
export const TF_BITS = 10;
export const MAX_TF = (1 << TF_BITS) - 1;
export const MAX_TERMS = 160;
/** Years are stored in tenths, up to this. */
export const MAX_YEARS10 = 4095;
export const NO_YEARS = 0xffffffff;

/** A term's bucket in the bounded vocabulary: FNV-1a, top TERM_BITS bits. */
export function termHash(term: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < term.length; i++) {
    h ^= term.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> (32 - TERM_BITS);
}

export interface SkillFeature {
  /** Taxonomy id, or the key of a declared skill the taxonomy does not know. */
  key: string;
  declared: boolean;
  mentioned: boolean;
}

export interface CandidateFeatures {
  id: string;
  revision: number;
  /** (bucket << TF_BITS | tf), ascending: at most MAX_TERMS. */
  terms: Uint32Array;
  /** Every term the text had, kept or not (BM25's document length). */
  length: number;
  skills: SkillFeature[];
  years10: number | null;
  /** Skill key -> tenths of years in dated entries that mention it. */
  yearsBySkill10: Map<string, number>;
  city: string | null;
  country: string | null;
  salary: { amount: number; currency: string } | null;
}

const tenths = (years: number) => Math.min(MAX_YEARS10, Math.round(years * 10));

/**
 * The order in which a candidate's terms are kept, as one number per term: skill terms first,
 * then the most frequent, then longer words before shorter ones (rarer, so more telling), then
 * by bucket. Numbers sort natively, which matters at a million candidates.
 */
export function termKey(bucket: number, tf: number, length: number, skill: boolean): number {
  return ((skill ? 1 << 15 : 0) + ((tf > MAX_TF ? MAX_TF : tf) << 5) + (length > 31 ? 31 : length)) * 4194304 + bucket;
}

const BUCKETS = 2 ** TERM_BITS;

/** The kept terms, from termKey numbers (sorted in place). */
export function selectFromKeys(keys: Float64Array, max = MAX_TERMS): Uint32Array {
  keys.sort();
  const n = Math.min(max, keys.length);
  const out = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const key = keys[keys.length - 1 - i];
    const flags = Math.floor(key / BUCKETS);
    out[i] = (((key - flags * BUCKETS) << TF_BITS) | ((flags >>> 5) & MAX_TF)) >>> 0;
  }
  out.sort();
  // Two kept terms in one bucket: one entry, their counts added.
  let w = 0;
  for (let i = 0; i < n; i++) {
    if (w > 0 && out[w - 1] >>> TF_BITS === out[i] >>> TF_BITS) {
      const tf = Math.min(MAX_TF, (out[w - 1] & MAX_TF) + (out[i] & MAX_TF));
      out[w - 1] = (((out[i] >>> TF_BITS) << TF_BITS) | tf) >>> 0;
    } else out[w++] = out[i];
  }
  return w === n ? out : out.slice(0, w);
}

export function selectTerms(tf: ReadonlyMap<string, number>, max = MAX_TERMS): Uint32Array {
  const keys = new Float64Array(tf.size);
  let i = 0;
  for (const [term, f] of tf) keys[i++] = termKey(termHash(term), f, term.length, term.startsWith('skill:'));
  return selectFromKeys(keys, max);
}

export function featuresOf(profile: CandidateProfile): CandidateFeatures {
  const keys = new Set([...profile.declared.keys(), ...profile.mentions.keys()]);
  return {
    id: profile.id,
    revision: profile.revision,
    terms: selectTerms(profile.tf),
    length: profile.length,
    skills: [...keys].map((key) => ({ key, declared: profile.declared.has(key), mentioned: profile.mentions.has(key) })),
    years10: profile.years === null ? null : tenths(profile.years),
    yearsBySkill10: new Map([...profile.yearsBySkill].map(([k, y]) => [k, tenths(y)])),
    city: profile.location.city ? skillText(profile.location.city) || null : null,
    country: profile.location.country ? skillText(profile.location.country) || null : null,
    salary: profile.expectedSalary ?? null,
  };
}

/** Bumped whenever the encoding or what is extracted changes: older snapshots are not used. */
export const FEATURES_VERSION = 1;
