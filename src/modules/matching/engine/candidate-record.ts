// A candidate's record in the ranking index's arena of 32-bit words (see features.ts for what
// is kept): a header, then the kept terms (bucket << TF_BITS | tf, ascending), the skills
// (id << SKILL_FLAGS | flags, ascending) and the years by skill (id << YEAR_BITS | tenths).
// Skills and places are small integers given by the index's interners. Pure functions.
import { type CandidateFeatures, MAX_YEARS10, NO_YEARS, TF_BITS } from './features.js';

// Header words.
export const T = 0;
export const S = 1;
export const Y = 2;
export const LEN = 3;
export const YEARS = 4;
export const CITY = 5;
export const COUNTRY = 6;
export const SALARY = 7;
export const CURRENCY = 8;
export const HEADER = 9;
export const SKILL_FLAGS = 2;
const DECLARED = 2;
const MENTIONED = 1;
const YEAR_BITS = 12;
/** Skills (and places) the index can tell apart; more are rare enough to leave out. */
export const MAX_SKILLS = 1 << (32 - YEAR_BITS);
export const TERM_MASK = (1 << TF_BITS) - 1;
/** A place the index has no integer for: equal to no job's. */
const UNKNOWN_PLACE = 0xffffffff;
/** A job that names no city (country, currency); -1 is also what a full interner gives, never equal to a candidate's. */
export const NO_PLACE = 0;

/** Strings as small integers, 0 meaning none. */
export class Interner {
  readonly list: string[] = [''];
  private readonly map = new Map<string, number>();

  constructor(private readonly max: number) {}

  get(s: string): number {
    return this.map.get(s) ?? -1;
  }

  intern(s: string): number {
    let id = this.map.get(s);
    if (id === undefined) {
      if (this.list.length >= this.max) return -1;
      id = this.list.length;
      this.list.push(s);
      this.map.set(s, id);
    }
    return id;
  }

  static from(list: string[], max: number): Interner {
    const interner = new Interner(max);
    for (let i = 1; i < list.length; i++) interner.intern(list[i]);
    return interner;
  }
}

/** A growable list of 32-bit integers. */
export class IntList {
  data: Uint32Array;
  length = 0;
  garbage = 0;

  constructor(capacity = 4) {
    this.data = new Uint32Array(capacity);
  }

  push(value: number): void {
    if (this.length === this.data.length) {
      const next = new Uint32Array(Math.max(4, Math.ceil(this.data.length * 1.5)));
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = value;
  }
}

/**
 * A candidate's record. `skillId` and `placeId` give the integers (0 or less: unknown; an
 * unknown skill is left out, an unknown place never equals a job's).
 */
export function encodeRecord(f: CandidateFeatures, skillId: (key: string) => number, placeId: (value: string) => number): Uint32Array {
  const place = (value: string) => {
    const id = placeId(value);
    return id > 0 ? id : UNKNOWN_PLACE;
  };
  const skills = f.skills
    .map((s) => ({ id: skillId(s.key), flags: (s.declared ? DECLARED : 0) | (s.mentioned ? MENTIONED : 0) }))
    .filter((s) => s.id > 0)
    .sort((x, y) => x.id - y.id);
  const years = [...f.yearsBySkill10]
    .map(([key, y]) => [skillId(key), Math.min(MAX_YEARS10, y)] as const)
    .filter(([id]) => id > 0)
    .sort((x, y) => x[0] - y[0]);
  const r = new Uint32Array(HEADER + f.terms.length + skills.length + years.length);
  r[T] = f.terms.length;
  r[S] = skills.length;
  r[Y] = years.length;
  r[LEN] = f.length;
  r[YEARS] = f.years10 === null ? NO_YEARS : f.years10;
  r[CITY] = f.city ? place(f.city) : 0;
  r[COUNTRY] = f.country ? place(f.country) : 0;
  r[SALARY] = f.salary ? Math.max(1, Math.min(0xffffffff, Math.round(f.salary.amount))) : 0;
  r[CURRENCY] = f.salary ? place(`currency:${f.salary.currency}`) : 0;
  r.set(f.terms, HEADER);
  let at = HEADER + f.terms.length;
  for (const s of skills) r[at++] = ((s.id << SKILL_FLAGS) | s.flags) >>> 0;
  for (const [id, y] of years) r[at++] = ((id << YEAR_BITS) | y) >>> 0;
  return r;
}

/** Words of the record at `off`. */
export function recordSize(a: Uint32Array, off: number): number {
  return HEADER + a[off + T] + a[off + S] + a[off + Y];
}

/** Whether the `count` skills from `s0` (ascending) include `skill`. */
export function hasSkill(a: Uint32Array, s0: number, count: number, skill: number): boolean {
  let lo = 0;
  let hi = count - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = a[s0 + mid] >>> SKILL_FLAGS;
    if (v === skill) return true;
    if (v < skill) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

/** The years of the `count` entries from `y0` for `skill`. */
export function yearsFor(a: Uint32Array, y0: number, count: number, skill: number): number | undefined {
  for (let i = 0; i < count; i++) if (a[y0 + i] >>> YEAR_BITS === skill) return (a[y0 + i] & MAX_YEARS10) / 10;
  return undefined;
}

/** Whether the `count` terms from `t0` (ascending) include every bucket of `words` (ascending). */
export function hasTerms(a: Uint32Array, t0: number, count: number, words: Uint32Array): boolean {
  let j = 0;
  for (let i = 0; i < words.length; i++) {
    while (j < count && a[t0 + j] >>> TF_BITS < words[i]) j++;
    if (j === count || a[t0 + j] >>> TF_BITS !== words[i]) return false;
  }
  return true;
}
