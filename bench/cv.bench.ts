// The file-processing worker's throughput on two-page PDF CVs and its peak memory, at
// concurrency 1 and 4: a real worker process takes uploads made through the real API.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../src/config/config-loader.js';
import { loadOrCreateDevKey, signDevToken } from '../src/modules/auth/dev-idp.keys.js';
import { makePdf } from '../test/support/cv-files.js';
import { serve } from './support.js';

export const name = 'cv';

const UPLOADS = 40;

function peakRssMiB(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
}

export async function run(env: Record<string, string>): Promise<void> {
  const storage = fs.mkdtempSync(path.join(os.tmpdir(), 'crowdhire-bench-storage-'));
  const base = { ...env, LOG_LEVEL: 'warn', RATE_LIMIT_MAX: '100000000', STORAGE_LOCAL_DIR: storage, DEV_IDP_KEY_FILE: path.join(os.tmpdir(), `crowdhire-bench-key-${process.pid}.json`) };
  const config = loadConfig(base);
  const key = await loadOrCreateDevKey(config.DEV_IDP_KEY_FILE);
  const token = await signDevToken(key, { sub: 'bench-sourcer', roles: ['sourcer'] }, { issuer: config.AUTH_ISSUER, audience: config.AUTH_AUDIENCE, rolesClaim: config.AUTH_ROLES_CLAIM, companyClaim: config.AUTH_COMPANY_CLAIM });
  const auth = { authorization: `Bearer ${token}` };
  const lines = (page: number) => Array.from({ length: 50 }, (_, i) => `Page ${page} line ${i}: built payment services in TypeScript and PostgreSQL on Kubernetes, 2019 - 2023`);
  const pdf = await makePdf([['Jane Roe', 'jane.roe@example.org', 'Location: Berlin, Germany', ...lines(1)], lines(2)]);
  const api = await serve('src/main.js', base);
  const figures: { concurrency: number; perSecond: number; peakMiB: number }[] = [];
  try {
    for (const concurrency of [1, 4]) {
      const ids: string[] = [];
      for (let i = 0; i < UPLOADS; i++) {
        const candidate = (await (await fetch(`${api.url}/v1/candidates`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ name: `Bench ${concurrency}-${i}` }) })).json()) as { id: string };
        const form = new FormData();
        form.append('file', new Blob([new Uint8Array(pdf)]), 'cv.pdf');
        const upload = (await (await fetch(`${api.url}/v1/candidates/${candidate.id}/cv`, { method: 'POST', headers: auth, body: form })).json()) as { id: string };
        ids.push(upload.id);
      }
      const worker = await serve('src/worker.js', { ...base, WORKER_CONCURRENCY: String(concurrency) });
      const started = performance.now();
      const pending = new Set(ids);
      while (pending.size > 0) {
        for (const id of [...pending]) {
          const status = ((await (await fetch(`${api.url}/v1/uploads/${id}`, { headers: auth })).json()) as { status: string }).status;
          if (status === 'processed' || status === 'failed') pending.delete(id);
        }
        if (pending.size > 0) await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const seconds = (performance.now() - started) / 1000;
      const peakMiB = peakRssMiB(worker.child.pid!);
      await worker.stop();
      figures.push({ concurrency, perSecond: UPLOADS / seconds, peakMiB });
      console.log(`concurrency ${concurrency}: ${(UPLOADS / seconds).toFixed(1)} CVs/s (two-page PDF, ${UPLOADS} uploads), worker peak RSS ${peakMiB.toFixed(0)} MiB`);
    }
    console.log(`cv ratio (concurrency 4 / concurrency 1 throughput): ${(figures[1].perSecond / figures[0].perSecond).toFixed(2)}  peak memory ratio ${(figures[1].peakMiB / figures[0].peakMiB).toFixed(2)}`);
  } finally {
    await api.stop();
    fs.rmSync(storage, { recursive: true, force: true });
  }
}
