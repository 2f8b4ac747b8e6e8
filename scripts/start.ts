// `npm start`: the whole product on one machine. In order: the configuration is checked (and
// nothing starts if it is wrong), the port is checked, the data services start in a process of
// their own (services-host.ts), then one API and one worker. It prints where everything is,
// restarts a crashed API or worker with backoff, and on Ctrl-C, SIGTERM, or the loss of its own
// parent (npm killed) stops them in order so nothing is left running. Every failure to start is
// said once, at the end, with what to do about it.
import { type ChildProcess, fork } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { NODE_FLAGS } from '../src/bootstrap/node-flags.js';
import { ConfigError, loadConfig } from '../src/config/config-loader.js';
import { StartupProblem } from '../src/infra/embedded/startup-problem.js';
import { cliOptions } from './cli.js';
import { ensureLocalTaxonomy } from './local-taxonomy.js';
import { DIST, loadDotEnv, ROOT } from './paths.js';

const log = (line: string) => process.stdout.write(`[crowdhire] ${line}\n`);
const READY_TIMEOUT_MS = 90_000;
/** A child that stays up this long is healthy again: its restart backoff starts over. */
const HEALTHY_AFTER_MS = 60_000;
const MAX_BACKOFF_MS = 30_000;
const PROCESSES = [
  { name: 'api', script: 'src/main.js', flags: NODE_FLAGS.api },
  { name: 'worker', script: 'src/worker.js', flags: NODE_FLAGS.worker },
];

interface ChildMessage {
  type?: string;
  message?: string;
  hint?: string;
  line?: string;
  env?: Record<string, string>;
}

interface Child {
  name: string;
  process: ChildProcess;
  exited: Promise<number | null>;
  startedAt: number;
}

function launch(name: string, script: string, flags: readonly string[], env: NodeJS.ProcessEnv): Child {
  // Own process group (detached), so a terminal's Ctrl-C reaches only this supervisor, which
  // then stops the children in order; the IPC channel stops them if the supervisor dies.
  const child = fork(path.join(DIST, script), [], { env: { ...env, CROWDHIRE_SUPERVISED: '1' }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'], detached: true, execArgv: [...flags] });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code, signal) => resolve(code ?? (signal ? 128 : null))));
  return { name, process: child, exited, startedAt: Date.now() };
}

/** Resolves with the child's `ready` message; rejects with its `fatal` one, its exit, or a timeout. */
function ready(child: Child): Promise<ChildMessage> {
  return new Promise((resolve, reject) => {
    let fatal: StartupProblem | null = null;
    const timer = setTimeout(() => reject(new StartupProblem(`${child.name} was not ready within ${READY_TIMEOUT_MS / 1000} s`, 'look at its log lines above')), READY_TIMEOUT_MS);
    child.process.on('message', (message: ChildMessage) => {
      if (message?.type === 'log' && message.line) log(message.line);
      if (message?.type === 'fatal') fatal = new StartupProblem(message.message ?? `${child.name} failed`, message.hint ?? 'look at its log lines above');
      if (message?.type === 'ready') {
        clearTimeout(timer);
        resolve(message);
      }
    });
    void child.exited.then((code) => {
      clearTimeout(timer);
      reject(fatal ?? new StartupProblem(`${child.name} exited with code ${code} while starting`, 'look at its log lines above'));
    });
  });
}

async function stopChild(child: Child, graceMs: number): Promise<void> {
  if (child.process.exitCode !== null || child.process.signalCode !== null) return;
  child.process.kill('SIGTERM');
  const timer = setTimeout(() => child.process.kill('SIGKILL'), graceMs);
  await child.exited;
  clearTimeout(timer);
}

function portIsFree(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}

async function main(): Promise<number> {
  // It takes no arguments (settings come from the environment and .env): a stray one is a mistake.
  cliOptions({}, 'usage: npm start (settings come from the environment and .env; see .env.example)');
  loadDotEnv();
  const env: NodeJS.ProcessEnv = { NODE_ENV: 'development', ...process.env };
  // Redis given in any of its forms means none is started here.
  const redisGiven = !!(env.REDIS_URL || env.REDIS_CLUSTER_NODES || env.REDIS_SENTINELS || (env.REDIS_QUEUE_URL && env.REDIS_CACHE_URL));
  // Nothing starts on a configuration the API and worker would refuse.
  let config;
  try {
    config = loadConfig({ ...env, MONGODB_URI: env.MONGODB_URI || 'mongodb://127.0.0.1/checked-later', REDIS_URL: env.REDIS_URL || (redisGiven ? '' : 'redis://127.0.0.1:6379') });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    throw new StartupProblem(`the configuration is invalid:\n${error.problems.map((p) => `    ${p}`).join('\n')}`, 'fix these in .env or the environment (.env.example describes every variable)');
  }
  const workerPort = env.WORKER_HEALTH_PORT ? config.WORKER_HEALTH_PORT : config.PORT + 1;
  for (const [port, variable] of [[config.PORT, 'PORT'], [workerPort, 'WORKER_HEALTH_PORT']] as const) {
    if (port !== 0 && !(await portIsFree(port, config.HOST))) {
      throw new StartupProblem(`port ${port} (${variable}) is already in use (another npm start?)`, `stop what uses it, or start on other ports: PORT=${config.PORT + 2} npm start`);
    }
  }

  const dataDir = path.resolve(ROOT, env.CROWDHIRE_DATA_DIR ?? '.data');
  const children: Child[] = [];
  let host: Child | null = null;
  let stopping: Promise<void> | null = null;
  const graceMs = config.SHUTDOWN_GRACE_MS + config.SHUTDOWN_DRAIN_MS + 5_000;
  /** API and worker first (they finish in-flight work), then the data services. Runs once. */
  const shutdown = (reason: string): Promise<void> =>
    (stopping ??= (async () => {
      log(`stopping (${reason}): api and worker first...`);
      await Promise.all(children.map((child) => stopChild(child, graceMs)));
      if (host) {
        log('stopping Redis and MongoDB...');
        await stopChild(host, 15_000);
      }
      log('stopped');
    })());
  const stopAndExit = (reason: string, code: number) => void shutdown(reason).then(() => process.exit(code));
  process.on('SIGINT', () => stopAndExit('SIGINT', 0));
  process.on('SIGTERM', () => stopAndExit('SIGTERM', 0));
  // npm may die without passing a signal on (SIGKILL): this process is then re-parented.
  const parent = process.ppid;
  setInterval(() => process.ppid !== parent && stopAndExit('the parent process is gone', 0), 500);

  let childEnv: NodeJS.ProcessEnv = { ...env, PORT: String(config.PORT), WORKER_HEALTH_PORT: String(workerPort) };
  // Said once here for the API and the worker: which taxonomy matching uses.
  if (!env.TAXONOMY_DATA_DIR) {
    const taxonomy = ensureLocalTaxonomy();
    log(taxonomy.note);
    if (taxonomy.dir) childEnv = { ...childEnv, TAXONOMY_DATA_DIR: taxonomy.dir };
  } else log(`taxonomy: from TAXONOMY_DATA_DIR=${env.TAXONOMY_DATA_DIR}`);
  try {
    if (!env.MONGODB_URI || !redisGiven) {
      host = launch('services', 'scripts/services-host.js', ['--enable-source-maps'], { ...env, CROWDHIRE_SERVICES_REQUEST: JSON.stringify({ dataDir, env: { MONGODB_URI: env.MONGODB_URI, REDIS_URL: redisGiven ? 'given' : undefined } }) });
      const started = (await ready(host)).env ?? {};
      childEnv = { ...childEnv, MONGODB_URI: started.MONGODB_URI, ...(redisGiven ? {} : { REDIS_URL: started.REDIS_URL }) };
    }
    children.push(...PROCESSES.map((spec) => launch(spec.name, spec.script, spec.flags, childEnv)));
    await Promise.all(children.map(ready));
  } catch (error) {
    await shutdown('start failed');
    throw error;
  }
  void host?.exited.then((code) => !stopping && (log(`Redis and MongoDB stopped unexpectedly (code ${code})`), stopAndExit('data services gone', 1)));

  // From here on a crashed API or worker is restarted, with growing pauses while it keeps
  // crashing; the rest of the product stays up.
  const restartWhenExited = async (index: number, backoff: number): Promise<void> => {
    const child = children[index];
    const code = await child.exited;
    if (stopping) return;
    const wait = Date.now() - child.startedAt > HEALTHY_AFTER_MS ? 1_000 : backoff;
    log(`${child.name} exited unexpectedly (code ${code}); restarting it in ${wait / 1000} s`);
    await sleep(wait);
    if (stopping) return;
    children[index] = launch(child.name, PROCESSES[index].script, PROCESSES[index].flags, childEnv);
    void restartWhenExited(index, Math.min(wait * 2, MAX_BACKOFF_MS));
  };
  children.forEach((_, index) => void restartWhenExited(index, 1_000));

  const base = `http://localhost:${config.PORT}`;
  log('Crowdhire is running:');
  log(`  API            ${base}/v1`);
  log(`  API docs       ${base}/docs  (OpenAPI: ${base}/openapi.json)`);
  log(`  Admin          ${base}/admin  (npm run seed fills it with demo data)`);
  log(`  Health         ${base}/health/ready`);
  log(`  Metrics        ${base}/metrics  (the worker's: http://localhost:${workerPort}/metrics)`);
  log('Press Ctrl-C to stop.');
  process.send?.({ type: 'ready', pids: [...children, ...(host ? [host] : [])].map((c) => c.process.pid) });
  return new Promise<number>(() => undefined);
}

main().catch((error: unknown) => {
  if (error instanceof StartupProblem) {
    log(`Crowdhire did not start: ${error.message}`);
    log(`What to do: ${error.hint}`);
  } else {
    log(`Crowdhire did not start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  }
  process.exit(error instanceof StartupProblem && error.message.startsWith('the configuration is invalid') ? 78 : 1);
});
