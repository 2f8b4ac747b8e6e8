// Runs inside a thread of the extraction pool (extraction-pool.ts): one file's text, within the
// limits of extract.ts. It says on its port when it starts (the pool's hard deadline counts
// from then, not from the queue) and how far it is; a file that cannot be read is an outcome,
// since an error's class does not survive the way back to the main thread.
import type { MessagePort } from 'node:worker_threads';
import type { CvType } from '../file-type.js';
import { extractCvText } from './extract.js';
import { CvExtractionError, type CvFailure, type Extracted, type ExtractLimits } from './extract-errors.js';

export interface ExtractTask {
  file: Uint8Array;
  type: CvType;
  limits: ExtractLimits;
  port: MessagePort;
  /**
   * Progress is said at most this often (0: after every step). Each message wakes the main
   * thread, so a file read in a few milliseconds (most CVs) says none.
   */
  progressEveryMs: number;
}

export type ThreadMessage = { started: true } | { fraction: number };

export type ExtractOutcome = { ok: true; extracted: Extracted } | { ok: false; reason: CvFailure; message: string };

export default async function extractInThread({ file, type, limits, port, progressEveryMs }: ExtractTask): Promise<ExtractOutcome> {
  const say = (message: ThreadMessage) => port.postMessage(message);
  say({ started: true });
  let said = Date.now();
  const progress = (fraction: number) => {
    if (Date.now() - said < progressEveryMs) return;
    said = Date.now();
    say({ fraction });
  };
  try {
    const extracted = await extractCvText(Buffer.from(file.buffer, file.byteOffset, file.byteLength), type, limits, progress);
    return { ok: true, extracted };
  } catch (error) {
    if (error instanceof CvExtractionError) return { ok: false, reason: error.reason, message: error.message };
    throw error;
  } finally {
    port.close();
  }
}
