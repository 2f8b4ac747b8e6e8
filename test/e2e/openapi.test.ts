// The OpenAPI document is complete and clean: every operation has a summary, its success
// response with a schema, its error statuses in the one error shape, pagination parameters on
// every list, and its security requirement; and Spectral (OpenAPI and OWASP rules) finds no
// error. Warnings are printed; the ones we accept are switched off, with why, in the ruleset.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createClient } from '@hey-api/openapi-ts';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { after, before, describe, it } from 'node:test';
import { Document, Spectral } from '@stoplight/spectral-core';
import spectralParsers from '@stoplight/spectral-parsers';
import { startTestApi, type TestApi } from '../support/apps.js';
import { testConfig } from '../support/env.js';
import { ruleset } from '../support/spectral-ruleset.js';

/** The dashboard's generated API client (types and an SDK); `npm run openapi:client` rewrites it. */
const CLIENT_DIR = fileURLToPath(new URL('../../../apps/admin/src/api-client/', import.meta.url));

/** Every file under `dir`, by relative path, with its text. */
function filesOf(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const visit = (at: string) => {
    for (const entry of fs.readdirSync(at, { withFileTypes: true })) {
      const full = path.join(at, entry.name);
      if (entry.isDirectory()) visit(full);
      else out[path.relative(dir, full)] = fs.readFileSync(full, 'utf8');
    }
  };
  if (fs.existsSync(dir)) visit(dir);
  return out;
}

type Operation = { operationId: string; summary?: string; security?: unknown[]; parameters?: { name: string; in: string }[]; responses: Record<string, { content?: Record<string, { schema?: unknown }>; $ref?: string }> };

describe('OpenAPI document', () => {
  let api: TestApi;
  let document: { paths: Record<string, Record<string, Operation>>; components: { responses: Record<string, { content: Record<string, { schema: unknown }> }> } };

  before(async () => {
    api = await startTestApi(testConfig('openapi'));
    document = (await (await fetch(`${api.url}/openapi.json`)).json()) as typeof document;
  });
  after(async () => api?.close());

  const operations = () => Object.entries(document.paths).flatMap(([path, item]) => Object.entries(item).map(([method, op]) => ({ path, method, op })));

  it('gives every operation a summary, a success response with its schema, error statuses and security', () => {
    assert.ok(operations().length >= 54);
    for (const { path, method, op } of operations()) {
      const where = `${method.toUpperCase()} ${path}`;
      assert.ok(op.summary && op.summary.length > 5, `${where}: summary`);
      const success = Object.keys(op.responses).filter((s) => Number(s) < 300);
      assert.equal(success.length, 1, `${where}: one success status`);
      // JSON, except a file download (the audit log's CSV), which names its own type.
      const type = where === 'GET /v1/admin/audit/export' ? 'text/csv' : 'application/json';
      if (success[0] !== '204') assert.ok(op.responses[success[0]].content?.[type]?.schema, `${where}: success schema (${type})`);
      // Only the liveness probe cannot fail: it reads nothing and takes no input.
      if (path !== '/health/live') assert.ok(Object.keys(op.responses).some((s) => Number(s) >= 400), `${where}: error statuses`);
      for (const [status, response] of Object.entries(op.responses)) {
        if (Number(status) < 400) continue;
        const resolved = response.$ref ? document.components.responses[response.$ref.split('/').pop()!] : response;
        assert.ok(JSON.stringify(resolved.content?.['application/json']?.schema).includes('#/components/schemas/ErrorBody'), `${where} ${status}: the error shape`);
      }
      assert.ok(Array.isArray(op.security), `${where}: security`);
    }
  });

  it('gives every request and response body an example that its own schema accepts', () => {
    const ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false });
    addFormats.default(ajv);
    ajv.addFormat('binary', true);
    ajv.addSchema(document as never, 'openapi');
    const bodies: { where: string; pointer: string; example: unknown }[] = [];
    const escape = (part: string) => part.replaceAll('~', '~0').replaceAll('/', '~1');
    for (const [path, item] of Object.entries(document.paths)) {
      for (const [method, op] of Object.entries(item) as [string, Operation & { requestBody?: { content: Record<string, { example?: unknown }> } }][]) {
        const at = `paths/${escape(path)}/${method}`;
        for (const [type, body] of Object.entries(op.requestBody?.content ?? {})) bodies.push({ where: `${method.toUpperCase()} ${path} request`, pointer: `${at}/requestBody/content/${escape(type)}`, example: body.example });
        for (const [status, response] of Object.entries(op.responses)) {
          for (const [type, body] of Object.entries(response.content ?? {})) bodies.push({ where: `${method.toUpperCase()} ${path} ${status}`, pointer: `${at}/responses/${status}/content/${escape(type)}`, example: (body as { example?: unknown }).example });
        }
      }
    }
    for (const [name, response] of Object.entries(document.components.responses)) {
      for (const [type, body] of Object.entries(response.content)) bodies.push({ where: `response ${name}`, pointer: `components/responses/${name}/content/${escape(type)}`, example: (body as { example?: unknown }).example });
    }
    assert.ok(bodies.length > 60, `${bodies.length} bodies`);
    for (const { where, pointer, example } of bodies) {
      assert.notEqual(example, undefined, `${where}: an example`);
      if (pointer.includes('multipart')) continue;
      const validate = ajv.compile({ $ref: `openapi#/${pointer}/schema` });
      assert.ok(validate(example), `${where}: the example matches its schema: ${JSON.stringify(validate.errors?.slice(0, 3))} ${JSON.stringify(example).slice(0, 300)}`);
    }
  });

  it('documents the cursor parameters on every list and the development token route', () => {
    for (const path of ['/v1/jobs', '/v1/candidates', '/v1/submissions', '/v1/companies', '/v1/admin/uploads', '/v1/admin/payments/events']) {
      const names = (document.paths[path].get.parameters ?? []).map((p) => p.name);
      assert.ok(names.includes('limit') && names.includes('cursor'), `${path}: ${names.join(', ')}`);
    }
    assert.ok(document.paths['/dev-idp/token']?.post, 'the development token route, in development');
    // The events we send to employers' endpoints, with the Standard Webhooks headers.
    const webhooks = (document as unknown as { webhooks: Record<string, { post: { parameters: { name: string }[] } }> }).webhooks;
    assert.deepEqual(Object.keys(webhooks).sort(), ['credits.granted', 'credits.low', 'job.matches_ready', 'submission.delivered', 'submission.moved', 'webhook.endpoint_disabled']);
    assert.deepEqual(webhooks['submission.delivered'].post.parameters.map((p) => p.name), ['webhook-id', 'webhook-timestamp', 'webhook-signature']);
    assert.deepEqual(document.paths['/dev-idp/token'].post.security, []);
    assert.deepEqual(document.paths['/v1/jobs'].get.security, [{ bearer: [] }]);
    assert.deepEqual(document.paths['/v1/admin/uploads'].get.security, [{ admin: [] }]);
  });

  it('generates the dashboard\'s client from the document; the committed one is up to date', async () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'crowdhire-client-'));
    try {
      await createClient({ input: structuredClone(document) as never, output: { path: out }, plugins: ['@hey-api/client-fetch', '@hey-api/typescript', '@hey-api/sdk'], logs: { level: 'silent' } });
      const generated = filesOf(out);
      assert.ok(generated['types.gen.ts']?.includes('JobView'), 'types for the views');
      if (process.env.UPDATE_CLIENT === '1') {
        fs.rmSync(CLIENT_DIR, { recursive: true, force: true });
        fs.cpSync(out, CLIENT_DIR, { recursive: true });
      }
      assert.deepEqual(Object.keys(filesOf(CLIENT_DIR)).sort(), Object.keys(generated).sort(), 'apps/admin/src/api-client is stale: run npm run openapi:client');
      for (const [file, text] of Object.entries(generated)) assert.equal(filesOf(CLIENT_DIR)[file], text, `apps/admin/src/api-client/${file} is stale: run npm run openapi:client`);
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  });

  it('passes Spectral with the OpenAPI and OWASP rulesets: no errors', async () => {
    const spectral = new Spectral();
    spectral.setRuleset(ruleset as never);
    const results = await spectral.run(new Document(JSON.stringify(document), spectralParsers.Json));
    const severity = ['error', 'warning', 'info', 'hint'];
    const lines = results.map((r) => `${severity[r.severity]} ${r.code} ${r.path.join('.')}: ${r.message}`);
    // The warnings, by rule (each is justified in the ruleset); errors in full below.
    const byRule = new Map<string, number>();
    for (const r of results) byRule.set(`${severity[r.severity]} ${r.code}`, (byRule.get(`${severity[r.severity]} ${r.code}`) ?? 0) + 1);
    if (byRule.size > 0) process.stderr.write(`[spectral] ${[...byRule].map(([rule, n]) => `${rule}: ${n}`).join('; ')}\n`);
    assert.deepEqual(lines.filter((l) => l.startsWith('error')), []);
  });
});
