// The file-processing worker's throughput on two-page PDF CVs and its peak memory, at
// concurrency 1 and 4: a real worker process in the `files` role (as a fleet runs it; matching
// runs elsewhere) takes uploads made through the real API. Extraction runs in its thread pool,
// one thread per core. Every request is checked and every wait has a deadline; progress is
// read from MongoDB directly so that polling puts no load on the API under test. Timed in
// steady state: from the WARM_UP-th upload processed, once the worker has started and each of
// its threads has compiled its hot code (V8 compiles on background threads, which a run timed
// from the first upload counted, more of it at concurrency 4, where both threads warm up).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MongoClient } from 'mongodb';
import { loadConfig } from '../src/config/config-loader.js';
import { makePdf } from '../test/support/cv-files.js';
import { benchEnv, cpuSeconds, peakRssMiB, request, serve, tokens, until } from './support.js';

export const name = 'cv';

const UPLOADS = 400;
const WARM_UP = 80;
const DEADLINE_MS = 5 * 60_000;

export async function run(env: Record<string, string>): Promise<void> {
  const storage = fs.mkdtempSync(path.join(os.tmpdir(), 'crowdhire-bench-storage-'));
  const base = benchEnv(env, { STORAGE_LOCAL_DIR: storage, WORKER_HEALTH_PORT: '0' });
  const config = loadConfig(base);
  const auth = await tokens(config).then((bearer) => bearer('bench-sourcer', ['sourcer']));
  const upload = { authorization: auth.authorization };
  const lines = (page: number) => Array.from({ length: 50 }, (_, i) => `Page ${page} line ${i}: built payment services in TypeScript and PostgreSQL on Kubernetes, 2019 - 2023`);
  const pdf = await makePdf([['Jane Roe', 'jane.roe@example.org', 'Location: Berlin, Germany', ...lines(1)], lines(2)]);
  const api = await serve('src/main.js', base);
  const mongo = await MongoClient.connect(config.MONGODB_URI);
  const uploads = mongo.db().collection<{ _id: string; status: string; failureReason?: string; failureMessage?: string }>('uploads');
  const figures: { concurrency: number; perSecond: number; peakMiB: number }[] = [];
  try {
    for (const concurrency of [1, 4]) {
      const ids: string[] = [];
      for (let i = 0; i < UPLOADS; i++) {
        const candidate = await request<{ id: string }>(`${api.url}/v1/candidates`, { method: 'POST', headers: auth, body: JSON.stringify({ name: `Bench ${concurrency}-${i}` }) }, [201]);
        const form = new FormData();
        form.append('file', new Blob([new Uint8Array(pdf)]), 'cv.pdf');
        ids.push((await request<{ id: string }>(`${api.url}/v1/candidates/${candidate.id}/cv`, { method: 'POST', headers: upload, body: form }, [202])).id);
      }
      const worker = await serve('src/worker.js', { ...base, WORKER_CONCURRENCY: String(concurrency), WORKER_QUEUES: 'files' });
      try {
        // Steady state: timed from the WARM_UP-th upload processed.
        const processed = () => uploads.countDocuments({ _id: { $in: ids }, status: 'processed' });
        await until(`${WARM_UP} uploads processed at concurrency ${concurrency}`, DEADLINE_MS, async () => ((await processed()) >= WARM_UP ? true : undefined), 20);
        const first = await processed();
        const started = performance.now();
        const cpuBefore = { worker: cpuSeconds(worker.child.pid!), api: cpuSeconds(api.child.pid!), here: process.cpuUsage() };
        // Progress read straight from MongoDB, one count a poll, so the harness adds no API load
        // and little to the engine's; then every upload must have been processed, none failed.
        const settled = () => uploads.countDocuments({ _id: { $in: ids }, status: { $in: ['processed', 'failed'] } });
        await until(`${UPLOADS} uploads processed at concurrency ${concurrency}`, DEADLINE_MS, async () => ((await settled()) === ids.length ? true : undefined), 50);
        const failed = await uploads.findOne({ _id: { $in: ids }, status: 'failed' });
        if (failed) throw new Error(`cv bench: upload ${failed._id} failed: ${failed.failureReason} ${failed.failureMessage}`);
        const timed = UPLOADS - first;
        const seconds = (performance.now() - started) / 1000;
        const peakMiB = peakRssMiB(worker.child.pid!);
        const here = process.cpuUsage(cpuBefore.here);
        const perCv = (cpu: number) => `${((cpu * 1000) / timed).toFixed(0)} ms`;
        const cpu = `CPU per CV: worker ${perCv(cpuSeconds(worker.child.pid!) - cpuBefore.worker)}, API ${perCv(cpuSeconds(api.child.pid!) - cpuBefore.api)}, MongoDB engine and this harness ${perCv((here.user + here.system) / 1e6)}`;
        figures.push({ concurrency, perSecond: timed / seconds, peakMiB });
        console.log(`concurrency ${concurrency}: ${(timed / seconds).toFixed(1)} CVs/s (two-page PDF, ${UPLOADS} uploads, the last ${timed} timed), worker peak RSS ${peakMiB.toFixed(0)} MiB (threads included); ${cpu}`);
      } finally {
        await worker.stop();
      }
    }
    console.log(
      `cv ratio (concurrency 4 / concurrency 1 throughput): ${(figures[1].perSecond / figures[0].perSecond).toFixed(2)}  (target >= 1.70 on 2 cores)  peak memory ratio ${(figures[1].peakMiB / figures[0].peakMiB).toFixed(2)}`,
    );
  } finally {
    await mongo.close();
    await api.stop();
    fs.rmSync(storage, { recursive: true, force: true });
  }
}
