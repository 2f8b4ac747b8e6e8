// `npm test -- <filter>...` and `npm run bench -- <name>...` refuse a filter or a name that
// matches nothing (or a benchmark's setting that is wrong), and `npm start`, `db:indexes` and
// `openapi:responses` any argument, before starting anything: a typo must not become a green run
// of less (or of nothing) than was asked for, or a run that ignored it (`db:indexes --
// --dry-run` would still drop indexes).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { GENERATED_FILE } from '../../scripts/openapi-responses.js';
import { DIST } from '../../scripts/paths.js';

const run = (script: string, args: string[]) => spawnSync(process.execPath, [path.join(DIST, 'scripts', script), ...args], { encoding: 'utf8', timeout: 60_000 });

describe('development scripts', () => {
  it('npm test fails on a filter that matches no test file, even beside one that does', () => {
    const out = run('test.js', ['unit/dev-scripts.test', 'e2e/no-such-thing']);
    assert.equal(out.status, 1, out.stdout + out.stderr);
    assert.match(out.stderr, /no test files match e2e\/no-such-thing/);
    assert.doesNotMatch(out.stdout, /\[test\]/, 'nothing was started');
  });

  it('npm start refuses an argument (it takes none) with its usage, before starting anything', () => {
    const out = run('start.js', ['--port', '3005']);
    assert.equal(out.status, 2, out.stdout + out.stderr);
    assert.match(out.stderr, /Unknown option '--port'/);
    assert.match(out.stderr, /usage: npm start \(settings come from the environment and \.env/);
    assert.doesNotMatch(out.stdout, /\[crowdhire\]/, 'nothing was started');
  });

  it('npm run db:indexes and openapi:responses refuse an argument (they take none) before doing anything', () => {
    const before = fs.statSync(GENERATED_FILE).mtimeMs;
    for (const [script, args, usage] of [
      ['db-indexes.js', ['--dry-run'], /usage: npm run db:indexes/],
      ['openapi-responses.js', ['--check'], /usage: npm run openapi:responses/],
    ] as const) {
      const out = run(script, [...args]);
      assert.equal(out.status, 2, out.stdout + out.stderr);
      assert.match(out.stderr, new RegExp(`Unknown option '${args[0]}'`));
      assert.match(out.stderr, usage);
      assert.equal(out.stdout, '', 'nothing was done');
    }
    assert.equal(fs.statSync(GENERATED_FILE).mtimeMs, before, 'the generated file was not rewritten');
  });

  it('npm run bench refuses a wrong setting of a benchmark it was asked for, before starting anything', () => {
    for (const value of ['lots', '1e6', '-5', '12']) {
      const out = spawnSync(process.execPath, [path.join(DIST, 'scripts', 'bench.js'), 'ranking'], { encoding: 'utf8', timeout: 60_000, env: { ...process.env, BENCH_RANKING_CANDIDATES: value } });
      assert.equal(out.status, 2, out.stdout + out.stderr);
      assert.match(out.stderr, new RegExp(`ranking: BENCH_RANKING_CANDIDATES must be a whole number of at least 1000, not "${value}"`));
      assert.doesNotMatch(out.stdout, /\[bench\]/, 'no services were started');
    }
  });

  it('npm run bench names the benchmarks there are when asked for one that is not, before starting anything', () => {
    const out = run('bench.js', ['cv', 'no-such-bench']);
    assert.equal(out.status, 2, out.stdout + out.stderr);
    assert.match(out.stderr, /no benchmark named no-such-bench; there are: .*\bcv\b.*\bhttp\b/);
    assert.match(out.stderr, /usage: npm run bench/);
    assert.doesNotMatch(out.stdout, /\[bench\]/, 'no services were started');
  });
});
