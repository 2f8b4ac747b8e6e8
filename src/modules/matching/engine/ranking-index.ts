// Top candidates for a job without scoring everyone, over a compact encoding of every
// candidate (features.ts): one growable arena of 32-bit words holding each candidate's kept
// terms, skills, years, place and salary; per skill, the candidates that have it; per term
// bucket, how many candidates have it (BM25). No text. Candidates are scored in tiers by how
// many key skills they have; ranking stops as soon as the k-th best score beats the best any
// unscored tier could reach, so the result equals scoring everyone (bruteForce).
import { encodeRecord, hasSkill, HEADER, Interner, IntList, LEN, MAX_SKILLS, recordSize, S, SKILL_FLAGS, T } from './candidate-record.js';
import { type CandidateFeatures, TERM_BITS, termHash, TF_BITS } from './features.js';
import type { JobProfile } from './profiles.js';
import { type CompiledJob, compileJob, componentsAt, computeRecord, textAt, tierBounds } from './record-scoring.js';
import { byScore, combineValues, COMPONENTS, type Computed, type Ranked, type ScoringModel } from './scoring.js';

const MAX_SLOTS = 1 << 24;

/** What a copy of an index needs: its live candidates and the strings behind its integers. */
export interface PackedIndex {
  ids: string[];
  revisions: Uint32Array;
  records: Uint32Array<ArrayBuffer>;
  skills: string[];
  places: string[];
}

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
    return recordSize(this.arena, off);
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
    return intern
      ? encodeRecord(f, (key) => this.skills.intern(key), (value) => this.places.intern(value))
      : encodeRecord(f, (key) => this.skills.get(key), (value) => this.places.get(value));
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

  /** The job prepared for scoring against this index (its statistics, its integers). */
  compile(job: JobProfile, model: ScoringModel): CompiledJob {
    return compileJob(job, model, {
      documents: this.documents,
      averageLength: this.averageLength,
      documentFrequency: (bucket) => (this.df.length === 0 ? 0 : this.df[bucket]),
      // A job's skills and places get integers too, so a candidate scored outside the index
      // (compute) is compared with them exactly as an indexed one would be.
      skill: (key) => this.skills.intern(key),
      place: (value) => this.places.intern(value),
    });
  }

  private scoreAt(c: CompiledJob, slot: number): number {
    componentsAt(c, this.arena, this.offsets[slot], this.values);
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
    componentsAt(c, a, off, values, false);
    if (floorId !== null) {
      const bound = combineValues(c.model, values);
      if (bound < floor || (bound === floor && id > floorId)) return -Infinity;
    }
    values[2] = textAt(c, a, off);
    return combineValues(c.model, values);
  }

  /** Scores a candidate, in the index or not, exactly as the index would, with what each requirement was worth. */
  compute(c: CompiledJob, f: CandidateFeatures): Computed & { score: number } {
    return computeRecord(c, this.encode(f, false), (skillId) => this.skills.get(skillId));
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
    for (let i = from; i < skills.length; i++) if (!hasSkill(a, s0, a[off + S], skills[i])) return false;
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

    const tierBound = tierBounds(c, keyReqs, keySkills, open);

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

  /** The live candidates, their records back to back in slot order (ranking-snapshot-codec.ts). */
  pack(): PackedIndex {
    const live: number[] = [];
    let words = 0;
    for (let slot = 0; slot < this.ids.length; slot++) {
      if (this.ids[slot] === undefined) continue;
      live.push(slot);
      words += this.sizeAt(this.offsets[slot]);
    }
    const records = new Uint32Array(words);
    let at = 0;
    for (const slot of live) {
      const off = this.offsets[slot];
      const size = this.sizeAt(off);
      records.set(this.arena.subarray(off, off + size), at);
      at += size;
    }
    return { ids: live.map((slot) => this.ids[slot]!), revisions: Uint32Array.from(live, (slot) => this.revisions[slot]), records, skills: this.skills.list, places: this.places.list };
  }

  /** An index holding what pack() gave; throws when the records do not add up. */
  static unpack(packed: PackedIndex): RankingIndex {
    const count = packed.ids.length;
    const index = new RankingIndex();
    (index as unknown as { skills: Interner }).skills = Interner.from(packed.skills, MAX_SKILLS);
    (index as unknown as { places: Interner }).places = Interner.from(packed.places, MAX_SKILLS);
    let capacity = 1 << 10;
    while (capacity < count) capacity *= 2;
    index.offsets = new Uint32Array(capacity);
    index.revisions = new Uint32Array(capacity);
    index.epochs = new Uint8Array(capacity);
    index.arena = packed.records;
    index.used = packed.records.length;
    let off = 0;
    for (let slot = 0; slot < count; slot++) {
      if (off + HEADER > index.used) throw new Error('ranking index records are inconsistent');
      index.ids.push(packed.ids[slot]);
      index.slotOf.set(packed.ids[slot], slot);
      index.revisions[slot] = packed.revisions[slot];
      index.offsets[slot] = off;
      off += index.sizeAt(off);
    }
    if (off !== index.used) throw new Error('ranking index records are inconsistent');
    for (let slot = 0; slot < count; slot++) index.link(slot);
    return index;
  }
}

