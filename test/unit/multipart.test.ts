// Multipart without the plugin's per-request hooks (no route gets one) and fields (no request gets
// one): a file still streams to the handler, isMultipart() still answers, and saving request files
// to disk (which those hooks would have cleaned up) is refused.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import Fastify from 'fastify';
import { registerMultipart } from '../../src/common/http/multipart.js';

const BOUNDARY = '----crowdhire-test';
const body = [`--${BOUNDARY}`, 'Content-Disposition: form-data; name="file"; filename="cv.txt"', 'Content-Type: text/plain', '', 'Ada Lovelace, analyst', `--${BOUNDARY}--`, ''].join('\r\n');

describe('multipart', () => {
  it('streams a file to the handler and refuses saving request files', async () => {
    const fastify = Fastify();
    await registerMultipart(fastify, { limits: { fileSize: 1024, files: 1 } });
    fastify.post('/upload', async (request) => {
      const part = await request.file();
      const text = (await part!.toBuffer()).toString('utf8');
      let refused = '';
      try {
        await request.saveRequestFiles();
      } catch (error) {
        refused = (error as Error).message;
      }
      return { text, refused, multipart: request.isMultipart() };
    });
    fastify.get('/plain', async (request) => ({ multipart: request.isMultipart(), fields: Reflect.ownKeys(request).map(String) }));
    const bare = Fastify();
    bare.get('/plain', async (request) => ({ fields: Reflect.ownKeys(request).map(String) }));
    const res = await fastify.inject({ method: 'POST', url: '/upload', headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` }, payload: body });
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(res.json(), { text: 'Ada Lovelace, analyst', refused: 'saveRequestFiles is not available: stream the file (request.file()) instead, as UploadsService does', multipart: true });
    const plain = await fastify.inject({ method: 'GET', url: '/plain' });
    assert.equal(plain.statusCode, 200);
    // Every request carries the same fields as on a Fastify without the plugin.
    assert.deepEqual(plain.json(), { multipart: false, fields: (await bare.inject({ method: 'GET', url: '/plain' })).json<{ fields: string[] }>().fields });
    // The plugin registered as is would add an onRequest and an onResponse hook to every route.
    assert.doesNotMatch(fastify.printRoutes({ includeHooks: true, commonPrefix: false }), /onRequest|onResponse|preValidation/);
    await fastify.close();
    await bare.close();
  });
});
