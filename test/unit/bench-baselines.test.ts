// bench/http.bench.ts splits the API's figure on the trivial route into its per-request work and
// the size of the application, with a one-route baseline built with the API's request path
// (src/bootstrap/request-path.ts). That split is only true if the baseline's requests pass
// through what the API's do: its headers and request ids, its error shape, its URL limit.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { serve, type Served } from '../../bench/support.js';
import { API_HEADERS } from '../../src/common/http/security-headers.js';

describe("the http benchmark's request-path baseline", () => {
  let server: Served;
  before(async () => {
    // Its configuration is read as the API's is; nothing here connects to these addresses.
    server = await serve('bench/minimal-nest-server.js', { MONGODB_URI: 'mongodb://127.0.0.1:9/unused', REDIS_URL: 'redis://127.0.0.1:9' }, ['{port}', 'request-path']);
  });
  after(() => server?.stop());

  it('answers its one route with the headers every API answer carries', async () => {
    const res = await fetch(`${server.url}/health/live`);
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { status: 'ok' });
    for (const [name, value] of Object.entries(API_HEADERS)) assert.equal(res.headers.get(name), value, name);
    assert.match(res.headers.get('x-request-id') ?? '', /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it("refuses as the API does: its error shape, its URL limit", async () => {
    const missing = await fetch(`${server.url}/health/nothing`);
    assert.equal(missing.status, 404);
    const body = (await missing.json()) as { code: string; requestId: string };
    assert.equal(body.code, 'ROUTE_NOT_FOUND');
    assert.equal(body.requestId, missing.headers.get('x-request-id'));
    const long = await fetch(`${server.url}/health/live?q=${'a'.repeat(9000)}`);
    assert.equal(long.status, 414);
    assert.equal(((await long.json()) as { code: string }).code, 'URI_TOO_LONG');
  });
});
