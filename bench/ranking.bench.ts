// Ranking at a million candidates with realistic CV lengths: each candidate's term counts are
// drawn from a real English vocabulary (the words of ESCO's skill descriptions, with their
// frequencies, when ../shared/data is there; else a synthetic Zipf vocabulary, said so), about
// 900 words each, plus 3-8 skills, years and a place. Reported: index memory per candidate,
// build rate, snapshot size and cold start from it, top-20 latency for sampled jobs against a
// brute-force pass that scores everyone in the same run, and whether the top-20s are identical.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type CandidateFeatures, selectFromKeys, termHash, termKey } from '../src/modules/matching/engine/features.js';
import { jobProfile, type JobInput, skillTerm } from '../src/modules/matching/engine/profiles.js';
import { RankingIndex } from '../src/modules/matching/engine/ranking-index.js';
import { decodeSnapshot, encodeSnapshot } from '../src/modules/matching/engine/ranking-snapshot-codec.js';
import type { ScoringModel } from '../src/modules/matching/engine/scoring.js';
import { words } from '../src/modules/matching/engine/text.js';
import { escoRows } from '../src/modules/skills/import/esco.js';
import { loadTaxonomy } from '../src/modules/skills/taxonomy-loader.js';
import { random, SKILL_POOL } from '../test/support/synthetic.js';

export const name = 'ranking';

/** How many candidates to rank: BENCH_RANKING_CANDIDATES, a whole number of at least 1,000 (a million if unset). */
function candidates(value = process.env.BENCH_RANKING_CANDIDATES): number {
  if (value === undefined) return 1_000_000;
  if (!/^\d+$/.test(value) || Number(value) < 1_000) throw new Error(`BENCH_RANKING_CANDIDATES must be a whole number of at least 1000, not ${JSON.stringify(value)}`);
  return Number(value);
}

export function check(): void {
  candidates();
}

const JOBS = 30;
const BRUTE_JOBS = 8;
const DEADLINE_MS = 20 * 60_000;
const model: ScoringModel = { kind: 'weighted', weights: { mustHave: 35, niceToHave: 15, text: 20, experience: 10, seniority: 8, location: 7, salary: 5 } };
const CITIES: [string, string][] = [['berlin', 'de'], ['munich', 'de'], ['lisbon', 'pt'], ['london', 'gb'], ['paris', 'fr'], ['madrid', 'es'], ['warsaw', 'pl'], ['austin', 'us']];

const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))];

/** Words with their counts: ESCO's descriptions when available, else a synthetic Zipf list. */
function vocabulary(): { words: string[]; weights: Float64Array; source: string } {
  const file = path.resolve(process.cwd(), '..', 'shared', 'data', 'esco', 'skills_en.csv');
  if (fs.existsSync(file)) {
    const counts = new Map<string, number>();
    for (const row of escoRows('skills', fs.readFileSync(file, 'utf8'))) for (const w of words(row.description ?? '')) counts.set(w, (counts.get(w) ?? 0) + 1);
    const sorted = [...counts].sort((a, b) => b[1] - a[1]);
    return { words: sorted.map(([w]) => w), weights: Float64Array.from(sorted.map(([, c]) => c)), source: `${sorted.length} words of ESCO skill descriptions, by their frequency` };
  }
  const syllables = 'ka lo mi ne ru ta vi so pe da gu fi ze ho ba'.split(' ');
  const list = Array.from({ length: 40_000 }, (_, i) => `${syllables[i % 15]}${syllables[Math.floor(i / 15) % 15]}${syllables[Math.floor(i / 225) % 15]}${i}`);
  return { words: list, weights: Float64Array.from(list, (_, i) => 1 / (i + 1)), source: '40,000 synthetic words, Zipf-distributed (no ../shared/data)' };
}

/** Walker's alias method: O(1) draws from a discrete distribution. */
function aliasTable(weights: Float64Array): { prob: Float64Array; alias: Int32Array } {
  const n = weights.length;
  const total = weights.reduce((a, b) => a + b, 0);
  const scaled = Float64Array.from(weights, (w) => (w * n) / total);
  const prob = new Float64Array(n);
  const alias = new Int32Array(n);
  const small: number[] = [];
  const large: number[] = [];
  scaled.forEach((p, i) => (p < 1 ? small : large).push(i));
  while (small.length && large.length) {
    const s = small.pop()!;
    const l = large.pop()!;
    prob[s] = scaled[s];
    alias[s] = l;
    scaled[l] = scaled[l] + scaled[s] - 1;
    (scaled[l] < 1 ? small : large).push(l);
  }
  for (const i of [...small, ...large]) prob[i] = 1;
  return { prob, alias };
}

export async function run(env: Record<string, string>): Promise<void> {
  const candidateCount = candidates();
  const started = Date.now();
  const deadline = (what: string) => {
    if (Date.now() - started > DEADLINE_MS) throw new Error(`ranking benchmark over its ${DEADLINE_MS / 60_000} min deadline (${what})`);
  };
  const { taxonomy } = loadTaxonomy(env.TAXONOMY_DATA_DIR || null);
  const vocab = vocabulary();
  const table = aliasTable(vocab.weights);
  const hashes = Uint32Array.from(vocab.words, termHash);
  const lengths = Uint8Array.from(vocab.words, (w) => Math.min(31, w.length));
  const skillIds = SKILL_POOL.map((s) => taxonomy.skills.key(s));
  const skillHashes = skillIds.map((id) => termHash(skillTerm(id)));
  const rnd = random(11);
  const draw = () => {
    const i = Math.floor(rnd() * vocab.words.length);
    return rnd() < table.prob[i] ? i : table.alias[i];
  };
  const counts = new Int32Array(vocab.words.length);
  const touched = new Int32Array(2000);
  const keys = new Float64Array(2000);
  console.log(`vocabulary: ${vocab.source}; taxonomy: ${taxonomy.origin}`);

  const candidate = (i: number): CandidateFeatures => {
    const size = 600 + Math.floor(rnd() * 600);
    let distinct = 0;
    for (let k = 0; k < size; k++) {
      const w = draw();
      if (counts[w]++ === 0) touched[distinct++] = w;
    }
    const skills = new Set<number>();
    const wanted = 3 + Math.floor(rnd() * 6);
    while (skills.size < wanted) skills.add(Math.floor(rnd() ** 1.5 * skillIds.length));
    let n = 0;
    for (let k = 0; k < distinct; k++) {
      const w = touched[k];
      keys[n++] = termKey(hashes[w], counts[w], lengths[w], false);
      counts[w] = 0;
    }
    for (const s of skills) keys[n++] = termKey(skillHashes[s], 2, 12, true);
    const [city, country] = CITIES[Math.floor(rnd() * CITIES.length)];
    const years10 = Math.floor(rnd() * 200);
    const list = [...skills];
    return {
      id: `c${i.toString(36).padStart(6, '0')}`,
      revision: 1,
      terms: selectFromKeys(keys.subarray(0, n)),
      length: size + skills.size * 2,
      skills: list.map((s) => ({ key: skillIds[s], declared: rnd() < 0.7, mentioned: true })),
      years10,
      yearsBySkill10: new Map(list.slice(0, 2).map((s) => [skillIds[s], Math.floor(rnd() * (years10 + 1))])),
      city,
      country,
      salary: rnd() < 0.5 ? { amount: 5_000_000 + Math.floor(rnd() * 8_000_000), currency: 'EUR' } : null,
    };
  };

  globalThis.gc?.();
  const before = process.memoryUsage();
  const index = new RankingIndex();
  let upsertMs = 0;
  const t0 = performance.now();
  for (let i = 0; i < candidateCount; i++) {
    const f = candidate(i);
    const u = performance.now();
    index.upsert(f);
    upsertMs += performance.now() - u;
    if (i % 100_000 === 99_999) deadline(`building, ${i + 1} candidates`);
  }
  const buildMs = performance.now() - t0;
  globalThis.gc?.();
  const after = process.memoryUsage();
  const perCandidate = (after.heapUsed + after.arrayBuffers - before.heapUsed - before.arrayBuffers) / candidateCount;

  // Jobs: titles and texts from the same vocabulary, 1-3 must-haves and 0-2 nice-to-haves.
  const job = (j: number): JobInput => {
    const pick = () => SKILL_POOL[Math.floor(rnd() ** 1.5 * SKILL_POOL.length)];
    const [city, country] = CITIES[j % CITIES.length];
    return {
      id: `j${j}`,
      revision: 1,
      title: `${['Senior', 'Staff', 'Lead'][j % 3]} ${['Backend', 'Platform', 'Data', 'Mobile'][j % 4]} Engineer`,
      description: Array.from({ length: 60 }, () => vocab.words[draw()]).join(' '),
      mustHave: Array.from({ length: 1 + (j % 3) }, () => ({ skill: pick(), ...(rnd() < 0.4 ? { minYears: 3 } : {}) })),
      niceToHave: Array.from({ length: j % 3 }, () => ({ skill: pick() })),
      seniority: (['mid', 'senior', 'lead'] as const)[j % 3],
      workplace: (['onsite', 'hybrid', 'remote'] as const)[j % 3],
      location: { city, country },
      salary: j % 2 ? { min: 6_000_000, max: 9_000_000, currency: 'EUR' } : null,
    };
  };
  const profiles = Array.from({ length: JOBS }, (_, j) => jobProfile(job(j), taxonomy));
  const indexed: number[] = [];
  const tops = profiles.map((p) => {
    const t = performance.now();
    const top = index.topForJob(p, 20, model);
    indexed.push(performance.now() - t);
    if (top.length !== 20) throw new Error(`job ${p.id}: ${top.length} results, expected 20`);
    return top;
  });
  deadline('ranking');
  const brute: number[] = [];
  let identical = 0;
  for (let j = 0; j < BRUTE_JOBS; j++) {
    const t = performance.now();
    const all = index.bruteForce(profiles[j], 20, model);
    brute.push(performance.now() - t);
    if (JSON.stringify(all) === JSON.stringify(tops[j])) identical++;
    deadline('brute force');
  }

  // A snapshot on disk, as a new worker would fetch it, then loaded as a cold start would.
  const file = path.join(os.tmpdir(), `crowdhire-bench-snapshot-${process.pid}`);
  let snapshotBytes = 0;
  let coldMs = 0;
  let sameAfterLoad = 0;
  try {
    let t = performance.now();
    const bytes = encodeSnapshot(index, candidateCount, 'bench');
    fs.writeFileSync(file, bytes);
    const writeMs = performance.now() - t;
    snapshotBytes = bytes.length;
    t = performance.now();
    const loaded = decodeSnapshot(fs.readFileSync(file)).index;
    coldMs = performance.now() - t;
    for (let j = 0; j < 5; j++) if (JSON.stringify(loaded.topForJob(profiles[j], 20, model)) === JSON.stringify(tops[j])) sameAfterLoad++;
    console.log(`snapshot: ${(snapshotBytes / 2 ** 20).toFixed(0)} MiB, written in ${(writeMs / 1000).toFixed(1)} s`);
  } finally {
    fs.rmSync(file, { force: true });
  }

  const p50i = percentile(indexed, 50);
  const p50b = percentile(brute, 50);
  console.log(`candidates: ${candidateCount.toLocaleString('en')} (about 900 words each, up to 160 terms kept)`);
  console.log(`memory per candidate: ${(perCandidate / 1024).toFixed(2)} KiB (target <= 1.5)${globalThis.gc ? '' : ' (approximate: run node with --expose-gc)'}`);
  console.log(`index build: ${(candidateCount / (buildMs / 1000)).toFixed(0)} candidates/s with generation, ${(candidateCount / (upsertMs / 1000)).toFixed(0)} candidates/s into the index`);
  console.log(`cold start from snapshot: ${(coldMs / 1000).toFixed(1)} s (target < 60 s); top-20 identical after loading: ${sameAfterLoad}/5`);
  console.log(`top-20 of ${candidateCount.toLocaleString('en')}: indexed p50 ${p50i.toFixed(1)} ms p99 ${percentile(indexed, 99).toFixed(1)} ms (target p50 < 100 ms); brute force p50 ${p50b.toFixed(0)} ms`);
  console.log(`ranking ratio (indexed p50 / brute-force p50): ${(p50i / p50b).toFixed(3)}  identical top-20: ${identical}/${BRUTE_JOBS}`);
}
