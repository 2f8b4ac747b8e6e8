// The file-processing worker's throughput on two-page PDF CVs and its peak memory, at
// concurrency 1 and 4: a real worker process in the `files` role (as a fleet runs it; matching
// runs elsewhere) takes uploads made through the real API. Extraction runs in its thread pool,
// one thread per core. Every request is checked and every wait has a deadline.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../src/config/config-loader.js';
import { makePdf } from '../test/support/cv-files.js';
import { benchEnv, request, serve, tokens, until } from './support.js';

export const name = 'cv';

const UPLOADS = 40;
const DEADLINE_MS = 5 * 60_000;

function peakRssMiB(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
}

export async function run(env: Record<string, string>): Promise<void> {
  const storage = fs.mkdtempSync(path.join(os.tmpdir(), 'crowdhire-bench-storage-'));
  const base = benchEnv(env, { STORAGE_LOCAL_DIR: storage, WORKER_HEALTH_PORT: '0' });
  const config = loadConfig(base);
  const auth = await tokens(config).then((bearer) => bearer('bench-sourcer', ['sourcer']));
  const upload = { authorization: auth.authorization };
  const lines = (page: number) => Array.from({ length: 50 }, (_, i) => `Page ${page} line ${i}: built payment services in TypeScript and PostgreSQL on Kubernetes, 2019 - 2023`);
  const pdf = await makePdf([['Jane Roe', 'jane.roe@example.org', 'Location: Berlin, Germany', ...lines(1)], lines(2)]);
  const api = await serve('src/main.js', base);
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
        const started = performance.now();
        const pending = new Set(ids);
        await until(`${UPLOADS} uploads processed at concurrency ${concurrency}`, DEADLINE_MS, async () => {
          for (const id of [...pending]) {
            const { status, failure } = await request<{ status: string; failure: { reason: string; message: string | null } | null }>(`${api.url}/v1/uploads/${id}`, { headers: upload }, [200]);
            if (status === 'failed') throw new Error(`cv bench: upload ${id} failed: ${JSON.stringify(failure)}`);
            if (status === 'processed') pending.delete(id);
          }
          return pending.size === 0 ? true : undefined;
        }, 200);
        const seconds = (performance.now() - started) / 1000;
        const peakMiB = peakRssMiB(worker.child.pid!);
        figures.push({ concurrency, perSecond: UPLOADS / seconds, peakMiB });
        console.log(`concurrency ${concurrency}: ${(UPLOADS / seconds).toFixed(1)} CVs/s (two-page PDF, ${UPLOADS} uploads), worker peak RSS ${peakMiB.toFixed(0)} MiB (threads included)`);
      } finally {
        await worker.stop();
      }
    }
    console.log(
      `cv ratio (concurrency 4 / concurrency 1 throughput): ${(figures[1].perSecond / figures[0].perSecond).toFixed(2)}  (target >= 1.70 on 2 cores)  peak memory ratio ${(figures[1].peakMiB / figures[0].peakMiB).toFixed(2)}`,
    );
  } finally {
    await api.stop();
    fs.rmSync(storage, { recursive: true, force: true });
  }
}
