// What every benchmark shares: servers in their own processes, load from this one, requests
// that check their answers, waits with deadlines, and signed test tokens. A benchmark never
// hangs: every request has a timeout, every wait a deadline, and an unexpected answer fails
// the benchmark with its body.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { ENTRY_POINTS, NODE_FLAGS, type ProcessKind } from '../src/bootstrap/node-flags.js';
import type { AppConfig } from '../src/config/app-config.js';
import { loadOrCreateDevKey, signDevToken } from '../src/modules/auth/dev-idp.keys.js';
import type { Role } from '../src/modules/auth/roles.js';

const REQUEST_TIMEOUT_MS = 30_000;
const READY_TIMEOUT_MS = 120_000;

export interface LoadResult {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  /** CPU time the server process spent per request during the timed run (when its pid was given). */
  serverCpuMicros?: number;
}

/** Whether processes can be pinned to one core each (two cores or more, and util-linux's taskset). */
export function canPin(): boolean {
  return os.availableParallelism() >= 2 && spawnSync('taskset', ['-p', String(process.pid)], { stdio: 'ignore' }).status === 0;
}

/** Pins this process (the load generator) to `cpus` (e.g. "0"), or releases it ("all"). */
export function pinSelf(cpus: string): void {
  if (!canPin()) return;
  const list = cpus === 'all' ? `0-${os.availableParallelism() - 1}` : cpus;
  // Every thread of this process (libuv's pool and V8's helpers too).
  spawnSync('taskset', ['-a', '-cp', list, String(process.pid)], { stdio: 'ignore' });
}

/** CPU seconds a process has used (user + system, all its threads). */
export function cpuSeconds(pid: number): number {
  return statCpuSeconds(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
}

/** User + system CPU seconds of a /proc stat line (its name, in parentheses, may hold spaces). */
function statCpuSeconds(stat: string): number {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100; // clock ticks (USER_HZ, 100 on Linux)
}

/**
 * CPU seconds by thread name (Linux's comm: `node` for the main thread, the names Node.js
 * gives its others, such as `V8 DefaultWorke` or `libuv-worker`), for threads alive now.
 */
export function threadCpuSeconds(pid: number): Map<string, number> {
  const byName = new Map<string, number>();
  for (const tid of fs.readdirSync(`/proc/${pid}/task`)) {
    let stat: string;
    try {
      stat = fs.readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
    } catch {
      continue; // the thread ended meanwhile
    }
    const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    byName.set(name, (byName.get(name) ?? 0) + statCpuSeconds(stat));
  }
  return byName;
}

/** The whole machine's CPU time so far, in clock ticks, from the first line of /proc/stat. */
export interface MachineCpu {
  busy: number;
  idle: number;
  /** Time the hypervisor gave this machine's virtual CPUs to someone else while they had work. */
  steal: number;
}

/** Parses /proc/stat's `cpu` line: user nice system idle iowait irq softirq steal (guest time is in user). */
export function parseMachineCpu(procStat: string): MachineCpu {
  const line = procStat.split('\n').find((l) => l.startsWith('cpu '));
  if (!line) throw new Error('no cpu line in /proc/stat');
  const [user, nice, system, idle, iowait, irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number);
  return { busy: user + nice + system + irq + softirq, idle: idle + iowait, steal: steal ?? 0 };
}

export function machineCpu(): MachineCpu {
  return parseMachineCpu(fs.readFileSync('/proc/stat', 'utf8'));
}

/**
 * How the machine's CPU time went since `before`, in percent of the whole: busy, idle, and
 * stolen by the hypervisor (a virtual machine's CPUs wait while the host runs other guests;
 * a benchmark's figures drop with no change of ours when that share rises).
 */
export function machineSplit(before: MachineCpu, after: MachineCpu = machineCpu()): string {
  const busy = after.busy - before.busy;
  const idle = after.idle - before.idle;
  const steal = after.steal - before.steal;
  const total = busy + idle + steal;
  const pct = (part: number) => `${total > 0 ? ((100 * part) / total).toFixed(0) : '?'} %`;
  return `machine ${pct(busy)} busy, ${pct(idle)} idle, ${pct(steal)} stolen`;
}

/** The process of the Redis server this benchmark's REDIS_URL points at (started by the harness), if any. */
export function redisServerPid(redisUrl: string): number | undefined {
  const port = new URL(redisUrl).port;
  for (const pid of fs.readdirSync('/proc').filter((entry) => /^\d+$/.test(entry))) {
    let title: string;
    try {
      title = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    } catch {
      continue; // ended meanwhile
    }
    // Redis rewrites its command line to its title: `/usr/bin/redis-server 127.0.0.1:6379`.
    if (/^\S*redis-server /.test(title) && title.includes(`:${port}\0`)) return Number(pid);
  }
  return undefined;
}

/** The most memory a process has held (peak RSS, every thread's), in MiB. */
export function peakRssMiB(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
}

/**
 * The API's environment for a benchmark: quiet logs, no rate limit in the way. The dev signing
 * key is the runner's (`env.DEV_IDP_KEY_FILE`, in its temporary directory, removed at the end):
 * one key for every process of the run, and no file left behind.
 */
export function benchEnv(env: Record<string, string>, extra: Record<string, string> = {}): Record<string, string> {
  return {
    ...env,
    LOG_LEVEL: 'warn',
    RATE_LIMIT_MAX: '100000000',
    RATE_LIMIT_UPLOADS_MAX: '100000000',
    ...extra,
  };
}

/** One request whose answer must have the expected status; anything else fails with the body. */
export async function request<T = unknown>(url: string, init: RequestInit = {}, expected: number[] = [200, 201]): Promise<T> {
  const text = await requestText(url, init, expected);
  return (text ? JSON.parse(text) : undefined) as T;
}

/** The same as request(), for an answer that is not JSON (such as /metrics): its text. */
export async function requestText(url: string, init: RequestInit = {}, expected: number[] = [200, 201]): Promise<string> {
  const res = await fetch(url, { ...init, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  const text = await res.text();
  if (!expected.includes(res.status)) throw new Error(`${init.method ?? 'GET'} ${url}: expected ${expected.join(' or ')}, got ${res.status} ${text.slice(0, 500)}`);
  return text;
}

/** Polls `check` until it gives a value; fails naming `what` after `ms`. */
export async function until<T>(what: string, ms: number, check: () => Promise<T | undefined>, everyMs = 100): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`benchmark: gave up waiting ${ms / 1000} s for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

export type Bearer = (sub: string, roles: Role[], companyId?: string) => Promise<Record<string, string>>;

/** Headers with a token signed by the development key the API under test trusts. */
export async function tokens(config: AppConfig): Promise<Bearer> {
  const key = await loadOrCreateDevKey(config.DEV_IDP_KEY_FILE);
  const settings = { issuer: config.AUTH_ISSUER, audience: config.AUTH_AUDIENCE, rolesClaim: config.AUTH_ROLES_CLAIM, companyClaim: config.AUTH_COMPANY_CLAIM };
  return async (sub, roles, companyId) => ({ authorization: `Bearer ${await signDevToken(key, { sub, roles, companyId }, settings)}`, 'content-type': 'application/json' });
}

/** A company, its employer and `count` published jobs; returns the employer's headers and the job ids. */
export async function publishedJobs(url: string, config: AppConfig, count: number, job: (i: number) => Record<string, unknown>): Promise<{ bearer: Bearer; jobIds: string[] }> {
  const bearer = await tokens(config);
  const post = (p: string, headers: Record<string, string>, body: unknown = {}) => request<{ id: string }>(`${url}${p}`, { method: 'POST', headers, body: JSON.stringify(body) });
  const company = await post('/v1/companies', await bearer('bench-admin', ['admin']), { name: 'Bench Co' });
  const employer = await bearer('bench-employer', ['employer'], company.id);
  const jobIds: string[] = [];
  for (let i = 0; i < count; i++) {
    const created = await post('/v1/jobs', employer, job(i));
    await post(`/v1/jobs/${created.id}/publish`, employer);
    jobIds.push(created.id);
  }
  return { bearer, jobIds };
}

/**
 * Drives `url` from this process for `seconds` (after a short warm-up) and returns the figures.
 * One checked request first, so a wrong answer fails with its body; any non-2xx under load fails too.
 */
export async function load(url: string, seconds = 8, connections = 32, headers: Record<string, string> = {}, serverPid?: number, warmUpSeconds = 2): Promise<LoadResult> {
  await request(url, { headers }, [200]);
  if (warmUpSeconds > 0) await autocannon({ url, connections, duration: warmUpSeconds, headers, timeout: 10 }); // warm-up: JIT, connection pools, caches
  const cpuBefore = serverPid === undefined ? 0 : cpuSeconds(serverPid);
  const result = await autocannon({ url, connections, duration: seconds, headers, timeout: 10 });
  const cpuUsed = serverPid === undefined ? 0 : cpuSeconds(serverPid) - cpuBefore;
  const failed = result.errors + result.timeouts + result.non2xx;
  if (failed > 0) throw new Error(`${url}: ${failed} of ${result.requests.total} requests failed (${JSON.stringify(result.statusCodeStats)}, ${result.errors} errors, ${result.timeouts} timeouts)`);
  return {
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: failed,
    ...(serverPid === undefined ? {} : { serverCpuMicros: (cpuUsed * 1e6) / result.requests.total }),
  };
}

export function describeLoad(label: string, r: LoadResult): string {
  return `${label.padEnd(36)} ${r.requestsPerSecond.toFixed(0).padStart(7)} req/s  p50 ${r.p50Ms} ms  p99 ${r.p99Ms} ms  errors ${r.errors}`;
}

/** One side of a comparison: its median round, and every round in order. */
export type Side = LoadResult & { rounds: LoadResult[] };

/**
 * Alternating rounds so drift on a shared machine hits each side alike: the sides run in turn,
 * in reverse order every other round so that no side always runs first. Each side's figures
 * are its median round; each side is called with the round's number (it warms up in round 0 only).
 */
export async function compare(sides: ((round: number) => Promise<LoadResult>)[], rounds = 3): Promise<Side[]> {
  const runs: LoadResult[][] = sides.map(() => []);
  for (let round = 0; round < rounds; round++) {
    const order = [...sides.keys()];
    if (round % 2 === 1) order.reverse();
    for (const i of order) runs[i].push(await sides[i](round));
  }
  return runs.map((r) => ({ ...median(r, (x) => x.requestsPerSecond), rounds: r }));
}

/** The middle value by `by` (the upper one of an even count). */
export function median<T>(values: T[], by: (value: T) => number): T {
  return [...values].sort((x, y) => by(x) - by(y))[Math.floor(values.length / 2)];
}

/**
 * How `a`'s throughput compares with `b`'s: the median over rounds of the two sides' ratio in the
 * same round, measured seconds apart, so that the machine's drift between rounds cancels out;
 * with the lowest and highest round's, which show how far this run can be trusted.
 */
export function ratioOf(a: Side, b: Side): string {
  const perRound = a.rounds.map((r, i) => r.requestsPerSecond / b.rounds[i].requestsPerSecond).sort((x, y) => x - y);
  return `${median(perRound, (x) => x).toFixed(2)} (median of ${perRound.length} rounds, ${perRound[0].toFixed(2)} to ${perRound.at(-1)!.toFixed(2)})`;
}

export interface Served {
  child: ChildProcess;
  url: string;
  stop(): Promise<void>;
}

/**
 * Runs a compiled script (relative to dist/) as its own process until it reports ready, so
 * the server under test never shares its CPU with the load generator. The API and the worker
 * get their Node.js flags as deployed; `nodeFlags` gives any script more.
 */
export async function serve(script: string, env: Record<string, string>, args: string[] = [], options: { cpu?: number; nodeFlags?: readonly string[] } = {}): Promise<Served> {
  const { freePort } = await import('../src/infra/embedded/redis-server.js');
  const port = await freePort();
  const file = fileURLToPath(new URL(`../${script}`, import.meta.url));
  // The API and the worker run as they are deployed, with their Node.js flags (node-flags.ts).
  const kind = Object.entries(ENTRY_POINTS).find(([, entry]) => entry === `dist/${script}`)?.[0] as ProcessKind | undefined;
  const command = [process.execPath, ...(kind ? NODE_FLAGS[kind] : []), ...(options.nodeFlags ?? []), file, ...args.map((a) => a.replace('{port}', String(port)))];
  const pinned = options.cpu !== undefined && canPin() ? ['taskset', '-c', String(options.cpu), ...command] : command;
  const child = spawn(pinned[0], pinned.slice(1), {
    env: { PATH: process.env.PATH ?? '', ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  let timer: NodeJS.Timeout | undefined;
  try {
    await new Promise<void>((resolve, reject) => {
      timer = setTimeout(() => reject(new Error(`${script} was not ready within ${READY_TIMEOUT_MS / 1000} s`)), READY_TIMEOUT_MS);
      child.once('message', () => resolve());
      child.once('exit', (code) => reject(new Error(`${script} exited (${code}) before it was ready`)));
    });
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  } finally {
    clearTimeout(timer);
  }
  return {
    child,
    url: `http://127.0.0.1:${port}`,
    async stop() {
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      await exited;
      clearTimeout(killer);
    },
  };
}

