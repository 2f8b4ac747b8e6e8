// CV extraction off the worker's event loop: a pool of threads (piscina), one per core by
// default, so a worker process parses several files at once on every core and its main thread
// stays free for lock renewals, heartbeats and the queue. The limits of extract.ts apply inside
// each thread; a thread still busy a moment after the time limit (a file that never yields) is
// terminated, not waited for, and a thread that runs out of its memory budget fails its file.
// The threads run at a lower priority than the main thread (THREAD_NICENESS).
import { MessageChannel } from 'node:worker_threads';
import os from 'node:os';
import { Piscina } from 'piscina';
import type { CvType } from '../file-type.js';
import { CvExtractionError, CvFailure, type Extracted, type ExtractLimits } from './extract-errors.js';
import type { ExtractOutcome, ExtractTask, ThreadMessage } from './extract.thread.js';

const THREAD_FILE = new URL('./extract.thread.js', import.meta.url).href;
/** After the time limit, how long a thread has to notice it by itself before it is stopped. */
const GRACE_MS = 1_000;

export interface ExtractionPoolOptions {
  /** Threads at most; 0: one per core. */
  threads: number;
  /** Heap budget of one thread, in MiB. */
  threadHeapMiB: number;
  /** The module a thread runs (tests give a file that misbehaves). */
  filename?: string;
}

/**
 * The young generation of each thread, larger than V8's default. Nearly all that pdf.js
 * allocates for a file is garbage once the file is read; with a larger nursery less of it
 * survives a scavenge, to be promoted and then marked by the background GC threads. In
 * bench/cv.bench.ts (steady state, 2 cores) it raised throughput at concurrency 4 by about 2 %
 * and lowered it at concurrency 1 by about as much, with the same peak memory: a busy files
 * worker is the case that matters.
 */
const YOUNG_GENERATION_MIB = 64;

/**
 * How much lower the threads' priority is than the main thread's, on Linux (nice(2), through
 * piscina and its optional @napi-rs/nice; without it they keep the process's). The main thread
 * then gets a core as soon as it has work (lock renewals, heartbeats, the queue, the steps of
 * every file in flight between its extractions) and the threads fill what is left. At the same
 * priority the main thread waited behind them for a time slice, every file in flight waited
 * with it, and cores idled meanwhile: in bench/cv.bench.ts (2 cores) concurrency 4 did about
 * 8 % more (median of six alternating rounds), the cores 93 to 96 % busy instead of 86 to 91.
 */
export const THREAD_NICENESS = 10;

export class ExtractionPool {
  private pool: Piscina<ExtractTask, ExtractOutcome> | null = null;

  constructor(private readonly options: ExtractionPoolOptions) {}

  get threads(): number {
    return this.options.threads > 0 ? this.options.threads : os.availableParallelism();
  }

  private create(minThreads: number): Piscina<ExtractTask, ExtractOutcome> {
    return new Piscina<ExtractTask, ExtractOutcome>({
      filename: this.options.filename ?? THREAD_FILE,
      minThreads,
      maxThreads: this.threads,
      idleTimeout: 60_000,
      resourceLimits: { maxOldGenerationSizeMb: this.options.threadHeapMiB, maxYoungGenerationSizeMb: YOUNG_GENERATION_MIB },
      // Linux's nice(2) applies to the calling thread; elsewhere it would lower the whole process.
      niceIncrement: process.platform === 'linux' ? THREAD_NICENESS : 0,
    });
  }

  /** Started on first use: a process that never takes a file (the API) starts no thread. */
  private get piscina(): Piscina<ExtractTask, ExtractOutcome> {
    this.pool ??= this.create(0);
    return this.pool;
  }

  /** Starts every thread now (a worker that processes files), so the first files do not wait for them. */
  warm(): void {
    this.pool ??= this.create(this.threads);
  }

  /**
   * One file's text, read in a thread. `progress` hears how far it is, at most every
   * `progressEveryMs` (0: after every page); the thread keeps the time, so a quick file sends
   * no progress messages at all.
   */
  async extract(file: Buffer, type: CvType, limits: ExtractLimits, progress: (fraction: number) => Promise<void> | void = () => undefined, progressEveryMs = 0): Promise<Extracted> {
    const { port1, port2 } = new MessageChannel();
    const stop = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    let reported: Promise<void> = Promise.resolve();
    port1.on('message', (message: ThreadMessage) => {
      if ('started' in message) timer = setTimeout(() => stop.abort(), limits.maxSeconds * 1000 + GRACE_MS);
      else reported = reported.then(() => progress(message.fraction)).catch(() => undefined);
    });
    // The thread gets its own copy, moved rather than copied again.
    const bytes = new Uint8Array(file);
    try {
      const outcome = await this.piscina.run({ file: bytes, type, limits, port: port2, progressEveryMs }, { transferList: [bytes.buffer, port2], signal: stop.signal });
      await reported;
      if (!outcome.ok) throw new CvExtractionError(outcome.reason, outcome.message);
      return outcome.extracted;
    } catch (error) {
      if (stop.signal.aborted) throw new CvExtractionError(CvFailure.Timeout, `Extraction took longer than ${limits.maxSeconds} s; its thread was stopped`);
      if ((error as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY') {
        throw new CvExtractionError(CvFailure.OutOfMemory, `Extraction needed more than ${this.options.threadHeapMiB} MiB; its thread was stopped`);
      }
      throw error;
    } finally {
      clearTimeout(timer);
      port1.close();
    }
  }

  async close(): Promise<void> {
    await this.pool?.destroy();
    this.pool = null;
  }

  /** Nest calls this at shutdown: running threads are stopped with the process's other work. */
  onModuleDestroy(): Promise<void> {
    return this.close();
  }
}
