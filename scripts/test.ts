// `npm test` after typecheck and lint: installs what a fresh Debian/Ubuntu machine lacks for
// the selected tests (redis-server, ps, readelf; Chromium for *.browser.test files), starts a
// fresh embedded MongoDB and a throwaway redis-server on free ports, runs every compiled test
// file with Node's test runner against them, then stops both. Test files isolate themselves
// by database name and Redis key prefix (test/support/env.ts). Then the Redis-heavy files run
// once more against a real Redis Cluster (CLUSTER_SUBSET). Extra arguments filter test files
// by substring.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startLocalServices } from '../src/infra/embedded/local-services.js';
import { type RedisCluster, startRedisCluster } from '../src/infra/embedded/redis-cluster.js';
import { describeStartupFailure } from '../src/infra/embedded/startup-problem.js';
import { CHROMIUM, ensureSystemPackages, type SystemPackage } from '../src/infra/embedded/system-packages.js';
import { chosenTaxonomy } from './local-taxonomy.js';
import { DIST, ROOT } from './paths.js';

/** Compiled test files whose source still exists (dist/ keeps files of renamed or removed tests). */
function findTests(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return findTests(full);
    const source = path.join(ROOT, path.relative(DIST, full)).replace(/\.js$/, '.ts');
    return entry.name.endsWith('.test.js') && fs.existsSync(source) ? [full] : [];
  });
}

async function main(): Promise<number> {
  const filters = process.argv.slice(2);
  const files = findTests(path.join(DIST, 'test'))
    .filter((file) => filters.length === 0 || filters.some((f) => file.includes(f)))
    .sort();
  // A filter that matches nothing is a typo, not a smaller run that passes.
  const unmatched = filters.filter((f) => !files.some((file) => file.includes(f)));
  if (files.length === 0 || unmatched.length > 0) {
    process.stderr.write(`no test files match ${(unmatched.length > 0 ? unmatched : filters).join(' ')}\n`);
    return 1;
  }
  const log = (line: string) => process.stdout.write(`[test] ${line}\n`);
  const [major, minor] = process.versions.node.split('.').map(Number);
  if (major < 22 || (major === 22 && minor < 12)) log(`warning: Node.js ${process.version} is older than this project supports (>= 22.12, see package.json); results may differ`);
  const needed: SystemPackage[] = [
    { command: 'ps', package: 'procps' },
    { command: 'readelf', package: 'binutils' },
    ...(files.some((f) => f.endsWith('.browser.test.js')) ? [CHROMIUM] : []),
  ];
  ensureSystemPackages(needed, log);
  // The taxonomy the apps under test load: imported from ../shared/data when it is there.
  const taxonomy = chosenTaxonomy();
  log(taxonomy.note);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'crowdhire-test-'));
  // Tests always get services of their own unless explicitly pointed elsewhere.
  const services = await startLocalServices({
    dataDir,
    persistent: false,
    database: 'crowdhire-test',
    env: { MONGODB_URI: process.env.TEST_MONGODB_URI, REDIS_URL: process.env.TEST_REDIS_URL },
    log,
  });
  const baseEnv = { ...process.env, ...services.env, NODE_ENV: 'test', LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent', DEV_IDP_KEY_FILE: path.join(dataDir, 'dev-idp', 'signing-key.json'), TAXONOMY_DATA_DIR: taxonomy.dir ?? '' };
  let cluster: RedisCluster | undefined;
  try {
    // Unit files open no connections, so they run without --test-force-exit, which Node 26
    // sometimes deadlocks in at exit (seen: matching-index-recovery, about 1 run in 4).
    const unit = files.filter((f) => f.includes(`${path.sep}test${path.sep}unit${path.sep}`));
    const others = files.filter((f) => !unit.includes(f));
    const unitResult = unit.length > 0 ? await runFiles(unit, baseEnv, false) : 0;
    const single = (others.length > 0 ? await runFiles(others, baseEnv, true) : 0) || unitResult;
    // The Redis-heavy files once more, against a real Redis Cluster (3 masters, 3 replicas).
    const onCluster = files.filter((f) => CLUSTER_SUBSET.some((name) => path.basename(f).startsWith(name)));
    if (onCluster.length === 0) return single;
    log(`the Redis-heavy files again, on a Redis Cluster: ${onCluster.map((f) => path.basename(f, '.test.js')).join(', ')}`);
    cluster = await startRedisCluster({ directory: path.join(dataDir, 'redis-cluster') });
    const clustered = await runFiles(onCluster, { ...baseEnv, CROWDHIRE_TEST_REDIS: 'cluster', TEST_REDIS_CLUSTER_NODES: cluster.nodes.join(',') }, true);
    return single || clustered;
  } finally {
    await cluster?.stop();
    await services.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The files that exercise Redis most: auth and rate limits, cached reads, queues and handlers, uploads, matching, payments. */
const CLUSTER_SUBSET = ['abuse-limits.', 'auth.', 'read-cache.', 'http.', 'uploads.', 'matching.', 'payments.', 'webhooks.'];

/** The longest any one test may take (the fleet test, the longest, needs about one minute). */
const TEST_TIMEOUT_MS = 5 * 60_000;
/** The longest one pass over the files may take (a whole pass takes about 6 minutes on 2 cores). */
const RUN_LIMIT_MS = 25 * 60_000;

function runFiles(files: string[], env: NodeJS.ProcessEnv, forceExit: boolean): Promise<number> {
  // A test that never ends fails after TEST_TIMEOUT_MS instead of holding CI until its limit;
  // with forceExit, a file whose tests all ended exits even if a client left a connection open
  // (seen once: one socket to a Cluster node kept matching.test's process alive after its last test).
  const child = spawn(process.execPath, ['--enable-source-maps', '--test', ...(forceExit ? ['--test-force-exit'] : []), `--test-timeout=${TEST_TIMEOUT_MS}`, '--test-reporter=spec', ...files], { stdio: 'inherit', env });
  const forward = (signal: NodeJS.Signals) => child.kill(signal);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  // A run that cannot end (seen once: a test file's process whose tests had all passed stuck
  // in Node's own exit) fails with a message after RUN_LIMIT_MS instead of holding CI forever.
  const watchdog = setTimeout(() => {
    process.stderr.write(`[test] the run did not finish in ${RUN_LIMIT_MS / 60_000} minutes; stopping it (a test file's process is stuck)\n`);
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
  }, RUN_LIMIT_MS);
  return new Promise<number>((resolve) =>
    child.once('exit', (code, signal) => {
      clearTimeout(watchdog);
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      resolve(code ?? (signal ? 1 : 0));
    }),
  );
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    for (const line of describeStartupFailure(error)) process.stderr.write(`[test] ${line}\n`);
    process.exit(1);
  },
);
