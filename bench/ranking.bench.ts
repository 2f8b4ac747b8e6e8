// Ranking 100,000 synthetic candidates for one job: the indexed top-20 against a brute-force
// pass that scores everyone, in the same run; plus index build rate and memory per candidate.
import { candidateProfile, jobProfile } from '../src/modules/matching/engine/profiles.js';
import { RankingIndex } from '../src/modules/matching/engine/ranking-index.js';
import type { ScoringModel } from '../src/modules/matching/engine/scoring.js';
import { skillTaxonomy } from '../src/modules/matching/taxonomy/skill-normaliser.js';
import { random, syntheticCandidate, syntheticJob } from '../test/support/synthetic.js';

export const name = 'ranking';

const CANDIDATES = 100_000;
const JOBS = 15;
const model: ScoringModel = { kind: 'weighted', weights: { mustHave: 35, niceToHave: 15, text: 20, experience: 10, seniority: 8, location: 7, salary: 5 } };

const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))];

export async function run(): Promise<void> {
  const taxonomy = skillTaxonomy();
  const rnd = random(7);
  const inputs = Array.from({ length: CANDIDATES }, (_, i) => syntheticCandidate(i, rnd));
  globalThis.gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  const index = new RankingIndex();
  const t0 = performance.now();
  for (const input of inputs) index.upsert(candidateProfile(input, taxonomy));
  const buildMs = performance.now() - t0;
  globalThis.gc?.();
  const heapAfter = process.memoryUsage().heapUsed;

  const indexed: number[] = [];
  const brute: number[] = [];
  let identical = 0;
  for (let j = 0; j < JOBS; j++) {
    const job = jobProfile(syntheticJob(j, rnd), taxonomy);
    let t = performance.now();
    const fast = index.topForJob(job, 20, model);
    indexed.push(performance.now() - t);
    t = performance.now();
    const all = index.bruteForce(job, 20, model);
    brute.push(performance.now() - t);
    if (JSON.stringify(fast) === JSON.stringify(all)) identical++;
  }
  const p50i = percentile(indexed, 50);
  const p50b = percentile(brute, 50);
  console.log(`index build: ${(CANDIDATES / (buildMs / 1000)).toFixed(0)} candidates/s (${(buildMs / 1000).toFixed(1)} s for ${CANDIDATES})`);
  console.log(`memory per candidate: ${((heapAfter - heapBefore) / CANDIDATES / 1024).toFixed(2)} KiB${globalThis.gc ? '' : ' (approximate: run node with --expose-gc for exact)'}`);
  console.log(`top-20 of ${CANDIDATES}: indexed p50 ${p50i.toFixed(1)} ms p99 ${percentile(indexed, 99).toFixed(1)} ms; brute force p50 ${p50b.toFixed(1)} ms`);
  console.log(`ranking ratio (indexed p50 / brute-force p50): ${(p50i / p50b).toFixed(3)}  (target: indexed p50 < 50 ms)  identical top-20: ${identical}/${JOBS}`);
}
