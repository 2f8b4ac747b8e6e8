import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

export interface LoadResult {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
}

/** Drives `url` from this process for `seconds` (after a short warm-up) and returns the figures. */
export async function load(url: string, seconds = 8, connections = 32, headers: Record<string, string> = {}): Promise<LoadResult> {
  await autocannon({ url, connections, duration: 2, headers }); // warm-up: JIT, connection pools, caches
  const result = await autocannon({ url, connections, duration: seconds, headers });
  return {
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors + result.non2xx,
  };
}

export function describeLoad(label: string, r: LoadResult): string {
  return `${label.padEnd(28)} ${r.requestsPerSecond.toFixed(0).padStart(7)} req/s  p50 ${r.p50Ms} ms  p99 ${r.p99Ms} ms  errors ${r.errors}`;
}

/** Alternating rounds so drift on a shared machine hits both sides alike; the median round of each. */
export async function compare(a: () => Promise<LoadResult>, b: () => Promise<LoadResult>, rounds = 3): Promise<[LoadResult, LoadResult]> {
  const as: LoadResult[] = [];
  const bs: LoadResult[] = [];
  for (let round = 0; round < rounds; round++) {
    as.push(await a());
    bs.push(await b());
  }
  const median = (runs: LoadResult[]) => [...runs].sort((x, y) => x.requestsPerSecond - y.requestsPerSecond)[Math.floor(runs.length / 2)];
  return [median(as), median(bs)];
}

export interface Served {
  child: ChildProcess;
  url: string;
  stop(): Promise<void>;
}

/**
 * Runs a compiled script (relative to dist/) as its own process until it reports ready, so
 * the server under test never shares its CPU with the load generator.
 */
export async function serve(script: string, env: Record<string, string>, args: string[] = []): Promise<Served> {
  const { freePort } = await import('../src/infra/embedded/redis-server.js');
  const port = await freePort();
  const file = fileURLToPath(new URL(`../${script}`, import.meta.url));
  const child = spawn(process.execPath, [file, ...args.map((a) => a.replace('{port}', String(port)))], {
    env: { PATH: process.env.PATH ?? '', ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  await new Promise<void>((resolve, reject) => {
    child.once('message', () => resolve());
    child.once('exit', (code) => reject(new Error(`${script} exited (${code}) before it was ready`)));
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  return {
    child,
    url: `http://127.0.0.1:${port}`,
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}
