// While Redis is down, BullMQ's queues (in the API) and workers report each reconnect attempt
// as an 'error' event; without a listener BullMQ printed every one raw to stderr, outside the
// JSON log. They go to the log now, once per kind of error per 30 s (connection-errors.ts).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import type { RunningWorker } from '../../src/bootstrap/create-worker.js';
import { type RedisServer, startRedisServer } from '../../src/infra/embedded/redis-server.js';
import { startTestApi, startTestWorker, type TestApi } from '../support/apps.js';
import { testConfig } from '../support/env.js';

describe('queue connection errors while Redis is down', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crowdhire-redis-'));
  let redis: RedisServer;
  let api: TestApi;
  let worker: RunningWorker;

  before(async () => {
    redis = await startRedisServer({ directory: dir, persistent: false });
    const config = testConfig('connerr', { REDIS_URL: redis.url, SHUTDOWN_GRACE_MS: '2000' });
    [api, worker] = await Promise.all([startTestApi(config), startTestWorker(config)]);
  });
  after(async () => {
    await worker?.stop();
    await api?.close();
    await redis?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('are not printed raw to stderr, reconnect after reconnect', { timeout: 60_000 }, async () => {
    const printed: unknown[][] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => void printed.push(args);
    try {
      await redis.stop();
      await sleep(3_000); // several reconnect attempts of every connection
    } finally {
      console.error = original;
    }
    const raw = printed.filter((args) => args.some((a) => a instanceof Error || /ECONNREFUSED|Connection is closed/.test(String(a))));
    assert.equal(raw.length, 0, `printed raw: ${raw.slice(0, 3).map((a) => a.map(String).join(' ')).join(' | ')} (${raw.length} in all)`);
    redis = await startRedisServer({ directory: dir, persistent: false, port: redis.port });
  });
});
