// Top candidates for a job without scoring everyone, over a compact encoding of every
// candidate (features.ts): one growable arena of 32-bit words holding each candidate's kept
// terms, skills, years, place and salary; per skill, the candidates that have it; per term
// bucket, how many candidates have it (BM25). No text. Candidates are scored in tiers by how
// many key skills they have; ranking stops as soon as the k-th best score beats the best any
// unscored tier could reach, so the result equals scoring everyone (bruteForce).
import { BM25_B, BM25_K1, squash } from './bm25.js';
import { type CandidateFeatures, MAX_YEARS10, NO_YEARS, TERM_BITS, termHash, TF_BITS } from './features.js';
import { type JobProfile, SENIORITY_LEVELS } from './profiles.js';
import { combine, combineValues, COMPONENTS, type Component, type Components, type Computed, levelFor, requirementValue, type ScoringModel } from './scoring.js';
import { skillText } from '../../skills/tokens.js';

export interface Ranked {
  id: string;
  score: number;
}

type Range = [number, number] | null;

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

const byScore = (a: Ranked, b: Ranked) => b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

// Record layout, in words: a header, then the kept terms, skills and years by skill.
const T = 0;
const S = 1;
const Y = 2;
const LEN = 3;
const YEARS = 4;
const CITY = 5;
const COUNTRY = 6;
const SALARY = 7;
const CURRENCY = 8;
const HEADER = 9;
const SKILL_FLAGS = 2;
const DECLARED = 2;
const MENTIONED = 1;
const YEAR_BITS = 12;
/** Skills (and places) the index can tell apart; more are rare enough to leave out. */
const MAX_SKILLS = 1 << (32 - YEAR_BITS);
const MAX_SLOTS = 1 << 24;
const TERM_MASK = (1 << TF_BITS) - 1;
/** A place the index has no integer for: equal to no job's. */
const UNKNOWN_PLACE = 0xffffffff;
/** A job that names no city (country, currency); -1 is also what a full interner gives, never equal to a candidate's. */
const NO_PLACE = 0;

/** Strings as small integers, 0 meaning none. */
class Interner {
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
class IntList {
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

interface CompiledRequirement {
  skill: number;
  minYears: number | undefined;
  /** Term buckets of a phrase the taxonomy does not know: all must be in the candidate's terms. */
  words: Uint32Array | null;
}

/** A job prepared for scoring against this index: query buckets with IDF, requirements as integers. */
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

export interface Snapshot {
  index: RankingIndex;
  /** The change number the index had caught up to when it was written. */
  seq: number;
  fingerprint: string;
}

const MAGIC = 0x49524843; // "CHRI"
const SNAPSHOT_FORMAT = 1;

export class RankingIndex {
  private arena = new Uint32Array(1 << 12);
  private used = 0;
  private garbage = 0;
  private offsets = new Uint32Array(1 << 10);
  private revisions = new Uint32Array(1 << 10);
  private epochs = new Uint8Array(1 << 10);
  private readonly ids: (string | undefined)[] = [];
  private readonly slotOf = new Map<string, number>();
  private readonly free: number[] = [];
  private readonly skills = new Interner(MAX_SKILLS);
  private readonly places = new Interner(MAX_SKILLS);
  private postings: IntList[] = [];
  private df = new Int32Array(0);
  private totalLength = 0;
  // Scratch space for ranking, reused across calls.
  private stamps = new Uint32Array(0);
  private seen = new Uint32Array(0);
  private coverage = new Uint8Array(0);
  private stamp = 0;
  private readonly values = new Float64Array(COMPONENTS.length);

  get documents(): number {
    return this.slotOf.size;
  }

  get averageLength(): number {
    return this.slotOf.size === 0 ? 0 : this.totalLength / this.slotOf.size;
  }

  has(id: string): boolean {
    return this.slotOf.has(id);
  }

  revisionOf(id: string): number | undefined {
    const slot = this.slotOf.get(id);
    return slot === undefined ? undefined : this.revisions[slot];
  }

  /** Bytes the index holds in typed arrays (what a candidate costs, with bench's heap figure). */
  get bytes(): number {
    let postings = 0;
    for (const p of this.postings) postings += p?.data.byteLength ?? 0;
    return this.arena.byteLength + this.offsets.byteLength + this.revisions.byteLength + this.epochs.byteLength + this.df.byteLength + postings;
  }

  private grow(): void {
    const n = this.offsets.length * 2;
    const offsets = new Uint32Array(n);
    offsets.set(this.offsets);
    this.offsets = offsets;
    const revisions = new Uint32Array(n);
    revisions.set(this.revisions);
    this.revisions = revisions;
    const epochs = new Uint8Array(n);
    epochs.set(this.epochs);
    this.epochs = epochs;
  }

  private reserve(words: number): void {
    if (this.used + words <= this.arena.length) return;
    if (this.garbage > this.used / 3) this.compact();
    if (this.used + words <= this.arena.length) return;
    const next = new Uint32Array(Math.max(this.used + words, Math.ceil(this.arena.length * 1.5)));
    next.set(this.arena.subarray(0, this.used));
    this.arena = next;
  }

  /** Moves every live record together, dropping replaced ones. */
  private compact(): void {
    const next = new Uint32Array(Math.max(1 << 12, Math.ceil((this.used - this.garbage) * 1.25)));
    let at = 0;
    for (let slot = 0; slot < this.ids.length; slot++) {
      if (this.ids[slot] === undefined) continue;
      const off = this.offsets[slot];
      const size = this.sizeAt(off);
      next.set(this.arena.subarray(off, off + size), at);
      this.offsets[slot] = at;
      at += size;
    }
    this.arena = next;
    this.used = at;
    this.garbage = 0;
  }

  private sizeAt(off: number): number {
    const a = this.arena;
    return HEADER + a[off + T] + a[off + S] + a[off + Y];
  }

  private ensureDf(): void {
    if (this.df.length === 0) this.df = new Int32Array(1 << TERM_BITS);
  }

  /**
   * A candidate's record. `intern`: give new skills and places integers (the index's own
   * candidates); without, unknown ones are left out or marked unknown (a candidate scored as
   * the index would score it, without changing the index).
   */
  private encode(f: CandidateFeatures, intern: boolean): Uint32Array {
    const skillId = (key: string) => (intern ? this.skills.intern(key) : this.skills.get(key));
    const placeId = (value: string) => {
      const id = intern ? this.places.intern(value) : this.places.get(value);
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
    r[CITY] = f.city ? placeId(f.city) : 0;
    r[COUNTRY] = f.country ? placeId(f.country) : 0;
    r[SALARY] = f.salary ? Math.max(1, Math.min(0xffffffff, Math.round(f.salary.amount))) : 0;
    r[CURRENCY] = f.salary ? placeId(`currency:${f.salary.currency}`) : 0;
    r.set(f.terms, HEADER);
    let at = HEADER + f.terms.length;
    for (const s of skills) r[at++] = ((s.id << SKILL_FLAGS) | s.flags) >>> 0;
    for (const [id, y] of years) r[at++] = ((id << YEAR_BITS) | y) >>> 0;
    return r;
  }

  /** Adds or replaces a candidate; an older revision never replaces a newer one. */
  upsert(f: CandidateFeatures): boolean {
    let slot = this.slotOf.get(f.id);
    if (slot !== undefined && this.revisions[slot] > f.revision) return false;
    const record = this.encode(f, true);
    if (slot !== undefined) this.unlink(slot);
    else {
      slot = this.free.pop() ?? this.ids.length;
      if (slot >= MAX_SLOTS) throw new Error('ranking index full');
      if (slot >= this.offsets.length) this.grow();
      this.ids[slot] = f.id;
      this.slotOf.set(f.id, slot);
    }
    this.reserve(record.length);
    this.arena.set(record, this.used);
    this.offsets[slot] = this.used;
    this.used += record.length;
    this.revisions[slot] = f.revision;
    this.link(slot);
    return true;
  }

  remove(id: string): void {
    const slot = this.slotOf.get(id);
    if (slot === undefined) return;
    this.unlink(slot);
    this.slotOf.delete(id);
    this.ids[slot] = undefined;
    this.free.push(slot);
  }

  /** Counts a record in the statistics and the skill lists. */
  private link(slot: number): void {
    this.ensureDf();
    const a = this.arena;
    const off = this.offsets[slot];
    const t = a[off + T];
    for (let i = 0; i < t; i++) this.df[a[off + HEADER + i] >>> TF_BITS]++;
    this.totalLength += a[off + LEN];
    const s0 = off + HEADER + t;
    const entry = ((slot << 8) | this.epochs[slot]) >>> 0;
    for (let i = 0; i < a[off + S]; i++) {
      const skill = a[s0 + i] >>> SKILL_FLAGS;
      let list = this.postings[skill];
      if (!list) this.postings[skill] = list = new IntList();
      list.push(entry);
    }
  }

  /** Takes a record out of the statistics; its skill list entries go stale (epoch) and are swept later. */
  private unlink(slot: number): void {
    const a = this.arena;
    const off = this.offsets[slot];
    const t = a[off + T];
    for (let i = 0; i < t; i++) this.df[a[off + HEADER + i] >>> TF_BITS]--;
    this.totalLength -= a[off + LEN];
    const s0 = off + HEADER + t;
    for (let i = 0; i < a[off + S]; i++) {
      const list = this.postings[a[s0 + i] >>> SKILL_FLAGS];
      if (list && ++list.garbage > list.length / 2 + 16) this.sweep(list);
    }
    this.garbage += this.sizeAt(off);
    this.epochs[slot] = (this.epochs[slot] + 1) & 0xff;
  }

  private sweep(list: IntList): void {
    let kept = 0;
    for (let i = 0; i < list.length; i++) {
      const e = list.data[i];
      if ((e & 0xff) === this.epochs[e >>> 8] && this.ids[e >>> 8] !== undefined) list.data[kept++] = e;
    }
    list.length = kept;
    list.garbage = 0;
  }

  documentFrequency(term: string): number {
    return this.df.length === 0 ? 0 : this.df[termHash(term)];
  }

  compile(job: JobProfile, model: ScoringModel): CompiledJob {
    const buckets = [...new Set(job.query.map(termHash))].sort((x, y) => x - y);
    const n = this.documents;
    const idf = new Float64Array(buckets.length);
    buckets.forEach((b, i) => {
      const d = this.df.length === 0 ? 0 : this.df[b];
      idf[i] = Math.log(1 + (n - d + 0.5) / (d + 0.5));
    });
    // A job's skills and places get integers too, so a candidate scored outside the index
    // (compute) is compared with them exactly as an indexed one would be.
    const req = (r: JobProfile['must'][number]): CompiledRequirement => ({
      skill: this.skills.intern(r.skillId),
      minYears: r.minYears,
      words: r.words ? Uint32Array.from(new Set(r.words.map(termHash))).sort() : null,
    });
    const place = (value: string | undefined) => {
      const key = value ? skillText(value) : '';
      return key ? this.places.intern(key) : NO_PLACE;
    };
    return {
      job,
      model,
      query: Uint32Array.from(buckets),
      idf,
      averageLength: Math.max(1, this.averageLength),
      must: job.must.map(req),
      soft: [...job.nice, ...job.implied].map(req),
      city: place(job.location.city),
      country: place(job.location.country),
      salaryCurrency: job.salary ? this.places.intern(`currency:${job.salary.currency}`) : NO_PLACE,
      seniority: SENIORITY_LEVELS.indexOf(job.seniority),
      bestText: model.weights.text < 0 ? 0 : 1,
    };
  }

  private hasSkill(a: Uint32Array, s0: number, count: number, skill: number): boolean {
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

  private yearsFor(a: Uint32Array, y0: number, count: number, skill: number): number | undefined {
    for (let i = 0; i < count; i++) if (a[y0 + i] >>> YEAR_BITS === skill) return (a[y0 + i] & MAX_YEARS10) / 10;
    return undefined;
  }

  private hasTerms(a: Uint32Array, t0: number, count: number, words: Uint32Array): boolean {
    let j = 0;
    for (let i = 0; i < words.length; i++) {
      while (j < count && a[t0 + j] >>> TF_BITS < words[i]) j++;
      if (j === count || a[t0 + j] >>> TF_BITS !== words[i]) return false;
    }
    return true;
  }

  private requirement(r: CompiledRequirement, a: Uint32Array, off: number): number {
    const t = a[off + T];
    const s0 = off + HEADER + t;
    const has = (r.skill > 0 && this.hasSkill(a, s0, a[off + S], r.skill)) || (r.words !== null && r.words.length > 0 && this.hasTerms(a, off + HEADER, t, r.words));
    if (!has || !r.minYears) return has ? 1 : 0;
    return requirementValue(true, r.minYears, r.skill > 0 ? this.yearsFor(a, s0 + a[off + S], a[off + Y], r.skill) : undefined);
  }

  /** The components of the record at `off`, into `out` (COMPONENTS order, NaN = does not apply). */
  private componentsAt(c: CompiledJob, a: Uint32Array, off: number, out: Float64Array, withText = true): void {
    const job = c.job;
    let sum = 0;
    for (const r of c.must) sum += this.requirement(r, a, off);
    out[0] = c.must.length === 0 ? NaN : sum / c.must.length;
    sum = 0;
    for (const r of c.soft) sum += this.requirement(r, a, off);
    out[1] = c.soft.length === 0 ? NaN : sum / c.soft.length;

    out[2] = withText ? this.textAt(c, a, off) : c.bestText;

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

  /** The text component: BM25 over the kept terms (both lists ascend by bucket), squashed. */
  private textAt(c: CompiledJob, a: Uint32Array, off: number): number {
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

  private scoreAt(c: CompiledJob, slot: number): number {
    this.componentsAt(c, this.arena, this.offsets[slot], this.values);
    return combineValues(c.model, this.values);
  }

  /**
   * The candidate's score, or -Infinity when it cannot beat `floor` (the k-th best so far,
   * `floorId` its id): the cheap components first, and BM25 (the costly one) only when the
   * best text score could still lift the candidate above the floor.
   */
  private scoreAbove(c: CompiledJob, slot: number, id: string, floor: number, floorId: string | null): number {
    const a = this.arena;
    const off = this.offsets[slot];
    const values = this.values;
    // Components with the text at its best for this model (the combination is monotonic in each).
    this.componentsAt(c, a, off, values, false);
    if (floorId !== null) {
      const bound = combineValues(c.model, values);
      if (bound < floor || (bound === floor && id > floorId)) return -Infinity;
    }
    values[2] = this.textAt(c, a, off);
    return combineValues(c.model, values);
  }

  /** Scores a candidate, in the index or not, exactly as the index would, with what each requirement was worth. */
  compute(c: CompiledJob, f: CandidateFeatures): Computed & { score: number } {
    const a = this.encode(f, false);
    const values = new Float64Array(COMPONENTS.length);
    this.componentsAt(c, a, 0, values);
    const requirementValues = [...c.must, ...c.soft].map((r) => this.requirement(r, a, 0));
    const components = Object.fromEntries(COMPONENTS.map((name, i) => [name, Number.isNaN(values[i]) ? null : values[i]])) as Components;
    const years10 = a[YEARS];
    const y0 = HEADER + a[T] + a[S];
    return {
      score: combineValues(c.model, values),
      components,
      requirementValues,
      years: years10 === NO_YEARS ? null : years10 / 10,
      yearsBySkill: (skillId) => {
        const skill = this.skills.get(skillId);
        return skill > 0 ? this.yearsFor(a, y0, a[Y], skill) : undefined;
      },
    };
  }

  /** Scores every candidate: the reference the tiered ranking must equal. */
  bruteForce(job: JobProfile, k: number, model: ScoringModel): Ranked[] {
    const c = this.compile(job, model);
    const all: Ranked[] = [];
    for (let slot = 0; slot < this.ids.length; slot++) {
      const id = this.ids[slot];
      if (id !== undefined) all.push({ id, score: this.scoreAt(c, slot) });
    }
    return all.sort(byScore).slice(0, k);
  }

  /** Whether the record at `slot` has every one of these skills. */
  private hasAll(slot: number, skills: number[], from: number): boolean {
    const a = this.arena;
    const off = this.offsets[slot];
    const s0 = off + HEADER + a[off + T];
    for (let i = from; i < skills.length; i++) if (!this.hasSkill(a, s0, a[off + S], skills[i])) return false;
    return true;
  }

  topForJob(job: JobProfile, k: number, model: ScoringModel): Ranked[] {
    const c = this.compile(job, model);
    // Tier candidates by how many distinct key skills (the must-haves, else the soft ones)
    // they have; everyone else is one last tier, scored only if it could still matter.
    const keyReqs = c.must.length ? c.must : c.soft;
    // Rarest first: the top tier is within the shortest list.
    const keySkills = [...new Set(keyReqs.filter((r) => r.skill > 0).map((r) => r.skill))].sort((x, y) => (this.postings[x]?.length ?? 0) - (this.postings[y]?.length ?? 0));
    // A phrase the taxonomy does not know may be met by anyone's words: it is never ruled out.
    const open = keyReqs.filter((r) => r.skill <= 0 && r.words !== null && r.words.length > 0).length;
    const slots = this.ids.length;
    if (this.stamps.length < this.offsets.length) {
      this.stamps = new Uint32Array(this.offsets.length);
      this.seen = new Uint32Array(this.offsets.length);
      this.coverage = new Uint8Array(this.offsets.length);
    }
    const live = (e: number) => (e & 0xff) === this.epochs[e >>> 8] && this.ids[e >>> 8] !== undefined;

    // With j of the distinct key skills, at most the j most repeated key requirements are met.
    const multiplicity = keySkills.map((s) => keyReqs.filter((r) => r.skill === s).length).sort((x, y) => y - x);
    const cap = (tier: number) => (keyReqs.length === 0 ? 1 : Math.min(1, (multiplicity.slice(0, tier).reduce((x, y) => x + y, 0) + open) / keyReqs.length));
    const free = (applies: boolean): Range => (applies ? [0, 1] : null);
    const bounds = new Map<number, number>();
    const tierBound = (tier: number) => {
      let bound = bounds.get(tier);
      if (bound === undefined) {
        bound = bestWithin(model, {
          mustHave: c.must.length ? [0, cap(tier)] : null,
          niceToHave: c.must.length ? free(c.soft.length > 0) : c.soft.length ? [0, cap(tier)] : null,
          text: [0, 1],
          experience: [0, 1],
          seniority: [0, 1],
          location: [0, 1],
          salary: free(!!job.salary),
        });
        bounds.set(tier, bound);
      }
      return bound;
    };

    const top: Ranked[] = [];
    const seen = ++this.stamp;
    const consider = (slot: number) => {
      if (this.seen[slot] === seen) return;
      this.seen[slot] = seen;
      const id = this.ids[slot]!;
      const full = top.length === k;
      const s = this.scoreAbove(c, slot, id, full ? top[k - 1].score : -Infinity, full ? top[k - 1].id : null);
      if (full) {
        const last = top[k - 1];
        if (s < last.score || (s === last.score && id > last.id)) return;
      }
      let at = top.length;
      while (at > 0 && byScore(top[at - 1], { id, score: s }) > 0) at--;
      top.splice(at, 0, { id, score: s });
      if (top.length > k) top.pop();
    };
    const done = (tier: number) => top.length === k && top[k - 1].score > tierBound(tier);
    const n = keySkills.length;

    // Usually enough: the candidates with every key skill, found through the rarest one's list.
    if (n > 0) {
      const rarest = this.postings[keySkills[0]];
      for (let i = 0; rarest && i < rarest.length; i++) {
        const e = rarest.data[i];
        if (live(e) && this.hasAll(e >>> 8, keySkills, 1)) consider(e >>> 8);
      }
      if (done(n - 1)) return top;
    }

    // Otherwise every tier: count each candidate's key skills.
    const touched: number[] = [];
    for (const skill of keySkills) {
      const list = this.postings[skill];
      if (!list) continue;
      const stamp = ++this.stamp;
      for (let i = 0; i < list.length; i++) {
        const e = list.data[i];
        const slot = e >>> 8;
        if (!live(e) || this.stamps[slot] === stamp) continue;
        this.stamps[slot] = stamp;
        if (this.coverage[slot] === 0) touched.push(slot);
        if (this.coverage[slot] < 255) this.coverage[slot]++;
      }
    }
    const tiers: number[][] = Array.from({ length: n + 1 }, () => []);
    for (const slot of touched) tiers[Math.min(n, this.coverage[slot])].push(slot);
    try {
      for (let tier = n; tier >= 1; tier--) {
        if (done(tier)) return top;
        for (const slot of tiers[tier]) consider(slot);
      }
      if (done(0)) return top;
      for (let slot = 0; slot < slots; slot++) if (this.ids[slot] !== undefined && this.coverage[slot] === 0) consider(slot);
      return top;
    } finally {
      for (const slot of touched) this.coverage[slot] = 0;
    }
  }

  /** The index as bytes: a header (ids, integers' strings) and the live records, packed. */
  serialize(seq: number, fingerprint: string): Buffer {
    const live: number[] = [];
    let words = 0;
    for (let slot = 0; slot < this.ids.length; slot++) {
      if (this.ids[slot] === undefined) continue;
      live.push(slot);
      words += this.sizeAt(this.offsets[slot]);
    }
    const header = Buffer.from(
      JSON.stringify({ format: SNAPSHOT_FORMAT, fingerprint, seq, ids: live.map((s) => this.ids[s]), skills: this.skills.list, places: this.places.list, words }),
    );
    const pad = (4 - (header.length % 4)) % 4;
    const body = new Uint32Array(live.length + words);
    let at = live.length;
    live.forEach((slot, i) => {
      body[i] = this.revisions[slot];
      const off = this.offsets[slot];
      const size = this.sizeAt(off);
      body.set(this.arena.subarray(off, off + size), at);
      at += size;
    });
    const prefix = Buffer.alloc(12);
    prefix.writeUInt32LE(MAGIC, 0);
    prefix.writeUInt32LE(SNAPSHOT_FORMAT, 4);
    prefix.writeUInt32LE(header.length, 8);
    return Buffer.concat([prefix, header, Buffer.alloc(pad), Buffer.from(body.buffer, body.byteOffset, body.byteLength)]);
  }

  static deserialize(bytes: Buffer): Snapshot {
    if (bytes.length < 12 || bytes.readUInt32LE(0) !== MAGIC) throw new Error('not a ranking index snapshot');
    if (bytes.readUInt32LE(4) !== SNAPSHOT_FORMAT) throw new Error(`ranking index snapshot format ${bytes.readUInt32LE(4)}, expected ${SNAPSHOT_FORMAT}`);
    const headerLength = bytes.readUInt32LE(8);
    const header = JSON.parse(bytes.subarray(12, 12 + headerLength).toString('utf8')) as { fingerprint: string; seq: number; ids: string[]; skills: string[]; places: string[]; words: number };
    const start = 12 + headerLength + ((4 - (headerLength % 4)) % 4);
    const count = header.ids.length;
    if (bytes.length !== start + 4 * (count + header.words)) throw new Error('ranking index snapshot is truncated');
    // Copy into an aligned buffer of our own: the file's bytes may start anywhere.
    const body = new Uint32Array(count + header.words);
    Buffer.from(body.buffer).set(bytes.subarray(start));
    const index = new RankingIndex();
    (index as unknown as { skills: Interner }).skills = Interner.from(header.skills, MAX_SKILLS);
    (index as unknown as { places: Interner }).places = Interner.from(header.places, MAX_SKILLS);
    let capacity = 1 << 10;
    while (capacity < count) capacity *= 2;
    index.offsets = new Uint32Array(capacity);
    index.revisions = new Uint32Array(capacity);
    index.epochs = new Uint8Array(capacity);
    index.arena = body.slice(count);
    index.used = header.words;
    let off = 0;
    for (let slot = 0; slot < count; slot++) {
      index.ids.push(header.ids[slot]);
      index.slotOf.set(header.ids[slot], slot);
      index.revisions[slot] = body[slot];
      index.offsets[slot] = off;
      off += index.sizeAt(off);
    }
    if (off !== header.words) throw new Error('ranking index snapshot is inconsistent');
    for (let slot = 0; slot < count; slot++) index.link(slot);
    return { index, seq: header.seq, fingerprint: header.fingerprint };
  }
}

