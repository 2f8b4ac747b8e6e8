// A DOCX whose ZIP directory declares a small document but which inflates to far more: the
// extraction stops at the limit of real output, whatever the headers say, and the process
// never holds the inflated bytes.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { extractCvText } from '../../src/modules/uploads/cv/extract.js';
import { CvExtractionError } from '../../src/modules/uploads/cv/extract-errors.js';
import { measureInflatedSize, zipEntries } from '../../src/modules/uploads/zip.js';
import { makeDocx, makeLyingDocxBomb } from '../support/cv-files.js';

const limits = { maxPages: 10, maxChars: 100_000, maxSeconds: 20, maxUncompressedBytes: 4 * 1024 * 1024 };

describe('DOCX zip bombs with lying headers', () => {
  it('measures the real inflated size, stopping just past the budget', async () => {
    const bomb = makeLyingDocxBomb(256 * 1024 * 1024);
    assert.ok(bomb.length < 1024 * 1024, `the bomb is small on disk (${bomb.length} bytes)`);
    assert.equal(zipEntries(bomb)!.find((e) => e.name === 'word/document.xml')!.uncompressedSize, 1_234, 'the directory lies');
    const before = process.memoryUsage().rss;
    const measured = await measureInflatedSize(bomb, limits.maxUncompressedBytes);
    assert.deepEqual(measured, { ok: false, reason: 'too-large', bytes: limits.maxUncompressedBytes + 1 });
    const grown = process.memoryUsage().rss - before;
    assert.ok(grown < 64 * 1024 * 1024, `inflating grew the process by ${Math.round(grown / 1048576)} MiB`);
  });

  it('fails extraction with TOO_LARGE_UNCOMPRESSED and keeps honest files working', async () => {
    await assert.rejects(extractCvText(makeLyingDocxBomb(64 * 1024 * 1024), 'docx', limits), (e: unknown) => e instanceof CvExtractionError && e.reason === 'TOO_LARGE_UNCOMPRESSED');
    const ok = await extractCvText(makeDocx(['Ada Engineer', 'TypeScript and PostgreSQL']), 'docx', limits);
    assert.match(ok.text, /TypeScript and PostgreSQL/);
    assert.deepEqual(await measureInflatedSize(makeDocx(['x']), limits.maxUncompressedBytes).then((m) => m.ok), true);
  });
});
