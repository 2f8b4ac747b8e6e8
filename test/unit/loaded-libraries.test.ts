// The PDF and DOCX libraries (pdf.js through unpdf, mammoth and its ZIP and XML libraries) run
// only in the extraction threads (extract.thread.ts). The API and the worker's main thread
// load none of them: they are several megabytes of code that would sit in every process's
// heap, and the more kinds of objects a process has made, the slower its shared request code
// (bench/http.bench.ts: "the API's code merely present").
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const THREAD_ONLY = ['unpdf', 'mammoth', 'jszip', 'pako', '@xmldom/xmldom', 'lop'];

/** The packages of node_modules that importing `entry` loads, in a fresh process. */
function packagesLoadedBy(entry: string): string[] {
  const url = new URL(`../../src/${entry}`, import.meta.url).href;
  const script = `
    const { registerHooks } = await import('node:module');
    const seen = new Set();
    registerHooks({ load(url, context, next) { const m = /node_modules\\/((?:@[^/]+\\/)?[^/]+)/.exec(url); if (m) seen.add(m[1]); return next(url, context); } });
    await import(${JSON.stringify(url)});
    console.log(JSON.stringify([...seen]));`;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: fileURLToPath(new URL('../../..', import.meta.url)), encoding: 'utf8', timeout: 60_000 });
  return JSON.parse(out.trim().split('\n').at(-1)!) as string[];
}

describe('libraries a process loads', () => {
  for (const entry of ['bootstrap/create-api.js', 'bootstrap/create-worker.js']) {
    it(`${entry} loads no PDF or DOCX library`, () => {
      const loaded = packagesLoadedBy(entry);
      assert.ok(loaded.includes('@nestjs/core') && loaded.includes('piscina'), `the hook sees what is loaded: ${loaded.join(', ')}`);
      assert.deepEqual(THREAD_ONLY.filter((name) => loaded.includes(name)), []);
    });
  }
});
