// Readiness follows its dependencies: a private redis-server is stopped and started again.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { RunningWorker } from '../../src/bootstrap/create-worker.js';
import { type RedisServer, startRedisServer } from '../../src/infra/embedded/redis-server.js';
import { PipelineCheckService } from '../../src/modules/health/pipeline-check.service.js';
import { startTestApi, startTestWorker, type TestApi } from '../support/apps.js';
import { testConfig } from '../support/env.js';
import { waitFor } from '../support/wait.js';

async function ready(api: TestApi): Promise<{ status: number; body: any }> {
  const res = await fetch(`${api.url}/health/ready`);
  return { status: res.status, body: await res.json() };
}

describe('readiness', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crowdhire-redis-'));
  let redis: RedisServer;
  let api: TestApi;
  let worker: RunningWorker;

  before(async () => {
    redis = await startRedisServer({ directory: dir, persistent: false });
    const config = testConfig('ready', { REDIS_URL: redis.url });
    [api, worker] = await Promise.all([startTestApi(config), startTestWorker(config)]);
  });
  after(async () => {
    await worker?.stop();
    await api?.close();
    await redis?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('is 200 with MongoDB, Redis and a worker heartbeat', async () => {
    const res = await waitFor('readiness', async () => ((await ready(api)).status === 200 ? true : undefined));
    assert.equal(res, true);
  });

  it('stays ready without workers (scaled to zero, or all down), saying degraded, and counts them in /metrics', async () => {
    const lonely = await startTestApi(testConfig('noworker', { REDIS_URL: redis.url }));
    try {
      const { status, body } = await ready(lonely);
      assert.equal(status, 200, 'workers are not what the API needs to serve');
      assert.equal(body.status, 'degraded');
      assert.equal(body.checks.worker.status, 'degraded');
      assert.equal(body.checks.worker.workers, 0);
      assert.match(await (await fetch(`${lonely.url}/metrics`)).text(), /^workers_alive\{scope="fleet"\} 0$/m);
    } finally {
      await lonely.close();
    }
  });

  it('turns 503 naming Redis when Redis stops, and 200 again when it returns', async () => {
    await redis.stop();
    const down = await waitFor('readiness to fail', async () => {
      const result = await ready(api);
      return result.status === 503 ? result : undefined;
    });
    assert.equal(down.body.code, 'NOT_READY');
    assert.ok(down.body.details?.failing.includes('redis'), JSON.stringify(down.body));

    redis = await startRedisServer({ directory: dir, persistent: false, port: redis.port });
    // A fresh Redis has lost the heartbeats; the worker reconnects and beats again.
    const back = await waitFor('readiness to recover', async () => ((await ready(api)).status === 200 ? true : undefined), 30_000);
    assert.equal(back, true);
    const checks = api.app.get(PipelineCheckService);
    const check = await checks.request();
    await waitFor('a job after the restart', async () => ((await checks.find(check._id))?.status === 'done' ? true : undefined), 20_000);
  });
});
