// The real entrypoints as separate processes: configuration failures, a worker process taking
// a job, graceful shutdown, and `npm start`'s supervisor leaving no process behind.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { EXIT_CONFIG_ERROR } from '../../src/bootstrap/lifecycle.js';
import { freePort } from '../../src/infra/embedded/redis-server.js';
import { freePortPair } from '../support/ports.js';
import { PipelineCheckService } from '../../src/modules/health/pipeline-check.service.js';
import { isRunning, runScript, startTestApi, type TestApi } from '../support/apps.js';
import { testEnv } from '../support/env.js';
import { waitFor } from '../support/wait.js';

function childPids(pid: number): number[] {
  try {
    return execFileSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' })
      .split('\n')
      .map((line) => Number(line.trim()))
      .filter((n) => n > 0);
  } catch {
    return []; // ps exits 1 when there are none
  }
}

describe('entrypoints', () => {
  it('the API refuses to start without MONGODB_URI, naming it', async () => {
    const env = testEnv('cfg');
    delete (env as Record<string, string | undefined>).MONGODB_URI;
    const run = runScript('src/main.js', env);
    const { code } = await run.exit;
    assert.equal(code, EXIT_CONFIG_ERROR);
    assert.match(run.output(), /MONGODB_URI is required/);
  });

  it('the worker refuses a malformed REDIS_URL, naming it', async () => {
    const run = runScript('src/worker.js', testEnv('cfg', { REDIS_URL: 'localhost:6379' }));
    const { code } = await run.exit;
    assert.equal(code, EXIT_CONFIG_ERROR);
    assert.match(run.output(), /REDIS_URL="localhost:6379": must be a redis:\/\/ or rediss:\/\/ URL/);
  });

  describe('a worker process', () => {
    const env = testEnv('workerproc');
    let api: TestApi;
    before(async () => {
      const { loadConfig } = await import('../../src/config/config-loader.js');
      api = await startTestApi(loadConfig(env));
    });
    after(() => api?.close());

    it('takes a job queued by the API, then stops cleanly on SIGTERM', async () => {
      const worker = runScript('src/worker.js', env);
      await worker.ready;
      const checks = api.app.get(PipelineCheckService);
      const check = await checks.request();
      const done = await waitFor('the worker process to complete the check', async () => {
        const current = await checks.find(check._id);
        return current?.status === 'done' ? current : undefined;
      });
      assert.match(done.workerId ?? '', new RegExp(`-${worker.child.pid}$`));
      worker.child.kill('SIGTERM');
      assert.deepEqual(await worker.exit, { code: 0, signal: null }, 'exit 0: active jobs drained within the grace period');
    });
  });

  it('the API drains on SIGTERM: readiness 503 while in-flight work finishes, then exit 0', async () => {
    const port = await freePort();
    const api = runScript('src/main.js', testEnv('drain', { PORT: String(port), HOST: '127.0.0.1', SHUTDOWN_DRAIN_MS: '1500' }));
    await api.ready;
    const base = `http://127.0.0.1:${port}`;
    api.child.kill('SIGTERM');
    const draining = await waitFor('readiness to report shutting down', async () => {
      const res = await fetch(`${base}/health/ready`);
      return res.status === 503 ? ((await res.json()) as { code: string }) : undefined;
    }, 5_000);
    assert.equal(draining.code, 'SHUTTING_DOWN');
    assert.equal((await fetch(`${base}/health/live`)).status, 200);
    assert.deepEqual(await api.exit, { code: 0, signal: null });
  });
});

describe('npm start (the supervisor)', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'crowdhire-start-'));
  after(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('runs MongoDB, Redis, the API and a worker, is ready within 60 s, and stops them all', { timeout: 120_000 }, async () => {
    const port = await freePortPair();
    // No MONGODB_URI / REDIS_URL: the supervisor starts its own, as on a fresh machine.
    const supervisor = runScript('scripts/start.js', {
      CROWDHIRE_DATA_DIR: dataDir,
      PORT: String(port),
      LOG_LEVEL: 'warn',
      SHUTDOWN_GRACE_MS: '5000',
      REDIS_KEY_PREFIX: 'crowdhire',
    });
    const started = Date.now();
    const ready = await supervisor.ready;
    const res = await waitFor('readiness', async () => ((await fetch(`http://127.0.0.1:${port}/health/ready`)).status === 200 ? true : undefined), 60_000);
    assert.equal(res, true);
    assert.ok(Date.now() - started < 60_000, 'ready within 60 s');
    assert.match(supervisor.output(), new RegExp(`Admin +http://localhost:${port}/admin`));
    assert.ok(fs.existsSync(path.join(dataDir, 'mongo')) && fs.existsSync(path.join(dataDir, 'redis', 'appendonlydir')), 'data kept under the data dir');

    const children = childPids(supervisor.child.pid ?? 0);
    assert.equal(children.length, 3, `api, worker and the data services (redis-server, MongoDB): ${children.join(', ')}`);
    assert.deepEqual([...(ready.pids as number[])].sort(), children.filter((pid) => (ready.pids as number[]).includes(pid)).sort());

    supervisor.child.kill('SIGTERM');
    assert.deepEqual(await supervisor.exit, { code: 0, signal: null });
    for (const pid of children) assert.equal(isRunning(pid), false, `process ${pid} is left running`);
  });
});
