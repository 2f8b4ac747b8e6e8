// Abuse limits: one rate limit shared by every API instance (counted in Redis), security
// headers on every answer, and CORS only for the configured origins.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { API_HEADERS } from '../../src/common/http/security-headers.js';
import { startTestApi, type TestApi } from '../support/apps.js';
import { type RawAnswer, rawRequest, rawRequestLine } from '../support/raw-http.js';
import { testConfig } from '../support/env.js';

describe('abuse limits', () => {
  let a: TestApi;
  let b: TestApi;
  const LIMIT = 10;

  before(async () => {
    const config = testConfig('limits', { RATE_LIMIT_MAX: String(LIMIT), RATE_LIMIT_WINDOW_S: '60', CORS_ORIGINS: 'https://app.crowdhire.test' });
    [a, b] = await Promise.all([startTestApi(config), startTestApi(config)]);
  });
  after(() => Promise.all([a?.close(), b?.close()]));

  it('enforces one combined limit across two API instances, with 429 and Retry-After', async () => {
    const statuses: number[] = [];
    let limited: Response | undefined;
    for (let i = 0; i < LIMIT + 4; i++) {
      const res = await fetch(`${i % 2 === 0 ? a.url : b.url}/v1/me`);
      statuses.push(res.status);
      if (res.status === 429) limited ??= res;
    }
    // Every request counts, unauthenticated ones too (they are what brute force looks like).
    assert.deepEqual(statuses, [...Array(LIMIT).fill(401), ...Array(4).fill(429)]);
    assert.ok(limited);
    const retryAfter = Number(limited.headers.get('retry-after'));
    assert.ok(retryAfter >= 1 && retryAfter <= 60, `Retry-After ${limited.headers.get('retry-after')}`);
    const body = (await limited.json()) as { code: string; message: string };
    assert.equal(body.code, 'RATE_LIMITED');
    // A message for the client, with the same wait as Retry-After; not the library's class name.
    assert.match(body.message, /^Too many requests from this client; retry after \d+ s\.$/);
    assert.ok(Math.abs(Number(/(\d+) s/.exec(body.message)?.[1]) - retryAfter) <= 1, `${body.message} vs Retry-After ${retryAfter}`);
    // Probes are never limited: an orchestrator must always see the truth.
    assert.equal((await fetch(`${a.url}/health/live`)).status, 200);
  });

  it('sends security headers: a strict set on API answers, helmet’s full policy on pages', async () => {
    for (const path of ['/health/live', '/v1/me']) {
      const res = await fetch(`${a.url}${path}`);
      assert.equal(res.headers.get('x-content-type-options'), 'nosniff', path);
      assert.equal(res.headers.get('content-security-policy'), "default-src 'none'; frame-ancestors 'none'", path);
      assert.equal(res.headers.get('x-frame-options'), 'DENY', path);
      assert.ok(res.headers.get('strict-transport-security'), path);
      assert.equal(res.headers.get('x-powered-by'), null, path);
    }
    for (const path of ['/admin/', '/docs']) {
      const res = await fetch(`${a.url}${path}`);
      assert.match(res.headers.get('content-security-policy') ?? '', /default-src 'self'.*script-src 'self'/, path);
      assert.equal(res.headers.get('x-content-type-options'), 'nosniff', path);
      assert.equal(res.headers.get('cross-origin-opener-policy'), 'same-origin', path);
    }
  });

  it('sends them, and the request id, also on answers given before any route or hook runs', async () => {
    const json = (answer: RawAnswer) => ({ ...answer, body: JSON.parse(answer.body) as { code: string; requestId: string } });
    const get = async (target: string) => json(await rawRequestLine(a.url, `GET ${target} HTTP/1.1`));
    const answers = {
      // A target Nest refuses before the request hooks (the router would serve it as /health/live).
      asterisk: await get('*health/live'),
      // Errors of the router itself (Fastify's frameworkErrors).
      malformed: await get('/v1/jobs/%E0%A4%A'),
      longParameter: await get(`/v1/jobs/${'a'.repeat(3000)}`),
      // Not HTTP at all: answered by Node's clientError handler.
      notHttp: json(await rawRequest(a.url, 'NOT HTTP AT ALL\r\n\r\n')),
    };
    assert.deepEqual(
      Object.values(answers).map((x) => [x.status, x.body.code]),
      [
        [404, 'ROUTE_NOT_FOUND'],
        [400, 'BAD_REQUEST'],
        [414, 'URI_TOO_LONG'],
        [400, 'BAD_REQUEST'],
      ],
    );
    for (const [what, answer] of Object.entries(answers)) {
      for (const [name, value] of Object.entries(API_HEADERS)) assert.equal(answer.headers[name], value, `${what}: ${name}`);
      assert.equal(answer.headers['x-request-id'], answer.body.requestId, what);
      assert.equal(answer.headers['cache-control'], 'no-store', what);
    }
  });

  it('allows CORS only for configured origins', async () => {
    const preflight = (origin: string) =>
      fetch(`${a.url}/health/live`, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'GET' } });
    assert.equal((await preflight('https://app.crowdhire.test')).headers.get('access-control-allow-origin'), 'https://app.crowdhire.test');
    assert.equal((await preflight('https://evil.example')).headers.get('access-control-allow-origin'), null);
    // A browser client may call every method the API uses, and caches keep origins apart.
    const allowed = await preflight('https://app.crowdhire.test');
    assert.equal(allowed.status, 204);
    assert.deepEqual(allowed.headers.get('access-control-allow-methods')?.split(','), ['GET', 'HEAD', 'PUT', 'PATCH', 'POST', 'DELETE']);
    assert.equal(allowed.headers.get('access-control-max-age'), '600');
    const simple = await fetch(`${a.url}/health/live`, { headers: { origin: 'https://app.crowdhire.test' } });
    assert.equal(simple.headers.get('access-control-allow-origin'), 'https://app.crowdhire.test');
    assert.equal(simple.headers.get('vary'), 'Origin');
    assert.equal((await fetch(`${a.url}/health/live`, { headers: { origin: 'https://evil.example' } })).headers.get('access-control-allow-origin'), null);
    assert.equal((await fetch(`${a.url}/health/live`, { method: 'OPTIONS' })).status, 400, 'a preflight without an origin is refused');
  });
});

describe('who the rate limit counts', () => {
  const LIMIT = 6;
  const hammer = async (url: string, count: number, headers: (i: number) => Record<string, string> = () => ({}), path = '/v1/me') => {
    const statuses: number[] = [];
    for (let i = 0; i < count; i++) statuses.push((await fetch(`${url}${path}`, { headers: headers(i) })).status);
    return statuses;
  };

  it('ignores X-Forwarded-For unless it comes from a trusted proxy: rotating it bypasses nothing', async () => {
    // As deployed: production, where the API once trusted any X-Forwarded-For.
    const production = { NODE_ENV: 'production', AUTH_DEV_IDP: 'false', AUTH_JWKS_URI: 'http://127.0.0.1:9/jwks.json', FINGERPRINT_SECRET: 'a-production-secret-of-at-least-32-chars', METRICS_TOKEN: 'metrics-token-for-tests' };
    const api = await startTestApi(testConfig('xff', { ...production, RATE_LIMIT_MAX: String(LIMIT) }));
    try {
      const statuses = await hammer(api.url, LIMIT + 3, (i) => ({ 'x-forwarded-for': `203.0.113.${i + 1}` }));
      assert.deepEqual(statuses.slice(LIMIT), [429, 429, 429], `rotated addresses were counted as one client: ${statuses}`);
    } finally {
      await api.close();
    }
  });

  it('believes X-Forwarded-For from a configured proxy: each real client has its own allowance', async () => {
    const api = await startTestApi(testConfig('xfftrust', { RATE_LIMIT_MAX: String(LIMIT), TRUSTED_PROXIES: '127.0.0.1,::1' }));
    try {
      const first = await hammer(api.url, LIMIT + 1, () => ({ 'x-forwarded-for': '198.51.100.7' }));
      assert.equal(first.at(-1), 429);
      const other = await hammer(api.url, 2, () => ({ 'x-forwarded-for': '198.51.100.8' }));
      assert.deepEqual(other, [401, 401], 'another client behind the same proxy is not limited');
    } finally {
      await api.close();
    }
  });

  it('counts a client across routes, not per route', async () => {
    const api = await startTestApi(testConfig('acrossroutes', { RATE_LIMIT_MAX: String(LIMIT) }));
    try {
      await hammer(api.url, LIMIT, () => ({}), '/v1/me');
      for (const path of ['/v1/jobs', '/v1/candidates', '/v1/companies']) assert.equal((await fetch(`${api.url}${path}`)).status, 429, path);
      assert.notEqual((await fetch(`${api.url}/health/ready`)).status, 429, 'probes stay exempt');
    } finally {
      await api.close();
    }
  });

  it('holds uploads to a stricter limit of their own', async () => {
    const config = testConfig('uploadlimit', { RATE_LIMIT_MAX: '100', RATE_LIMIT_UPLOADS_MAX: '2' });
    const api = await startTestApi(config);
    try {
      const { Sessions } = await import('../support/session.js');
      const sourcer = await new Sessions(config, api.url).asSourcer();
      const candidate = (await sourcer.post('/v1/candidates', { name: 'Limit Test' })).body;
      const form = () => {
        const f = new FormData();
        f.append('file', new Blob(['Skills: TypeScript']), 'cv.txt');
        return f;
      };
      const answers = [];
      for (let i = 0; i < 3; i++) answers.push(await fetch(`${api.url}/v1/candidates/${candidate.id}/cv`, { method: 'POST', body: form(), headers: { authorization: `Bearer ${sourcer.token}` } }));
      assert.deepEqual(answers.map((a) => a.status), [202, 202, 429]);
      assert.match(((await answers[2].json()) as { message: string }).message, /^Too many uploads from this client; retry after \d+ s\.$/);
      assert.equal((await sourcer.get('/v1/me')).status, 200, 'other routes keep their own allowance');
    } finally {
      await api.close();
    }
  });
});
