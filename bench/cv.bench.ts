// The file-processing worker's throughput on two-page PDF CVs and its peak memory, at
// concurrency 1 and 4: a real worker process in the `files` role (as a fleet runs it; matching
// runs elsewhere) takes uploads made through the real API. Extraction runs in its thread pool,
// one thread per core. Every request is checked and every wait has a deadline; progress is
// read from MongoDB directly, four times a second, so that polling puts no load on the API
// under test and little on the engine (which runs in this process). Timed in steady state, by
// the times the worker recorded: from the WARM_UP-th upload processed, once the worker has
// started and compiled the code a CV runs through (V8 compiles on background threads, which a
// run timed from the first upload counted, more of it at concurrency 4, where both threads
// warm up), to the last. The two concurrencies alternate over ROUNDS rounds and
// the ratio is the median of the rounds' ratios, as in bench/http.bench.ts. Each run also prints
// how the machine's CPU time went while it was timed: busy, idle, and stolen by the hypervisor.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MongoClient } from 'mongodb';
import { loadConfig } from '../src/config/config-loader.js';
import { makePdf } from '../test/support/cv-files.js';
import { benchEnv, cpuSeconds, machineCpu, type MachineCpu, machineSplit, median, peakRssMiB, redisServerPid, request, serve, threadCpuSeconds, tokens, until } from './support.js';

export const name = 'cv';

const UPLOADS = 720;
/**
 * Uploads processed before the timing starts. V8 goes on compiling (Maglev, then TurboFan) the
 * functions a CV passes through once or a few times for hundreds of CVs: in a probe with
 * --trace-opt, a worker given 400 uploads was still compiling when it took the last one, and
 * in another, V8's threads took 3 ms per CV timed from the 80th upload but 2 from the 500th.
 * A worker runs for hours; its steady state is what counts.
 */
const WARM_UP = 400;
/** Uploads made at once while a run is prepared (no worker runs then). */
const UPLOAD_LANES = 8;
const DEADLINE_MS = 5 * 60_000;
const POLL_MS = 250;
/**
 * Seven: a slow or fast spell of this machine in one of a round's two runs moves that round's
 * ratio by 0.2 to 0.4 (rounds from 1.40 to 2.21 in the runs of 2026-12-04), and the median of
 * more rounds moves less.
 */
const ROUNDS = 7;

export async function run(env: Record<string, string>): Promise<void> {
  const storage = fs.mkdtempSync(path.join(os.tmpdir(), 'crowdhire-bench-storage-'));
  // Each CV queues its candidate's matching, which no worker here runs (the worker under test
  // is in the `files` role), so those intents stay in the outbox. Left at its default, the
  // redelivery interval (two minutes) would bring them due a few runs later, and the worker
  // under test would spend its timed window queueing them again: its outbox relay takes up to
  // 200 a second, and in a probe of sixteen runs the last ones did 2.6 relay claims and 2.6
  // updates more per CV processed, half as much MongoDB work again as the CVs' own, so later
  // rounds measured more than earlier ones. The bench sets it past its own length, so every
  // run measures the same work.
  const base = benchEnv(env, { STORAGE_LOCAL_DIR: storage, WORKER_HEALTH_PORT: '0', OUTBOX_REDELIVER_MS: String(60 * 60_000) });
  const config = loadConfig(base);
  const auth = await tokens(config).then((bearer) => bearer('bench-sourcer', ['sourcer']));
  const upload = { authorization: auth.authorization };
  const lines = (page: number) => Array.from({ length: 50 }, (_, i) => `Page ${page} line ${i}: built payment services in TypeScript and PostgreSQL on Kubernetes, 2019 - 2023`);
  const pdf = await makePdf([['Jane Roe', 'jane.roe@example.org', 'Location: Berlin, Germany', ...lines(1)], lines(2)]);
  const api = await serve('src/main.js', base);
  const redisPid = redisServerPid(config.REDIS_URL);
  const mongo = await MongoClient.connect(config.MONGODB_URI);
  const uploads = mongo.db().collection<{ _id: string; status: string; createdAt: Date; processedAt?: Date; failureReason?: string; failureMessage?: string }>('uploads');
  try {
    // Rounds alternate the two concurrencies (in reverse order every other round), so that the
    // ratio compares runs a minute apart, not a whole benchmark: this machine's speed drifts.
    const runs: Record<number, { perSecond: number; peakMiB: number }[]> = { 1: [], 4: [] };
    for (let round = 0; round < ROUNDS; round++) {
      for (const concurrency of round % 2 === 0 ? [1, 4] : [4, 1]) {
        const ids: string[] = [];
        let next = 0;
        const lane = async () => {
          for (let i = next++; i < UPLOADS; i = next++) {
            const candidate = await request<{ id: string }>(`${api.url}/v1/candidates`, { method: 'POST', headers: auth, body: JSON.stringify({ name: `Bench ${round}-${concurrency}-${i}` }) }, [201]);
            const form = new FormData();
            form.append('file', new Blob([new Uint8Array(pdf)]), 'cv.pdf');
            ids.push((await request<{ id: string }>(`${api.url}/v1/candidates/${candidate.id}/cv`, { method: 'POST', headers: upload, body: form }, [202])).id);
          }
        };
        await Promise.all(Array.from({ length: UPLOAD_LANES }, lane));
        const worker = await serve('src/worker.js', { ...base, WORKER_CONCURRENCY: String(concurrency), WORKER_QUEUES: 'files' });
        try {
          // Steady state: timed from the WARM_UP-th upload processed to the last, by the times the
          // worker recorded (processedAt), so the harness can poll seldom: its counts run in the
          // MongoDB engine in this process, on the same two cores as the worker under test.
          // Counted from the index on status and creation time, over this run's uploads only
          // (no other upload is created from `since` on): a count by their ids came to scan
          // every upload processed in earlier runs, and its cost grew with each run.
          const since = (await uploads.find({ _id: { $in: ids } }, { projection: { createdAt: 1 } }).sort({ createdAt: 1 }).limit(1).next())?.createdAt;
          if (!since) throw new Error('cv bench: the uploads just made are missing');
          const counted = async (status: string[]) => {
            const n = await uploads.countDocuments({ status: { $in: status }, createdAt: { $gte: since } });
            if (n > ids.length) throw new Error(`cv bench: ${n} uploads counted since this run began, but it made ${ids.length}`);
            return n;
          };
          const processed = () => counted(['processed']);
          await until(`${WARM_UP} uploads processed at concurrency ${concurrency}`, DEADLINE_MS, async () => ((await processed()) >= WARM_UP ? true : undefined), POLL_MS);
          const first = await processed();
          const cpuBefore = { worker: cpuSeconds(worker.child.pid!), threads: threadCpuSeconds(worker.child.pid!), harness: threadCpuSeconds(process.pid), redis: redisPid === undefined ? 0 : cpuSeconds(redisPid), api: cpuSeconds(api.child.pid!), here: process.cpuUsage(), machine: machineCpu() };
          // Then every upload must have been processed, none failed.
          // The machine's CPU time is read at every poll, so that its split can end at the last poll
          // before the last upload was processed, not up to a poll's interval after it, idle.
          const machineAt: { at: number; cpu: MachineCpu }[] = [];
          const settled = () => {
            machineAt.push({ at: Date.now(), cpu: machineCpu() });
            return counted(['processed', 'failed']);
          };
          await until(`${UPLOADS} uploads processed at concurrency ${concurrency}`, DEADLINE_MS, async () => ((await settled()) === ids.length ? true : undefined), POLL_MS);
          const failed = await uploads.findOne({ _id: { $in: ids }, status: 'failed' });
          if (failed) throw new Error(`cv bench: upload ${failed._id} failed: ${failed.failureReason} ${failed.failureMessage}`);
          const here = process.cpuUsage(cpuBefore.here);
          const cpuWindow = UPLOADS - first;
          const times = (await uploads.find({ _id: { $in: ids } }, { projection: { processedAt: 1 } }).toArray()).map((upload) => upload.processedAt?.getTime() ?? Number.NaN).sort((a, b) => a - b);
          if (times.some(Number.isNaN)) throw new Error('cv bench: a processed upload has no processedAt');
          const timed = UPLOADS - WARM_UP;
          const seconds = (times[UPLOADS - 1] - times[WARM_UP - 1]) / 1000;
          const machine = machineSplit(cpuBefore.machine, (machineAt.findLast((m) => m.at <= times[UPLOADS - 1]) ?? machineAt[0]).cpu);
          const peakMiB = peakRssMiB(worker.child.pid!);
          const perCv = (cpu: number) => `${((cpu * 1000) / cpuWindow).toFixed(0)} ms`;
          // By thread, those using at least half a millisecond per CV: the worker's main thread,
          // its extraction threads, V8's; the engine's session thread and this harness's.
          const byThread = (pid: number, before: Map<string, number>) =>
            [...threadCpuSeconds(pid)]
              .map(([thread, seconds]) => [thread, seconds - (before.get(thread) ?? 0)] as const)
              .filter(([, seconds]) => seconds * 1000 >= cpuWindow * 0.5)
              .map(([thread, seconds]) => `${thread} ${perCv(seconds)}`)
              .join(', ');
          const cpu = `CPU per CV: worker ${perCv(cpuSeconds(worker.child.pid!) - cpuBefore.worker)} (${byThread(worker.child.pid!, cpuBefore.threads)}), API ${perCv(cpuSeconds(api.child.pid!) - cpuBefore.api)}, MongoDB engine and this harness ${perCv((here.user + here.system) / 1e6)} (${byThread(process.pid, cpuBefore.harness)})${redisPid === undefined ? '' : `, Redis ${perCv(cpuSeconds(redisPid) - cpuBefore.redis)}`}`;
          runs[concurrency].push({ perSecond: timed / seconds, peakMiB });
          console.log(`round ${round + 1}, concurrency ${concurrency}: ${(timed / seconds).toFixed(1)} CVs/s (two-page PDF, ${UPLOADS} uploads, the last ${timed} timed), worker peak RSS ${peakMiB.toFixed(0)} MiB (threads included); ${cpu}; ${machine}`);
        } finally {
          await worker.stop();
        }
      }
    }
    const ratios = runs[4].map((r, i) => r.perSecond / runs[1][i].perSecond).sort((a, b) => a - b);
    const middle = (values: number[]) => median(values, (x) => x);
    const peak = (concurrency: number) => Math.max(...runs[concurrency].map((r) => r.peakMiB));
    console.log(`concurrency 1: ${middle(runs[1].map((r) => r.perSecond)).toFixed(1)} CVs/s, concurrency 4: ${middle(runs[4].map((r) => r.perSecond)).toFixed(1)} CVs/s (medians of ${ROUNDS} rounds); worker peak RSS ${peak(1).toFixed(0)} and ${peak(4).toFixed(0)} MiB`);
    console.log(
      `cv ratio (concurrency 4 / concurrency 1 throughput): ${middle(ratios).toFixed(2)} (median of ${ROUNDS} rounds, ${ratios[0].toFixed(2)} to ${ratios.at(-1)!.toFixed(2)})  (target >= 1.70 on 2 cores)  peak memory ratio ${(peak(4) / peak(1)).toFixed(2)}`,
    );
  } finally {
    await mongo.close();
    await api.stop();
    fs.rmSync(storage, { recursive: true, force: true });
  }
}
