// CV extraction in a pool of threads: real files are read in threads, several at once, at a
// lower priority than the main thread; a file that never yields is stopped inside its thread at
// the time limit while the process's main thread goes on renewing its other jobs' locks (a
// BullMQ job with a 1 s lock, running at the same time, completes: a blocked event loop would
// have lost its lock).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { Queue, QueueEvents, Worker } from 'bullmq';
import { RedisKeys } from '../../src/common/redis/redis.js';
import { CvExtractionError, CvFailure, type ExtractLimits } from '../../src/modules/uploads/cv/extract-errors.js';
import { ExtractionPool, THREAD_NICENESS } from '../../src/modules/uploads/cv/extraction-pool.js';
import { makeCorruptPdf, makePdf } from '../support/cv-files.js';
import { testConfig } from '../support/env.js';
import { waitFor } from '../support/wait.js';

const limits: ExtractLimits = { maxPages: 50, maxChars: 200_000, maxSeconds: 1, maxUncompressedBytes: 25 * 1024 * 1024 };

describe('CV extraction threads', () => {
  let dir: string;
  let runaway: string;
  let busy: string;

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cv-threads-'));
    // A thread that never yields once started, like a parser stuck in a loop on a hostile file.
    runaway = path.join(dir, 'runaway.mjs');
    fs.writeFileSync(runaway, 'export default function ({ port }) { port.postMessage({ started: true }); for (;;) {} }\n');
    // A thread busy for a while, then saying which thread it was.
    busy = path.join(dir, 'busy.mjs');
    fs.writeFileSync(
      busy,
      "import { threadId } from 'node:worker_threads';\nexport default function ({ port }) { port.postMessage({ started: true }); const end = Date.now() + 400; while (Date.now() < end); port.close(); return { ok: true, extracted: { text: String(threadId), pages: null, truncated: false } }; }\n",
    );
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reads a real PDF in a thread, reporting progress, and fails a corrupt one with its reason', async () => {
    const pool = new ExtractionPool({ threads: 2, threadHeapMiB: 256 });
    try {
      const progress: number[] = [];
      const pdf = await makePdf([['Ada Example', 'Skills: TypeScript, PostgreSQL'], ['Second page: Kubernetes']]);
      const extracted = await pool.extract(pdf, 'pdf', limits, (f) => void progress.push(f));
      assert.match(extracted.text, /Ada Example/);
      assert.match(extracted.text, /Kubernetes/);
      assert.equal(extracted.pages, 2);
      assert.deepEqual(progress, [0.5, 1]);
      // The thread keeps the time: a file read quicker than the interval sends no progress.
      const quiet: number[] = [];
      assert.equal((await pool.extract(pdf, 'pdf', limits, (f) => void quiet.push(f), 60_000)).pages, 2);
      assert.deepEqual(quiet, []);
      await assert.rejects(pool.extract(makeCorruptPdf(), 'pdf', limits), (e: unknown) => e instanceof CvExtractionError && e.reason === CvFailure.Corrupt);
    } finally {
      await pool.close();
    }
  });

  it('runs its threads below the main thread’s priority, so that the main thread gets a core first', { skip: process.platform !== 'linux' && 'thread priorities are read from /proc' }, async () => {
    // Each thread of this process: its name and niceness (/proc/self/task/<tid>/stat, field 19).
    const threads = () =>
      new Map(
        fs.readdirSync('/proc/self/task').map((tid) => {
          const stat = fs.readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
          const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
          return [tid, { name: fs.readFileSync(`/proc/self/task/${tid}/comm`, 'utf8').trim(), nice: Number(fields[16]) }];
        }),
      );
    const before = threads();
    const main = before.get(String(process.pid))!;
    const pool = new ExtractionPool({ threads: 2, threadHeapMiB: 256 });
    try {
      pool.warm();
      const pdf = await makePdf([['Ada Example']]);
      await Promise.all([pool.extract(pdf, 'pdf', limits), pool.extract(pdf, 'pdf', limits)]);
      // Both threads started with the pool; each lowers its priority before it takes work.
      const started = await waitFor('the pool’s two threads at their priority', () => {
        const now = [...threads()].filter(([tid, t]) => !before.has(tid) && t.name === 'WorkerThread');
        return now.length === 2 && now.every(([, t]) => t.nice !== main.nice) ? now : undefined;
      }, 10_000);
      assert.ok(THREAD_NICENESS > 0);
      for (const [tid, t] of started) assert.equal(t.nice, Math.min(19, main.nice + THREAD_NICENESS), `thread ${tid}`);
    } finally {
      await pool.close();
    }
  });

  it('runs files on several threads at once', async () => {
    const pool = new ExtractionPool({ threads: 2, threadHeapMiB: 64, filename: pathToFileURL(busy).href });
    try {
      const results = await Promise.all([pool.extract(Buffer.from('a'), 'pdf', limits), pool.extract(Buffer.from('b'), 'pdf', limits)]);
      assert.equal(new Set(results.map((r) => r.text)).size, 2, 'two threads took the two files');
    } finally {
      await pool.close();
    }
  });

  it('stops a thread that overruns the time limit while the main thread keeps renewing another job’s lock', { timeout: 60_000 }, async () => {
    const config = testConfig('cv-threads');
    const prefix = new RedisKeys(config.REDIS_KEY_PREFIX).bull('cv-threads');
    const connection = { url: config.REDIS_URL };
    const queue = new Queue('cv-threads', { connection, prefix });
    const events = new QueueEvents('cv-threads', { connection, prefix });
    const pool = new ExtractionPool({ threads: 1, threadHeapMiB: 64, filename: pathToFileURL(runaway).href });
    // A job that outlives its 1 s lock three times over: only lock renewals keep it.
    const worker = new Worker('cv-threads', async () => (await sleep(3_000), 'done'), { connection, prefix, lockDuration: 1_000, stalledInterval: 1_000 });
    try {
      await Promise.all([worker.waitUntilReady(), events.waitUntilReady()]);
      const job = await queue.add('hold', {});
      await sleep(200);
      const started = Date.now();
      await assert.rejects(pool.extract(Buffer.from('%PDF-1.7'), 'pdf', limits), (e: unknown) => e instanceof CvExtractionError && e.reason === CvFailure.Timeout && /thread was stopped/.test(e.message));
      const elapsed = Date.now() - started;
      assert.ok(elapsed >= 1_500 && elapsed < 10_000, `stopped after ${elapsed} ms (limit 1 s plus the grace)`);
      assert.equal(await job.waitUntilFinished(events, 20_000), 'done', 'the other job kept its lock and completed');
      // The pool replaced the stopped thread: it takes work again.
      await assert.rejects(pool.extract(Buffer.from('%PDF-1.7'), 'pdf', limits), (e: unknown) => e instanceof CvExtractionError && e.reason === CvFailure.Timeout);
    } finally {
      await pool.close();
      await worker.close();
      await events.close();
      await queue.obliterate({ force: true }).catch(() => undefined);
      await queue.close();
    }
  });
});
