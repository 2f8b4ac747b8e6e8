// The API's HTTP behaviour shared by every route: error shape, request ids, OpenAPI, the admin
// page, metrics; and a job travelling API -> Redis -> worker -> MongoDB.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RunningWorker } from '../../src/bootstrap/create-worker.js';
import { routeHandlerKindsOf } from '../../src/common/http/lean-route-handlers.js';
import { PipelineCheckService } from '../../src/modules/health/pipeline-check.service.js';
import { startTestApi, startTestWorker, type TestApi } from '../support/apps.js';
import { rawRequestLine } from '../support/raw-http.js';
import { testConfig } from '../support/env.js';
import { waitFor } from '../support/wait.js';

describe('API over HTTP', () => {
  let api: TestApi;
  let worker: RunningWorker;

  before(async () => {
    const config = testConfig('http');
    [api, worker] = await Promise.all([startTestApi(config), startTestWorker(config)]);
  });
  after(async () => {
    await worker?.stop();
    await api?.close();
  });

  it('answers an unknown route with 404 in the error shape, with the request id', async () => {
    const res = await fetch(`${api.url}/v1/nothing-here`);
    assert.equal(res.status, 404);
    const body = (await res.json()) as Record<string, unknown>;
    assert.equal(body.code, 'ROUTE_NOT_FOUND');
    assert.equal(typeof body.message, 'string');
    assert.equal(body.requestId, res.headers.get('x-request-id'));
    assert.deepEqual(Object.keys(body).sort(), ['code', 'message', 'requestId']);
  });

  it('keeps a caller-supplied x-request-id and replaces a malformed one', async () => {
    const kept = await fetch(`${api.url}/v1/nothing-here`, { headers: { 'x-request-id': 'trace-abc.123' } });
    assert.equal(kept.headers.get('x-request-id'), 'trace-abc.123');
    assert.equal(((await kept.json()) as { requestId: string }).requestId, 'trace-abc.123');
    const replaced = await fetch(`${api.url}/health/live`, { headers: { 'x-request-id': 'bad id with spaces' } });
    assert.match(replaced.headers.get('x-request-id') ?? '', /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('runs two request hooks and one response hook for a public route, and still refuses odd request targets', async () => {
    // NestJS's adapter alone would add six request hooks, middie a seventh, and a response hook (lean-fastify-adapter.ts).
    const routes = api.app.getHttpAdapter().getInstance().printRoutes({ includeHooks: true, commonPrefix: false });
    const live = routes.slice(routes.indexOf('/health/live (GET'));
    const hooks = (kind: string) => (JSON.parse(new RegExp(`\\(${kind}\\) (\\[.*\\])`).exec(live)?.[1] ?? '[]') as string[]).length;
    assert.deepEqual([hooks('onRequest'), hooks('onResponse')], [2, 1], live.slice(0, 500));
    // The router would serve "*health/live" as /health/live; Nest's rule answers it as not found.
    const answer = await rawRequestLine(api.url, 'GET *health/live HTTP/1.1');
    assert.equal(answer.status, 404);
    assert.match(answer.body, /"code":"ROUTE_NOT_FOUND"/);
  });

  it("runs its routes without Nest's per-request layers, but those that use them (audited changes, @Res() routes)", () => {
    const kinds = routeHandlerKindsOf(api.app);
    assert.ok(kinds, 'the lean route handlers are installed');
    for (const route of ['HealthController.live', 'JobsController.list', 'JobsController.get', 'SubmissionsController.create', 'UploadsController.upload']) {
      assert.ok(kinds.lean.includes(route), `${route} in ${JSON.stringify(kinds)}`);
    }
    // @Audited() is an interceptor; /metrics and the audit export answer through @Res().
    for (const route of ['JobsController.publish', 'PaymentsController.adjust', 'MetricsController.scrape', 'AuditController.export']) {
      assert.ok(kinds.nest.includes(route), `${route} in ${JSON.stringify(kinds)}`);
    }
  });

  it('serves the OpenAPI document and the docs UI', async () => {
    const doc = (await (await fetch(`${api.url}/openapi.json`)).json()) as { openapi: string; paths: Record<string, unknown> };
    assert.match(doc.openapi, /^3\./);
    assert.ok(doc.paths['/health/ready'], 'readiness is documented');
    // An optional header is documented as optional (Nest documents every @Headers() as required).
    const checkout = (doc.paths['/v1/payments/checkout'] as { post: { parameters: { name: string; in: string; required?: boolean }[] } }).post;
    assert.deepEqual(checkout.parameters.filter((p) => p.name === 'idempotency-key').map((p) => [p.in, p.required ?? false]), [['header', false]]);
    const docs = await fetch(`${api.url}/docs`);
    assert.equal(docs.status, 200);
    assert.match(await docs.text(), /swagger/i);
  });

  it('serves the admin page at /admin', async () => {
    const res = await fetch(`${api.url}/admin`);
    assert.equal(res.status, 200);
    assert.match(await res.text(), /Crowdhire admin/);
  });

  it('runs a job end to end and reports it in /metrics', async () => {
    const checks = api.app.get(PipelineCheckService);
    const check = await checks.request();
    assert.equal(check.status, 'queued');
    const done = await waitFor('the worker to complete the check', async () => {
      const current = await checks.find(check._id);
      return current?.status === 'done' ? current : undefined;
    });
    assert.equal(done.workerId, worker.heartbeat.workerId);
    // Running it again changes nothing (handlers are idempotent).
    assert.deepEqual(await checks.complete(check._id, 'another-worker'), { status: 'skipped', reason: 'already completed' });
    assert.equal((await checks.find(check._id))?.workerId, worker.heartbeat.workerId);

    // The worker is scraped on its own port; the API reports its own requests and, once, the fleet's queues.
    const workerMetrics = await (await fetch(`http://127.0.0.1:${worker.healthPort}/metrics`)).text();
    assert.match(workerMetrics, /queue_job_duration_seconds_count\{queue="system",job="system.pipeline-check",outcome="done"\} 1/);
    const metrics = await (await fetch(`${api.url}/metrics`)).text();
    assert.match(metrics, /queue_jobs\{queue="system",state="completed"\} 1/);
    assert.match(metrics, /http_request_duration_seconds_count\{route="\/health\/live",method="GET",status="200"\} \d+/);
    assert.match(metrics, /http_request_duration_seconds_bucket\{le="\+Inf",route="\/health\/live",method="GET",status="200"\} \d+/);
    assert.match(metrics, /# TYPE http_request_duration_seconds histogram/);
    assert.match(metrics, /http_errors_total\{route="unmatched",status="404",code="ROUTE_NOT_FOUND"\} \d+/);
  });
});
