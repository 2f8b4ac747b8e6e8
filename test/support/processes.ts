// A small fleet of real processes for a test: APIs and workers as the entrypoints run them,
// each with its own ports, all stopped at the end.
import { freePort } from '../../src/infra/embedded/redis-server.js';
import type { OpenAPIObject } from '@nestjs/swagger';
import { type ChildRun, runScript } from './apps.js';
import { watchResponses } from './contract.js';

export interface FleetApi extends ChildRun {
  url: string;
}

export interface FleetWorker extends ChildRun {
  healthUrl: string;
}

export class Fleet {
  private readonly runs: ChildRun[] = [];
  private readonly unwatch: (() => void)[] = [];

  async api(env: Record<string, string>): Promise<FleetApi> {
    const port = await freePort();
    const run = runScript('src/main.js', { ...env, PORT: String(port), HOST: '127.0.0.1' });
    this.runs.push(run);
    await run.ready;
    const url = `http://127.0.0.1:${port}`;
    // Its responses to this test are checked against the document it serves, as in-process APIs' are.
    const document = await fetch(`${url}/openapi.json`).then(async (res) => (res.ok ? ((await res.json()) as OpenAPIObject) : null));
    if (document) this.unwatch.push(watchResponses(url, document));
    return { ...run, url };
  }

  async worker(env: Record<string, string>): Promise<FleetWorker> {
    const port = await freePort();
    const run = runScript('src/worker.js', { ...env, WORKER_HEALTH_PORT: String(port), HOST: '127.0.0.1' });
    this.runs.push(run);
    await run.ready;
    return { ...run, healthUrl: `http://127.0.0.1:${port}` };
  }

  /** SIGTERM to everything still running, then SIGKILL what has not stopped within 10 s. */
  async stop(): Promise<void> {
    for (const unwatch of this.unwatch.splice(0)) unwatch();
    await Promise.all(
      this.runs.map(async (run) => {
        if (run.child.exitCode !== null || run.child.signalCode !== null) return;
        run.child.kill('SIGTERM');
        const timer = setTimeout(() => run.child.kill('SIGKILL'), 10_000);
        await run.exit;
        clearTimeout(timer);
      }),
    );
  }
}
