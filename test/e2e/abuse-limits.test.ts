// Abuse limits: one rate limit shared by every API instance (counted in Redis), security
// headers on every answer, and CORS only for the configured origins.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApi, type TestApi } from '../support/apps.js';
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
    assert.equal(((await limited.json()) as { code: string }).code, 'RATE_LIMITED');
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

  it('allows CORS only for configured origins', async () => {
    const preflight = (origin: string) =>
      fetch(`${a.url}/health/live`, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'GET' } });
    assert.equal((await preflight('https://app.crowdhire.test')).headers.get('access-control-allow-origin'), 'https://app.crowdhire.test');
    assert.equal((await preflight('https://evil.example')).headers.get('access-control-allow-origin'), null);
  });
});
