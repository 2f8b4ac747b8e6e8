// The evaluation harness: its metrics on hand-computed cases, and `npm run eval:matching` on
// the labelled set in test/fixtures.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { ndcgAt, reciprocalRank } from '../../src/modules/matching/engine/evaluation.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

describe('evaluation metrics', () => {
  it('computes nDCG@k with graded gains', () => {
    assert.equal(ndcgAt(10, [3, 2, 0], [0, 2, 3]), 1);
    // DCG of [0, 3] = 7/log2(3); ideal [3, 0] = 7.
    assert.ok(Math.abs(ndcgAt(10, [0, 3], [3, 0]) - 1 / Math.log2(3)) < 1e-12);
    assert.equal(ndcgAt(1, [0, 3], [3, 0]), 0);
    assert.equal(ndcgAt(10, [0, 0], [0, 0]), 0);
  });
  it('computes the reciprocal rank of the first relevant result', () => {
    assert.equal(reciprocalRank([0, 0, 2]), 1 / 3);
    assert.equal(reciprocalRank([0, 0]), 0);
  });
});

describe('npm run eval:matching', () => {
  it('ranks the labelled set well and prints the overall figures last', () => {
    const out = execFileSync(process.execPath, ['dist/scripts/eval-matching.js', 'test/fixtures/matching-eval.jsonl'], { cwd: ROOT, encoding: 'utf8' });
    const lines = out.trim().split('\n');
    assert.equal(lines.length, 7, 'one line per query, then the summary');
    const match = /^nDCG@10=(\d\.\d{3}) MRR=(\d\.\d{3})$/.exec(lines.at(-1)!);
    assert.ok(match, lines.at(-1));
    assert.ok(Number(match[1]) >= 0.9, `nDCG@10 ${match[1]}`);
    assert.ok(Number(match[2]) >= 0.9, `MRR ${match[2]}`);
  });
  it('says what is wrong with a bad file', () => {
    assert.throws(() => execFileSync(process.execPath, ['dist/scripts/eval-matching.js'], { cwd: ROOT, stdio: 'pipe' }), /usage/);
  });
});
