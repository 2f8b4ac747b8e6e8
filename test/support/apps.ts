// The API and the worker, in this test process (fast) or as the real entrypoints in child
// processes (for signals, exit codes and process lifecycles).
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApi, openApiDocument } from '../../src/bootstrap/create-api.js';
import { type RunningWorker, startWorker } from '../../src/bootstrap/create-worker.js';
import { createLogger } from '../../src/common/logging/logger.js';
import type { AppConfig } from '../../src/config/app-config.js';
import { watchResponses } from './contract.js';

export interface TestApi {
  app: NestFastifyApplication;
  url: string;
  close(): Promise<void>;
}

export async function startTestApi(config: AppConfig): Promise<TestApi> {
  const app = await createApi(config, createLogger(config, 'api'));
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.getHttpServer().address() as { port: number };
  const url = `http://127.0.0.1:${address.port}`;
  // Every response this API gives the test is checked against its OpenAPI document.
  const unwatch = watchResponses(url, openApiDocument(app, config));
  return {
    app,
    url,
    close: async () => {
      unwatch();
      await app.close();
    },
  };
}

export function startTestWorker(config: AppConfig): Promise<RunningWorker> {
  return startWorker(config, createLogger(config, 'worker'));
}

const DIST = fileURLToPath(new URL('../../', import.meta.url));

export interface ChildRun {
  child: ChildProcess;
  output: () => string;
  /** Resolves on the child's first `{type: 'ready'}` IPC message. */
  ready: Promise<Record<string, unknown>>;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Runs a compiled script (e.g. `src/main.js`) as its own process with exactly `env`. */
export function runScript(script: string, env: Record<string, string>): ChildRun {
  const child = spawn(process.execPath, [`${DIST}${script}`], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const ready = new Promise<Record<string, unknown>>((resolve, reject) => {
    child.on('message', (message: Record<string, unknown>) => {
      if (message?.type === 'ready') resolve(message);
    });
    void exit.then(({ code }) => reject(new Error(`${script} exited (${code}) before ready:\n${output}`)));
  });
  ready.catch(() => undefined);
  return { child, output: () => output, ready, exit };
}

/** Whether a process with this pid still exists. */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
