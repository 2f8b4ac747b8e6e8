// The request hooks' own pieces (http-hooks.ts, cors.ts, fastify-internals.ts) on a bare Fastify
// server: request ids are RFC 9562 UUIDv8 and never repeat, an answer carries its fixed headers
// and the request id and keeps headers an earlier hook set, the metrics see the route's pattern
// (or "unmatched"), and only an API that allows some origin says its answers vary by Origin.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import Fastify from 'fastify';
import { routeUrlOf, setReplyHeaders } from '../../src/common/http/fastify-internals.js';
import { genReqId, installHttpHooks, requestIds } from '../../src/common/http/http-hooks.js';
import { API_HEADERS } from '../../src/common/http/security-headers.js';
import { MetricsService } from '../../src/common/metrics/metrics.service.js';

const UUID_V8 = /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('request ids', () => {
  it('are UUIDv8: a random prefix per process, then a sequence; no two alike', () => {
    const next = requestIds();
    const ids = Array.from({ length: 5000 }, () => next());
    for (const id of ids) assert.match(id, UUID_V8);
    assert.equal(new Set(ids).size, ids.length);
    assert.equal(new Set(ids.map((id) => id.slice(0, 24))).size, 1, 'one prefix per generator');
    assert.deepEqual(ids.slice(0, 3).map((id) => id.slice(24)), ['000000000000', '000000000001', '000000000002']);
    const other = requestIds()();
    assert.notEqual(other.slice(0, 24), ids[0].slice(0, 24), 'another process draws another prefix');
  });

  it('keeps a well-formed incoming id and replaces a malformed one', () => {
    const req = (id?: string) => ({ headers: id === undefined ? {} : { 'x-request-id': id } }) as never;
    assert.equal(genReqId(req('trace-abc.123')), 'trace-abc.123');
    assert.match(genReqId(req('bad id')), UUID_V8);
    assert.match(genReqId(req()), UUID_V8);
  });
});

async function server(corsOrigins: string[]) {
  const fastify = Fastify({ genReqId: (req) => genReqId(req as never) });
  const metrics = new MetricsService();
  // A hook that runs before ours: what it set must survive ours.
  fastify.addHook('onRequest', (_request, reply, done) => {
    void reply.header('x-earlier', 'kept');
    done();
  });
  installHttpHooks(fastify, metrics, { corsOrigins, corsMaxAgeSeconds: 600 });
  const seen: (string | undefined)[] = [];
  fastify.get('/things/:id', (request) => {
    seen.push(routeUrlOf(request));
    return { ok: true };
  });
  await fastify.ready();
  return { fastify, metrics, seen };
}

describe('request hooks', () => {
  it('send the security headers and the request id on every answer, and keep headers set before them', async () => {
    const { fastify, seen } = await server([]);
    const res = await fastify.inject({ url: '/things/1' });
    for (const [name, value] of Object.entries(API_HEADERS)) assert.equal(res.headers[name], value, name);
    assert.match(String(res.headers['x-request-id']), UUID_V8);
    assert.equal(res.headers['x-earlier'], 'kept');
    assert.deepEqual(seen, ['/things/:id']);
    const missing = await fastify.inject({ url: '/nothing' });
    assert.equal(missing.statusCode, 404);
    assert.equal(missing.headers['x-content-type-options'], 'nosniff');
    await fastify.close();
  });

  it('count each answer under its route pattern, and unmatched URLs under "unmatched"', async () => {
    const { fastify, metrics } = await server([]);
    await fastify.inject({ url: '/things/1' });
    await fastify.inject({ url: '/things/2' });
    await fastify.inject({ url: '/nothing' });
    const text = await metrics.registry.metrics();
    assert.match(text, /http_request_duration_seconds_count\{route="\/things\/:id",method="GET",status="200"\} 2/);
    assert.match(text, /http_request_duration_seconds_count\{route="unmatched",method="GET",status="404"\} 1/);
    await fastify.close();
  });

  it('say an answer varies by Origin only when some origin is allowed; a preflight always does', async () => {
    const closed = await server([]);
    const plain = await closed.fastify.inject({ url: '/things/1', headers: { origin: 'https://app.example' } });
    assert.equal(plain.headers.vary, undefined);
    assert.equal(plain.headers['access-control-allow-origin'], undefined);
    const preflight = await closed.fastify.inject({ method: 'OPTIONS', url: '/things/1', headers: { origin: 'https://app.example', 'access-control-request-method': 'GET' } });
    assert.equal(preflight.headers.vary, 'Origin, Access-Control-Request-Headers');
    await closed.fastify.close();

    const open = await server(['https://app.example']);
    const allowed = await open.fastify.inject({ url: '/things/1', headers: { origin: 'https://app.example' } });
    assert.equal(allowed.headers.vary, 'Origin');
    assert.equal(allowed.headers['access-control-allow-origin'], 'https://app.example');
    const other = await open.fastify.inject({ url: '/things/1', headers: { origin: 'https://evil.example' } });
    assert.equal(other.headers.vary, 'Origin', 'the answer another origin gets differs, so it varies too');
    assert.equal(other.headers['access-control-allow-origin'], undefined);
    await open.fastify.close();
  });

  it('setReplyHeaders gives a reply the fixed set and one more header', async () => {
    const fastify = Fastify();
    fastify.get('/', (_request, reply) => {
      setReplyHeaders(reply, { 'x-a': '1', 'x-b': '2' }, 'x-c', '3');
      return 'ok';
    });
    const res = await fastify.inject({ url: '/' });
    assert.deepEqual([res.headers['x-a'], res.headers['x-b'], res.headers['x-c']], ['1', '2', '3']);
    await fastify.close();
  });
});
