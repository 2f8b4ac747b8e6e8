// What an attacker or a broken client sends, and what an operator sees when a dependency
// fails: every answer is a 4xx or 503 in the one error shape, never a 500, never an echo of
// the request; and what production must not expose by default is not exposed.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { freePort, startRedisServer } from '../../src/infra/embedded/redis-server.js';
import { startTestApi, type TestApi } from '../support/apps.js';
import { testConfig } from '../support/env.js';
import { FakeStripe, signedEvent } from '../support/fake-stripe.js';
import { Sessions } from '../support/session.js';

/** Sends raw bytes and returns the status line and body of the answer (or '' if none came). */
function raw(url: string, payload: string, endWrite = false): Promise<{ status: number; body: string }> {
  return new Promise((resolve) => {
    const socket = net.connect(Number(new URL(url).port), '127.0.0.1', () => (endWrite ? socket.end(payload) : socket.write(payload)));
    let data = '';
    const timer = setTimeout(() => socket.destroy(), 5_000);
    socket.on('data', (chunk) => (data += chunk.toString()));
    socket.on('close', () => {
      clearTimeout(timer);
      const [head, ...body] = data.split('\r\n\r\n');
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0), body: body.join('\r\n\r\n') });
    });
    socket.on('error', () => undefined);
  });
}

const shape = (body: string) => {
  const parsed = JSON.parse(body.trim().split('\r\n').filter((l) => l.startsWith('{')).join('') || body) as { code: string; message: string; requestId: string };
  assert.ok(parsed.code && parsed.message && parsed.requestId, `the error shape: ${body}`);
  return parsed;
};

describe('hostile input', () => {
  let api: TestApi;
  let sessions: Sessions;

  before(async () => {
    const config = testConfig('hostile');
    api = await startTestApi(config);
    sessions = new Sessions(config, api.url);
  });
  after(() => api?.close());

  it('refuses JSON nested 50,000 levels deep with 400 BODY_TOO_DEEP', async () => {
    const sourcer = await sessions.asSourcer();
    const deep = `${'{"a":'.repeat(50_000)}1${'}'.repeat(50_000)}`;
    const res = await sourcer.post('/v1/candidates', deep);
    assert.equal(res.status, 400);
    assert.equal(res.body.code, 'BODY_TOO_DEEP');
    const array = `{"name":"x","skills":${'['.repeat(40)}${']'.repeat(40)}}`;
    assert.equal((await sourcer.post('/v1/candidates', array)).body.code, 'BODY_TOO_DEEP');
  });

  it('answers empty and tiny uploads and a multipart body that ends early with 4xx', async () => {
    const sourcer = await sessions.asSourcer();
    const candidate = (await sourcer.post('/v1/candidates', { name: 'Tiny Files' })).body;
    const send = async (bytes: Uint8Array) => {
      const form = new FormData();
      form.append('file', new Blob([bytes]), 'cv.pdf');
      const res = await fetch(`${api.url}/v1/candidates/${candidate.id}/cv`, { method: 'POST', body: form, headers: { authorization: `Bearer ${sourcer.token}` } });
      return { status: res.status, code: ((await res.json()) as { code: string }).code };
    };
    assert.deepEqual(await send(new Uint8Array(0)), { status: 400, code: 'FILE_EMPTY' });
    for (const n of [1, 2, 3]) assert.deepEqual(await send(new Uint8Array(n)), { status: 415, code: 'UNSUPPORTED_FILE_TYPE' }, `${n} bytes`);
    assert.deepEqual(await send(Buffer.from('PK\x03')), { status: 415, code: 'UNSUPPORTED_FILE_TYPE' });

    const body = '--XX\r\nContent-Disposition: form-data; name="file"; filename="cv.txt"\r\nContent-Type: text/plain\r\n\r\nhello world, and then nothing';
    const truncated = await raw(api.url, `POST /v1/candidates/${candidate.id}/cv HTTP/1.1\r\nHost: x\r\nConnection: close\r\nAuthorization: Bearer ${sourcer.token}\r\nContent-Type: multipart/form-data; boundary=XX\r\nContent-Length: ${body.length}\r\n\r\n${body}`);
    assert.equal(truncated.status, 400);
    assert.equal(shape(truncated.body).code, 'MULTIPART_INVALID');
  });

  it('takes one CV per request in the part named "file": a second file or another name is a 400, and nothing is stored', async () => {
    const sourcer = await sessions.asSourcer();
    const candidate = (await sourcer.post('/v1/candidates', { name: 'Two Files' })).body;
    const send = async (parts: [string, string][]) => {
      const form = new FormData();
      for (const [field, name] of parts) form.append(field, new Blob([`Skills: TypeScript, ${name}`]), name);
      const res = await fetch(`${api.url}/v1/candidates/${candidate.id}/cv`, { method: 'POST', body: form, headers: { authorization: `Bearer ${sourcer.token}` } });
      return { status: res.status, code: ((await res.json()) as { code?: string }).code };
    };
    assert.deepEqual(await send([['file', 'a.txt'], ['file', 'b.txt']]), { status: 400, code: 'TOO_MANY_FILES' });
    assert.deepEqual(await send([['file', 'a.txt'], ['other', 'b.txt']]), { status: 400, code: 'TOO_MANY_FILES' });
    assert.deepEqual(await send([['cv', 'a.txt']]), { status: 400, code: 'FILE_REQUIRED' });
    const admin = await sessions.asAdmin();
    assert.equal((await admin.get(`/v1/admin/uploads?candidateId=${candidate.id}`)).body.items.length, 0, 'no upload was recorded');
    assert.deepEqual(await send([['file', 'a.txt']]), { status: 202, code: undefined });
  });

  it('searches for control characters (a NUL byte above all) as literal text, never a 500', async () => {
    const { employer } = await sessions.makeCompany();
    const sourcer = await sessions.asSourcer();
    await sourcer.post('/v1/candidates', { name: 'Ber Lin' });
    for (const [who, path] of [[sourcer, '/v1/jobs?location=%00'], [sourcer, '/v1/jobs?location=Ber%00lin'], [sourcer, '/v1/candidates?q=%00'], [sourcer, '/v1/candidates?q=Ber%00'], [employer, '/v1/jobs?location=%07']] as const) {
      const res = await who.get(path);
      assert.equal(res.status, 200, `${path}: ${JSON.stringify(res.body)}`);
      assert.deepEqual(res.body.items, [], path);
    }
    assert.equal((await sourcer.get('/v1/candidates?q=Ber')).body.items.length, 1, 'an ordinary search still finds');
  });

  it('refuses text that is not well-formed Unicode (a lone surrogate) with 400 MALFORMED_TEXT, and stores nothing', async () => {
    const sourcer = await sessions.asSourcer();
    // JSON.stringify writes a lone surrogate as the JSON escape "\ud800", which JSON.parse turns back into one.
    const created = await sourcer.post('/v1/candidates', { name: 'Lone Surrogate', contact: { email: '\ud800@example.com' } });
    assert.deepEqual([created.status, created.body.code, created.body.details], [400, 'MALFORMED_TEXT', { field: 'contact.email' }]);
    assert.equal((await sourcer.get('/v1/candidates?q=Lone')).body.items.length, 0, 'nothing was stored');
    const candidate = (await sourcer.post('/v1/candidates', { name: 'Zoë 🚀' })).body;
    const patched = await sourcer.patch(`/v1/candidates/${candidate.id}`, { contact: { email: 'a@example.com', links: ['https://x.example/\udc00'] } });
    assert.deepEqual([patched.status, patched.body.code], [400, 'MALFORMED_TEXT']);
    assert.equal((await sourcer.get(`/v1/candidates/${candidate.id}`)).body.name, 'Zoë 🚀', 'paired surrogates (emoji) are fine');
  });

  it('answers an over-long path parameter with 414 and oversized headers with 431, in the error shape, without echoing them', async () => {
    const long = 'x'.repeat(500);
    const tooLong = await raw(api.url, `GET /v1/jobs/${long} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
    assert.equal(tooLong.status, 414);
    assert.equal(shape(tooLong.body).code, 'URI_TOO_LONG');
    assert.ok(!tooLong.body.includes(long), 'the URL is not echoed');

    const longUrl = await raw(api.url, `GET /v1/jobs?q=${'y'.repeat(9_000)} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
    assert.equal(longUrl.status, 414);
    assert.equal(shape(longUrl.body).code, 'URI_TOO_LONG');

    const headers = await raw(api.url, `GET /v1/jobs HTTP/1.1\r\nHost: x\r\nX-Big: ${'z'.repeat(20_000)}\r\nConnection: close\r\n\r\n`);
    assert.equal(headers.status, 431);
    assert.equal(shape(headers.body).code, 'HEADERS_TOO_LARGE');
    assert.ok(!headers.body.includes('zzzz'));

    const garbage = await raw(api.url, 'NOT HTTP AT ALL\r\n\r\n', true);
    assert.equal(garbage.status, 400);
    assert.equal(shape(garbage.body).code, 'BAD_REQUEST');
  });
});

describe('production defaults', () => {
  const production = { NODE_ENV: 'production', AUTH_DEV_IDP: 'false', AUTH_JWKS_URI: 'http://127.0.0.1:9/jwks.json', FINGERPRINT_SECRET: 'a-production-secret-of-at-least-32-chars' };

  it('keeps /metrics, /docs and /openapi.json private unless configured', async () => {
    const closed = await startTestApi(testConfig('prodclosed', production));
    const open = await startTestApi(testConfig('prodopen', { ...production, METRICS_TOKEN: 'a-metrics-token-0123456789', API_DOCS_ENABLED: 'true' }));
    try {
      for (const p of ['/metrics', '/docs', '/openapi.json']) assert.equal((await fetch(`${closed.url}${p}`)).status, 404, p);
      assert.equal((await fetch(`${open.url}/metrics`)).status, 401, 'a token is needed');
      assert.equal((await fetch(`${open.url}/metrics`, { headers: { authorization: 'Bearer wrong-token-wrong-token' } })).status, 401);
      assert.equal((await fetch(`${open.url}/metrics`, { headers: { authorization: 'Bearer a-metrics-token-0123456789' } })).status, 200);
      assert.equal((await fetch(`${open.url}/openapi.json`)).status, 200, 'docs when asked for');
    } finally {
      await Promise.all([closed.close(), open.close()]);
    }
  });
});

describe('Stripe events with any keys', () => {
  it('accepts a validly signed event holding a key that starts with $ (Stripe would retry a 400 for days)', async () => {
    const fake = new FakeStripe();
    await fake.start();
    const api = await startTestApi(testConfig('stripedollar', fake.env()));
    try {
      const event = signedEvent('customer.updated', { id: 'cus_1', object: 'customer', metadata: { $weird: 'value' } });
      const res = await fetch(`${api.url}/v1/payments/stripe/webhook`, { method: 'POST', headers: { 'content-type': 'application/json', 'stripe-signature': event.header }, body: event.payload });
      assert.equal(res.status, 200, await res.text());
      const forged = await fetch(`${api.url}/v1/payments/stripe/webhook`, { method: 'POST', headers: { 'content-type': 'application/json', 'stripe-signature': 't=1,v1=00' }, body: event.payload });
      assert.equal(forged.status, 400, 'the signature is still checked');
    } finally {
      await api.close();
      await fake.stop();
    }
  });
});

describe('Redis outages', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crowdhire-redis-outage-'));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('answers 503 REDIS_UNAVAILABLE while Redis is down, and recovers when it is back', async () => {
    let redis = await startRedisServer({ directory: dir, persistent: false });
    const config = testConfig('redisdown', { REDIS_URL: redis.url });
    const api = await startTestApi(config);
    const sourcer = await new Sessions(config, api.url).asSourcer();
    try {
      assert.equal((await sourcer.get('/v1/me')).status, 200);
      await redis.stop();
      for (const p of ['/v1/me', '/v1/jobs', '/v1/candidates']) {
        const res = await sourcer.get(p);
        assert.equal(res.status, 503, `${p}: ${JSON.stringify(res.body)}`);
        assert.equal(res.body.code, 'REDIS_UNAVAILABLE');
        assert.equal(res.headers.get('retry-after'), '1');
      }
      redis = await startRedisServer({ directory: dir, persistent: false, port: redis.port });
      const back = await (async () => {
        for (let i = 0; i < 50; i++) {
          const res = await sourcer.get('/v1/me');
          if (res.status === 200) return res;
          assert.equal(res.status, 503);
          await new Promise((r) => setTimeout(r, 100));
        }
        return null;
      })();
      assert.ok(back, 'the API recovered once Redis was back');
    } finally {
      await api.close();
      await redis.stop();
    }
  });

  it('starts against a Redis that is not up yet, and no request ever gets a 500', async () => {
    const port = await freePort();
    const config = testConfig('redislate', { REDIS_URL: `redis://127.0.0.1:${port}` });
    const starting = startTestApi(config);
    await new Promise((r) => setTimeout(r, 1_500));
    const redis = await startRedisServer({ directory: dir, persistent: false, port });
    const api = await starting;
    try {
      const sourcer = await new Sessions(config, api.url).asSourcer();
      const statuses = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? sourcer.get('/v1/me') : sourcer.get('/v1/jobs')).then((r) => r.status)));
      assert.deepEqual([...new Set(statuses)], [200], `statuses right after start: ${statuses}`);
    } finally {
      await api.close();
      await redis.stop();
    }
  });
});
