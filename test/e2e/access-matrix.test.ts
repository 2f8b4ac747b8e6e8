// Every route in the OpenAPI document, called by each role and anonymously, answers the status
// this table expects. A route added without a row here fails the test, so nobody ships an
// endpoint without deciding who may call it. Ids are unknown ones: an allowed caller reaches
// the handler (200, 400 for an empty body, 404 for the id), a refused one never does.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { RunningWorker } from '../../src/bootstrap/create-worker.js';
import { startTestApi, startTestWorker, type TestApi } from '../support/apps.js';
import { testConfig } from '../support/env.js';
import { type Session, Sessions } from '../support/session.js';
import { waitFor } from '../support/wait.js';

type Caller = 'anonymous' | 'admin' | 'employer' | 'sourcer';
type Expected = Record<Caller, number>;

const everyone = (status: number): Expected => ({ anonymous: status, admin: status, employer: status, sourcer: status });
const signedIn = (admin: number, employer: number, sourcer: number): Expected => ({ anonymous: 401, admin, employer, sourcer });

export const EXPECTED: Record<string, Expected> = {
  'GET /health/live': everyone(200),
  'GET /health/ready': everyone(200),
  'GET /v1/me': signedIn(200, 200, 200),
  'GET /v1/meta': everyone(200),
  'POST /v1/companies': signedIn(400, 403, 403),
  'GET /v1/companies': signedIn(200, 403, 403),
  'GET /v1/companies/{id}': signedIn(404, 404, 403),
  'GET /v1/companies/{id}/employers': signedIn(404, 404, 403),
  'POST /v1/companies/{id}/employers': signedIn(400, 403, 403),
  'DELETE /v1/companies/{id}/employers/{userId}': signedIn(404, 403, 403),
  'POST /v1/jobs': signedIn(403, 400, 403),
  'GET /v1/jobs': signedIn(200, 200, 200),
  'GET /v1/jobs/{id}': signedIn(404, 404, 404),
  'PATCH /v1/jobs/{id}': signedIn(404, 404, 403),
  'POST /v1/jobs/{id}/publish': signedIn(404, 404, 403),
  'POST /v1/jobs/{id}/pause': signedIn(404, 404, 403),
  'POST /v1/jobs/{id}/close': signedIn(404, 404, 403),
  'POST /v1/candidates': signedIn(403, 403, 400),
  'GET /v1/candidates': signedIn(200, 403, 200),
  'GET /v1/candidates/{id}': signedIn(404, 404, 404),
  'PATCH /v1/candidates/{id}': signedIn(404, 403, 404),
  'GET /v1/candidates/{id}/export': signedIn(404, 403, 404),
  'DELETE /v1/candidates/{id}': signedIn(404, 403, 404),
  'POST /v1/submissions': signedIn(403, 403, 400),
  'GET /v1/submissions': signedIn(200, 200, 200),
  'GET /v1/submissions/{id}': signedIn(404, 404, 404),
  'POST /v1/submissions/{id}/moves': signedIn(400, 400, 400),
  'GET /v1/sourcers/me/stats': signedIn(403, 403, 200),
  'GET /v1/sourcers/{id}/stats': signedIn(404, 403, 403),
  'GET /v1/jobs/{id}/matches': signedIn(404, 404, 403),
  'GET /v1/candidates/{id}/matches': signedIn(404, 403, 404),
  'GET /v1/submissions/{id}/match': signedIn(404, 404, 404),
  'GET /v1/admin/matching/models': signedIn(200, 403, 403),
  'POST /v1/admin/matching/refit': signedIn(202, 403, 403),
  'POST /v1/candidates/{id}/cv': signedIn(403, 403, 404),
  'GET /v1/uploads/{id}': signedIn(404, 403, 404),
  'GET /v1/admin/uploads': signedIn(200, 403, 403),
  'POST /v1/admin/uploads/{id}/retry': signedIn(404, 403, 403),
  // Payments are off in this run (PAYMENTS_ENABLED=false): allowed callers get 503 PAYMENTS_DISABLED.
  'GET /v1/payments/packs': signedIn(200, 200, 200),
  'POST /v1/payments/checkout': signedIn(403, 400, 403),
  'GET /v1/payments/credits': signedIn(503, 503, 403),
  'POST /v1/payments/connect': signedIn(403, 403, 503),
  'GET /v1/payments/earnings': signedIn(403, 403, 503),
  'POST /v1/admin/payments/adjustments': signedIn(400, 403, 403),
  'POST /v1/admin/payments/payouts': signedIn(503, 403, 403),
  'GET /v1/admin/payments/events': signedIn(200, 403, 403),
  'GET /v1/admin/overview': signedIn(200, 403, 403),
  'GET /v1/admin/sourcers': signedIn(200, 403, 403),
  'GET /v1/admin/system': signedIn(200, 403, 403),
  'GET /v1/admin/queues': signedIn(200, 403, 403),
  'GET /v1/admin/audit': signedIn(200, 403, 403),
  'GET /v1/admin/audit/export': signedIn(200, 403, 403),
  'GET /v1/admin/sourcers/{id}': signedIn(404, 403, 403),
  'GET /v1/admin/submissions': signedIn(200, 403, 403),
  'GET /v1/admin/submissions/{id}': signedIn(404, 403, 403),
  'POST /v1/admin/board/session': signedIn(200, 403, 403),
  // {queue} is a random id here: not a queue name.
  'GET /v1/admin/queues/{queue}/failed': signedIn(400, 403, 403),
  'POST /v1/admin/queues/{queue}/jobs/{id}/retry': signedIn(400, 403, 403),
  'DELETE /v1/admin/queues/{queue}/jobs/{id}': signedIn(400, 403, 403),
  // Outbound webhooks: employers for their company, admins for any (naming it).
  'POST /v1/webhooks/endpoints': signedIn(400, 400, 403),
  'GET /v1/webhooks/endpoints': signedIn(200, 200, 403),
  'GET /v1/webhooks/endpoints/{id}': signedIn(404, 404, 403),
  'PATCH /v1/webhooks/endpoints/{id}': signedIn(404, 404, 403),
  'DELETE /v1/webhooks/endpoints/{id}': signedIn(404, 404, 403),
  'GET /v1/webhooks/endpoints/{id}/deliveries': signedIn(404, 404, 403),
  'POST /v1/webhooks/deliveries/{id}/replay': signedIn(404, 404, 403),
  // The development identity provider (AUTH_DEV_IDP, on in tests): public by design.
  'GET /dev-idp/.well-known/openid-configuration': everyone(200),
  'GET /dev-idp/jwks.json': everyone(200),
  'POST /dev-idp/token': everyone(400),
};

describe('role x route matrix', () => {
  let api: TestApi;
  let worker: RunningWorker;
  let callers: Record<Caller, Session>;
  let routes: string[];

  before(async () => {
    const config = testConfig('matrix');
    [api, worker] = await Promise.all([startTestApi(config), startTestWorker(config)]);
    await waitFor('readiness with the worker up', async () => ((await fetch(`${api.url}/health/ready`)).ok ? true : undefined));
    const sessions = new Sessions(config, api.url);
    const { employer } = await sessions.makeCompany();
    callers = { anonymous: sessions.anonymous(), admin: await sessions.asAdmin(), employer, sourcer: await sessions.asSourcer() };
    const doc = (await (await fetch(`${api.url}/openapi.json`)).json()) as { paths: Record<string, Record<string, unknown>> };
    routes = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((method) => `${method.toUpperCase()} ${path}`));
  });
  after(async () => {
    await api?.close();
    await worker?.stop();
  });

  it('has exactly one expectation per documented route', () => {
    const missing = routes.filter((r) => !(r in EXPECTED));
    const stale = Object.keys(EXPECTED).filter((r) => !routes.includes(r));
    assert.deepEqual(missing, [], 'routes without an entry in EXPECTED: decide who may call them');
    assert.deepEqual(stale, [], 'entries for routes that no longer exist');
  });

  it('answers each caller with the expected status on every route', async () => {
    const failures: string[] = [];
    for (const route of routes.filter((r) => r in EXPECTED)) {
      const [method, template] = route.split(' ');
      const path = template.replace(/\{[^}]+\}/g, () => randomUUID());
      for (const [caller, session] of Object.entries(callers) as [Caller, Session][]) {
        const body = ['POST', 'PUT', 'PATCH'].includes(method) ? {} : undefined;
        const res = await session.request(method, path, body);
        if (res.status !== EXPECTED[route][caller]) failures.push(`${route} as ${caller}: ${res.status}, expected ${EXPECTED[route][caller]}`);
        if (res.status >= 400 && typeof res.body === 'object') assert.equal(typeof res.body.code, 'string', `${route} as ${caller} has an error code`);
      }
    }
    assert.deepEqual(failures, []);
  });
});
