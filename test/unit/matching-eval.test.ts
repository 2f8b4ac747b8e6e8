// The evaluation harness: its metrics on hand-computed cases, the labelled set in
// test/fixtures (size, coverage, a reason per grade), and `npm run eval:matching` on it, which
// must beat its own BM25 baseline.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { bm25Ranking, type EvalQuery, ndcgAt, parseEvalQuery, reciprocalRank } from '../../src/modules/matching/engine/evaluation.js';

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
  it('ranks by plain BM25 of the job text for the baseline: term overlap, rarer terms weighing more', () => {
    const q: EvalQuery = {
      job: { title: 'Welder', description: 'Underwater welding on offshore platforms.' },
      candidates: [
        { id: 'a', text: 'Cook in a restaurant.', relevance: 0 },
        { id: 'b', text: 'Welding of pipelines on platforms.', relevance: 2 },
        { id: 'c', text: 'Underwater welding and offshore inspection.', relevance: 3 },
      ],
    };
    assert.deepEqual(bm25Ranking(q), ['c', 'b', 'a']);
  });
});

describe('the labelled set', () => {
  const queries = fs
    .readFileSync(path.join(ROOT, 'test/fixtures/matching-eval.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => parseEvalQuery(JSON.parse(l)));

  it('has at least 300 graded pairs over at least 10 occupations, at least half outside software', () => {
    const pairs = queries.flatMap((q) => q.candidates);
    assert.ok(pairs.length >= 300, `${pairs.length} pairs`);
    const occupations = new Map(queries.map((q) => [q.occupation, q.software]));
    assert.ok(occupations.size >= 10, `${occupations.size} occupations`);
    const outside = [...occupations.values()].filter((software) => software === false).length;
    assert.ok(outside * 2 >= occupations.size, `${outside} of ${occupations.size} outside software`);
    assert.ok(queries.filter((q) => !q.software).flatMap((q) => q.candidates).length * 2 >= pairs.length, 'at least half the pairs outside software');
  });

  it('grades every pair 0..3 with a one-line reason, under unique ids', () => {
    const pairs = queries.flatMap((q) => q.candidates);
    for (const c of pairs) {
      assert.ok(Number.isInteger(c.relevance) && c.relevance >= 0 && c.relevance <= 3, `${c.id}: ${c.relevance}`);
      assert.ok(typeof c.reason === 'string' && c.reason.trim().length > 0 && !c.reason.includes('\n'), `${c.id}: reason`);
    }
    assert.equal(new Set(pairs.map((c) => c.id)).size, pairs.length);
  });
});

describe('npm run eval:matching', () => {
  it('prints each query beside BM25, then the baseline and the engine, and the engine beats the baseline', () => {
    const out = execFileSync(process.execPath, ['dist/scripts/eval-matching.js', 'test/fixtures/matching-eval.jsonl'], { cwd: ROOT, encoding: 'utf8' });
    const lines = out.trim().split('\n');
    assert.equal(lines.filter((l) => /^query \d+: .* nDCG@10=\d\.\d{3} \(BM25 \d\.\d{3}\)/.test(l)).length, 20, 'one line per query with its baseline');
    const baseline = /^BM25 baseline: nDCG@10=(\d\.\d{3}) MRR=(\d\.\d{3})$/.exec(lines.at(-2)!);
    const engine = /^engine: +nDCG@10=(\d\.\d{3}) MRR=(\d\.\d{3})/.exec(lines.at(-1)!);
    assert.ok(baseline && engine, lines.slice(-2).join('\n'));
    assert.ok(Number(engine[1]) > Number(baseline[1]), `engine ${engine[1]} vs BM25 ${baseline[1]}`);
    assert.ok(Number(engine[1]) >= 0.9, `nDCG@10 ${engine[1]}`);
    assert.ok(Number(engine[2]) >= 0.9, `MRR ${engine[2]}`);
  });
  const evalRun = (...args: string[]) => spawnSync(process.execPath, ['dist/scripts/eval-matching.js', ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });

  it('refuses a missing or stray argument with its usage (exit 2)', () => {
    for (const args of [[], ['a.jsonl', 'b.jsonl'], ['--weights', 'x', 'a.jsonl']]) {
      const out = evalRun(...args);
      assert.equal(out.status, 2, `${args.join(' ')}: ${out.stderr}`);
      assert.match(out.stderr, /usage: npm run eval:matching -- <file\.jsonl>/);
    }
  });

  it('says which line of a bad file is wrong and how, before any figure (exit 1, no stack trace)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crowdhire-eval-'));
    const good = fs.readFileSync(path.join(ROOT, 'test/fixtures/matching-eval.jsonl'), 'utf8').split('\n')[0];
    const cases: [string, RegExp][] = [
      [`${good}\n\n{}\n`, /bad\.jsonl:3: job: needs a title and a description/],
      [`${good}\n{"job": {"title": "Cook", "description": "Kitchen"}, "candidates": [{"id": "a", "text": "Chef", "relevance": 7}]}\n`, /bad\.jsonl:2: candidates\[0\] \(a\): relevance must be an integer 0\.\.3, not 7/],
      [`{"job": {"title": "Cook", "description": "Kitchen"}, "candidates": [{"id": "a", "text": "Chef", "relevance": 1}, {"id": "a", "text": "Baker", "relevance": 0}]}\n`, /bad\.jsonl:1: candidates\[1\]: the id a is there twice/],
      [`${good}\n[1, 2]\n`, /bad\.jsonl:2: not a JSON object/],
      [`${good}\n{"job": \n`, /bad\.jsonl:2: not JSON/],
      ['\n\n', /bad\.jsonl: no queries/],
    ];
    try {
      for (const [text, message] of cases) {
        fs.writeFileSync(path.join(dir, 'bad.jsonl'), text);
        const out = evalRun(path.join(dir, 'bad.jsonl'));
        assert.equal(out.status, 1, out.stdout + out.stderr);
        assert.match(out.stderr, message);
        assert.doesNotMatch(out.stderr, /\n\s+at /, 'no stack trace');
        assert.equal(out.stdout, '', 'no figures from a bad file');
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
