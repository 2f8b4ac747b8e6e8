// Workers scaled per queue, each with its own probe and scrape port, and fleet figures
// reported once however many API pods are scraped.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RunningWorker } from '../../src/bootstrap/create-worker.js';
import type { AppConfig } from '../../src/config/app-config.js';
import { MatchingIndexService } from '../../src/modules/matching/matching-index.service.js';
import { QueueService } from '../../src/queues/queue.service.js';
import { QueueName } from '../../src/queues/queue.types.js';
import { startTestApi, startTestWorker, type TestApi } from '../support/apps.js';
import { testConfig } from '../support/env.js';
import { makeCandidate } from '../support/factories.js';
import { Sessions } from '../support/session.js';
import { settled, uploadCv } from '../support/uploads.js';

describe('worker roles', () => {
  let config: AppConfig;
  let api: TestApi;
  let files: RunningWorker;

  before(async () => {
    config = testConfig('roles', { WORKER_QUEUES: 'files' });
    [api, files] = await Promise.all([startTestApi(config), startTestWorker(config)]);
  });
  after(async () => {
    await api?.close();
    await files?.stop();
  });

  it('a files worker processes uploads, leaves matching to others and builds no ranking index', async () => {
    const sourcer = await new Sessions(config, api.url).asSourcer();
    const person = await makeCandidate(sourcer);
    const upload = await uploadCv(sourcer, person.id, Buffer.from('Skills: TypeScript\nBackend engineer'), 'cv.txt');
    assert.equal((await settled(sourcer, upload.body.id)).status, 'processed');
    const counts = await api.app.get(QueueService).counts();
    assert.ok(counts[QueueName.Matching].waiting >= 1, `matching work waits for a matching worker: ${JSON.stringify(counts[QueueName.Matching])}`);
    assert.throws(() => files.app.get(MatchingIndexService), /MatchingIndexService/, 'no ranking index in a files worker');
  });

  it('serves its own liveness, readiness (naming its queues) and metrics', async () => {
    const base = `http://127.0.0.1:${files.healthPort}`;
    assert.equal((await fetch(`${base}/health/live`)).status, 200);
    const ready = await fetch(`${base}/health/ready`);
    assert.equal(ready.status, 200);
    const body = (await ready.json()) as { status: string; queues: string[]; checks: Record<string, { status: string }> };
    assert.deepEqual([body.status, body.queues, body.checks.mongodb.status, body.checks.redis.status], ['ok', ['files'], 'up', 'up']);
    const metrics = await (await fetch(`${base}/metrics`)).text();
    assert.match(metrics, /queue_job_duration_seconds_count\{queue="files",job="files.process-cv",outcome="done"\} 1/);
    assert.equal((await fetch(`${base}/nope`)).status, 404);
  });

  it('refuses an unknown queue name, naming the variable', async () => {
    assert.throws(() => testConfig('roles-bad', { WORKER_QUEUES: 'files,emails' }), /WORKER_QUEUES="files,emails": must be a comma-separated list of system, matching, files, payments/);
  });
});

describe('fleet-wide figures', () => {
  it('come from one API instance only, so N scraped pods count them once', async () => {
    const config = testConfig('fleetfigures');
    const apis = await Promise.all([startTestApi(config), startTestApi(config), startTestApi(config)]);
    try {
      await Promise.all(apis.map((a) => fetch(`${a.url}/health/live`)));
      const scrapes = await Promise.all(apis.map(async (a) => (await fetch(`${a.url}/metrics`)).text()));
      const reporting = scrapes.filter((text) => /^queue_jobs\{/m.test(text));
      assert.equal(reporting.length, 1, 'exactly one pod reports queue counts');
      assert.equal(scrapes.filter((text) => /^workers_alive\{scope="fleet"\} \d+$/m.test(text)).length, 1, 'and live workers');
      // Each pod still reports its own requests.
      assert.ok(scrapes.every((text) => /http_request_duration_seconds_count/.test(text)));
    } finally {
      await Promise.all(apis.map((a) => a.close()));
    }
  });
});
