// `npm start`: the whole product on one machine. Hosts the embedded MongoDB engine in this
// process, runs redis-server, one API process and one worker process, prints where everything
// is, and on Ctrl-C or SIGTERM stops them in order (API and worker first, then the data
// services) so nothing is left running.
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { startLocalServices } from '../src/infra/embedded/local-services.js';
import { DIST, loadDotEnv, ROOT } from './paths.js';

const log = (line: string) => process.stdout.write(`[crowdhire] ${line}\n`);
const READY_TIMEOUT_MS = 60_000;

interface Child {
  name: string;
  process: ChildProcess;
  exited: Promise<number | null>;
}

function launch(name: string, script: string, env: NodeJS.ProcessEnv): Child {
  // Own process group (detached), so a terminal's Ctrl-C reaches only this supervisor, which
  // then stops the children in order; the IPC channel stops them if the supervisor dies.
  const child = spawn(process.execPath, ['--enable-source-maps', path.join(DIST, script)], {
    env,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    detached: true,
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { name, process: child, exited };
}

function ready(child: Child): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${child.name} was not ready within ${READY_TIMEOUT_MS / 1000} s`)), READY_TIMEOUT_MS);
    child.process.on('message', (message: { type?: string }) => {
      if (message?.type === 'ready') {
        clearTimeout(timer);
        resolve();
      }
    });
    void child.exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`${child.name} exited with code ${code} while starting`));
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

async function main(): Promise<void> {
  loadDotEnv();
  const env = { ...process.env };
  const port = env.PORT ?? '3000';
  const dataDir = path.resolve(ROOT, env.CROWDHIRE_DATA_DIR ?? '.data');
  const services = await startLocalServices({ dataDir, persistent: true, database: 'crowdhire', env, log });
  const childEnv: NodeJS.ProcessEnv = { NODE_ENV: 'development', ...env, ...services.env, PORT: port };
  const children = [launch('api', 'src/main.js', childEnv), launch('worker', 'src/worker.js', childEnv)];

  let stopping = false;
  const stopAll = async (code: number) => {
    if (stopping) return;
    stopping = true;
    log('stopping api and worker...');
    const grace = Number(env.SHUTDOWN_GRACE_MS ?? 10_000) + Number(env.SHUTDOWN_DRAIN_MS ?? 0) + 5_000;
    await Promise.all(children.map((child) => stopChild(child, grace)));
    log('stopping Redis and MongoDB...');
    await services.stop();
    log('stopped');
    process.exit(code);
  };
  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));
  for (const child of children) {
    void child.exited.then((code) => {
      if (stopping) return;
      log(`${child.name} exited unexpectedly (code ${code}); stopping everything`);
      void stopAll(1);
    });
  }

  try {
    await Promise.all(children.map(ready));
  } catch (error) {
    log(error instanceof Error ? error.message : String(error));
    await stopAll(1);
    return;
  }
  const base = `http://localhost:${port}`;
  log('Crowdhire is running:');
  log(`  API            ${base}/v1`);
  log(`  API docs       ${base}/docs  (OpenAPI: ${base}/openapi.json)`);
  log(`  Admin          ${base}/admin`);
  log(`  Health         ${base}/health/ready`);
  log(`  Metrics        ${base}/metrics`);
  log('Press Ctrl-C to stop.');
  process.send?.({ type: 'ready', pids: children.map((c) => c.process.pid) });
}

main().catch((error: unknown) => {
  log(`failed to start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
