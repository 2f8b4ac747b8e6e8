// Token verification end to end: the development provider's tokens are verified through the
// JWKS over HTTP, like a real provider's; forged and stale tokens are refused with a code.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { MongoClient } from 'mongodb';
import type { AppConfig } from '../../src/config/app-config.js';
import { startTestApi, type TestApi } from '../support/apps.js';
import { testConfig } from '../support/env.js';
import { forgedTokens, tokenFor } from '../support/identity.js';

describe('authentication', () => {
  let api: TestApi;
  let config: AppConfig;

  before(async () => {
    config = testConfig('auth');
    api = await startTestApi(config);
  });
  after(() => api?.close());

  const me = (token?: string) => fetch(`${api.url}/v1/me`, { headers: token ? { authorization: `Bearer ${token}` } : {} });

  it('serves the development provider discovery document and JWKS', async () => {
    const discovery = (await (await fetch(`${api.url}/dev-idp/.well-known/openid-configuration`)).json()) as { issuer: string };
    assert.equal(discovery.issuer, config.AUTH_ISSUER);
    const jwks = (await (await fetch(`${api.url}/dev-idp/jwks.json`)).json()) as { keys: { kty: string; d?: string }[] };
    assert.equal(jwks.keys.length, 1);
    assert.equal(jwks.keys[0].kty, 'RSA');
    assert.equal(jwks.keys[0].d, undefined, 'no private part is published');
  });

  it('creates the user on the first request and returns it from /v1/me', async () => {
    const token = await tokenFor(config, { sub: 'auth0|alice', roles: ['employer'], email: 'Alice@Example.test', name: 'Alice' });
    const first = await me(token);
    assert.equal(first.status, 200);
    const body = (await first.json()) as { id: string; sub: string; email: string; roles: string[] };
    assert.deepEqual({ sub: body.sub, email: body.email, roles: body.roles }, { sub: 'auth0|alice', email: 'alice@example.test', roles: ['employer'] });
    const again = (await (await me(token)).json()) as { id: string };
    assert.equal(again.id, body.id, 'the same user, not a second one');
  });

  it('makes one user when first requests race', async () => {
    const token = await tokenFor(config, { sub: 'auth0|racer', roles: ['sourcer'] });
    const bodies = await Promise.all(Array.from({ length: 8 }, async () => (await (await me(token)).json()) as { id: string }));
    assert.equal(new Set(bodies.map((b) => b.id)).size, 1);
  });

  it('refuses a missing token with 401 AUTH_TOKEN_MISSING', async () => {
    const res = await me();
    assert.equal(res.status, 401);
    assert.equal(((await res.json()) as { code: string }).code, 'AUTH_TOKEN_MISSING');
    // Fastify answers HEAD from the GET route: it is guarded the same way.
    assert.equal((await fetch(`${api.url}/v1/me`, { method: 'HEAD' })).status, 401);
  });

  it('refuses every forged or stale token with 401 and a stable code', async () => {
    const expected: Record<string, string> = {
      algNone: 'AUTH_TOKEN_INVALID',
      hs256WithPublicKey: 'AUTH_TOKEN_INVALID',
      wrongIssuer: 'AUTH_TOKEN_INVALID',
      wrongAudience: 'AUTH_TOKEN_INVALID',
      unknownKid: 'AUTH_UNKNOWN_SIGNING_KEY',
      expiredBeyondTolerance: 'AUTH_TOKEN_EXPIRED',
      badSignature: 'AUTH_TOKEN_INVALID',
      noExpiry: 'AUTH_TOKEN_INVALID',
    };
    const forged = await forgedTokens(config);
    assert.deepEqual(Object.keys(forged).sort(), Object.keys(expected).sort());
    for (const [attack, token] of Object.entries(forged)) {
      const res = await me(token);
      assert.equal(res.status, 401, attack);
      assert.equal(((await res.json()) as { code: string }).code, expected[attack], attack);
    }
  });

  it('trusts a token it verified again only by its exact text: a changed signature is still refused', async () => {
    const token = await tokenFor(config, { sub: 'auth0|again', roles: ['sourcer'] });
    assert.equal((await me(token)).status, 200);
    assert.equal((await me(token)).status, 200, 'the second use, from the verified tokens');
    const [head, payload, signature] = token.split('.');
    const tampered = `${head}.${payload}.${signature.slice(0, -2)}${signature.endsWith('AA') ? 'BB' : 'AA'}`;
    const res = await me(tampered);
    assert.equal(res.status, 401);
    assert.equal(((await res.json()) as { code: string }).code, 'AUTH_TOKEN_INVALID');
  });

  it('accepts a token expired by less than the clock tolerance', async () => {
    const token = await tokenFor(config, { sub: 'auth0|skewed', roles: ['sourcer'] }, -Math.floor(config.AUTH_CLOCK_TOLERANCE_S / 2));
    assert.equal((await me(token)).status, 200);
  });

  it('keeps health and metrics public', async () => {
    assert.equal((await fetch(`${api.url}/health/live`)).status, 200);
    assert.equal((await fetch(`${api.url}/metrics`)).status, 200);
  });

  it('writes the user once, not on every request with the same claims', async () => {
    const token = await tokenFor(config, { sub: 'auth0|steady', roles: ['sourcer'], email: 'steady@example.test' });
    assert.equal((await me(token)).status, 200);
    const client = await MongoClient.connect(config.MONGODB_URI);
    try {
      const users = client.db().collection<{ sub: string; updatedAt: Date }>('users');
      const before = (await users.findOne({ sub: 'auth0|steady' }))?.updatedAt;
      await new Promise((resolve) => setTimeout(resolve, 20));
      for (let i = 0; i < 5; i++) assert.equal((await me(token)).status, 200);
      assert.deepEqual((await users.findOne({ sub: 'auth0|steady' }))?.updatedAt, before);
    } finally {
      await client.close();
    }
  });

  it('does not leak roles it does not know', async () => {
    const token = await tokenFor(config, { sub: 'auth0|odd', roles: ['sourcer', 'superuser' as never] });
    assert.deepEqual(((await (await me(token)).json()) as { roles: string[] }).roles, ['sourcer']);
  });

});

describe('users from claims', () => {
  it('follows a change of roles in the token at once', async () => {
    const config = testConfig('roles');
    const api = await startTestApi(config);
    try {
      const get = async (roles: ('employer' | 'admin')[]) => {
        const token = await tokenFor(config, { sub: 'auth0|promoted', roles });
        return ((await (await fetch(`${api.url}/v1/me`, { headers: { authorization: `Bearer ${token}` } })).json()) as { roles: string[] }).roles;
      };
      assert.deepEqual(await get(['employer']), ['employer']);
      assert.deepEqual(await get(['employer']), ['employer']);
      assert.deepEqual(await get(['admin']), ['admin']);
    } finally {
      await api.close();
    }
  });
});
