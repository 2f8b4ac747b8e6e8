// A worker told to stop when its Redis is already gone (npm start's supervisor dies and stops
// the data services together with the worker) still stops within its bound: the grace period
// plus a few seconds. Before, saying goodbye on the live list waited for Redis forever.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { RunningWorker } from '../../src/bootstrap/create-worker.js';
import { WorkerPresenceService } from '../../src/queues/worker-presence.service.js';
import { type RedisServer, startRedisServer } from '../../src/infra/embedded/redis-server.js';
import { startTestWorker } from '../support/apps.js';
import { testConfig } from '../support/env.js';
import { waitFor } from '../support/wait.js';

const GRACE_MS = 2_000;
/** The grace period, the goodbye (1 s) and closing the connections and the health port (3 s each), with a margin. */
const BOUND_MS = GRACE_MS + 1_000 + 2 * 3_000 + 2_000;

describe('a stopping worker whose Redis is gone', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crowdhire-redis-'));
  let redis: RedisServer;
  let worker: RunningWorker;

  before(async () => {
    redis = await startRedisServer({ directory: dir, persistent: false });
    worker = await startTestWorker(testConfig('stopgone', { REDIS_URL: redis.url, SHUTDOWN_GRACE_MS: String(GRACE_MS) }));
  });
  after(async () => {
    await redis?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('stops within the grace period and a few seconds', { timeout: 60_000 }, async () => {
    const presence = worker.app.get(WorkerPresenceService);
    await waitFor('the worker on the live list', async () => ((await presence.alive()).some((w) => w.workerId === worker.heartbeat.workerId) ? true : undefined));
    await redis.stop();
    const started = Date.now();
    const stopped = await Promise.race([worker.stop(), new Promise<'hung'>((resolve) => setTimeout(() => resolve('hung'), BOUND_MS + 10_000).unref())]);
    const tookMs = Date.now() - started;
    assert.notEqual(stopped, 'hung', `stop() had not returned after ${BOUND_MS + 10_000} ms`);
    assert.ok(tookMs <= BOUND_MS, `stop() took ${tookMs} ms; its bound is ${BOUND_MS} ms`);
    // Back up on the same port, so the connections that gave up can finish closing.
    redis = await startRedisServer({ directory: dir, persistent: false, port: redis.port });
  });
});
