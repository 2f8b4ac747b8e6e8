// Bad input on every operation of the OpenAPI document, as admin, employer and sourcer: bad
// path parameters, bad query values and a bad value in each body field (null, wrong types,
// huge, deep, a NUL, a lone surrogate, an operator). Each answer must be a documented 4xx (the
// contract checker of test/support/contract.ts reads every one), never a 5xx; and each
// operation must have been reached past its role check (and any 503) at least once, or the run
// proves nothing.
// Payments are on (against the Stripe fake), so their routes get past their 503 too.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { OpenAPIObject } from '@nestjs/swagger';
import { openApiDocument } from '../../src/bootstrap/create-api.js';
import { startTestApi, type TestApi } from '../support/apps.js';
import { testConfig } from '../support/env.js';
import { makeCandidate, makeJob, submit } from '../support/factories.js';
import { FakeStripe } from '../support/fake-stripe.js';
import { type Session, Sessions } from '../support/session.js';

type Schema = { $ref?: string; type?: string; enum?: unknown[]; properties?: Record<string, Schema>; items?: Schema; oneOf?: Schema[]; anyOf?: Schema[]; allOf?: Schema[]; format?: string; minimum?: number };
type Operation = { parameters?: { name: string; in: string }[]; requestBody?: { content?: Record<string, { schema?: Schema }> } };

const junkCursor = (json: string) => Buffer.from(json).toString('base64url');
const BAD_BODY_VALUES: unknown[] = [null, -1, true, '', 'x'.repeat(20_000), [], {}, [[null]], { $gt: '' }, '\u0000', '\ud800', { a: { b: { c: [[{}]] } } }];
const BAD_QUERY_VALUES = ['', '-1', 'abc', '%00', '%ff', '1e309', 'a'.repeat(3_000), '%7B%22%24gt%22%3A%22%22%7D', junkCursor('{"id":{"$gt":""}}'), junkCursor('[null,"x"]')];
const BAD_PATH_VALUES = ['x', '%00', 'a'.repeat(300), '%ff', '..%2f..%2fetc'];

describe('bad input on every operation', () => {
  let api: TestApi;
  let stripe: FakeStripe;
  let doc: OpenAPIObject;
  let sessions: Session[];
  const ids: Record<string, string> = {};

  before(async () => {
    stripe = new FakeStripe();
    await stripe.start();
    const config = testConfig('everyop', { ...stripe.env(), RATE_LIMIT_MAX: '100000000', RATE_LIMIT_UPLOADS_MAX: '100000000' });
    api = await startTestApi(config);
    doc = openApiDocument(api.app, config);
    const factory = new Sessions(config, api.url);
    const admin = await factory.asAdmin();
    const company = await factory.makeCompany();
    const sourcer = await factory.asSourcer();
    const job = await makeJob(company.employer);
    const candidate = await makeCandidate(sourcer);
    const submission = await submit(sourcer, job.id, candidate.id);
    Object.assign(ids, { company: company.id, job: job.id, candidate: candidate.id, submission: submission.id, user: company.employer.sub });
    sessions = [admin, company.employer, sourcer];
  });
  after(async () => {
    await api?.close();
    await stripe?.stop();
  });

  function resolve(schema: Schema | undefined): Schema | undefined {
    let s = schema;
    while (s?.$ref) s = s.$ref.split('/').slice(1).reduce<any>((node, key) => node[key], doc) as Schema;
    if (s?.allOf?.length === 1) return resolve(s.allOf[0]);
    return s;
  }

  /** A plausible value for a schema, so that one bad field is the only thing wrong. */
  function sample(schema: Schema | undefined, depth = 0): unknown {
    const s = resolve(schema);
    if (!s || depth > 4) return 'x';
    if (s.enum) return s.enum[0];
    if (s.oneOf ?? s.anyOf) return sample((s.oneOf ?? s.anyOf)![0], depth + 1);
    switch (s.type) {
      case 'object': return Object.fromEntries(Object.entries(s.properties ?? {}).map(([k, v]) => [k, sample(v, depth + 1)]));
      case 'array': return [sample(s.items, depth + 1)];
      case 'integer': case 'number': return s.minimum ?? 1;
      case 'boolean': return true;
      default: return s.format === 'email' ? 'a@example.com' : s.format === 'uri' ? 'https://example.com/x' : s.format === 'date-time' ? '2026-01-01T00:00:00Z' : 'Go';
    }
  }

  /** The path with real ids (the resource each parameter names), but for those in `bad`. */
  function realPath(path: string, bad: Record<string, string> = {}): string {
    return path.replace(/\{(\w+)\}/g, (_, name: string) => {
      if (name in bad) return bad[name];
      if (name === 'queue') return 'files';
      if (name === 'userId') return encodeURIComponent(ids.user);
      if (path.startsWith('/v1/jobs/')) return ids.job;
      if (path.startsWith('/v1/candidates/')) return ids.candidate;
      if (path.startsWith('/v1/companies/')) return ids.company;
      if (path.includes('/submissions/')) return ids.submission;
      return ids.job;
    });
  }

  it('answers each with a documented 4xx, never a 5xx, and reaches every operation past its role check', async (t) => {
    const failures: string[] = [];
    const reached = new Map<string, number>();
    let sent = 0;
    const send = async (label: string, method: string, path: string, body?: unknown) => {
      await Promise.all(sessions.map(async (session) => {
        sent++;
        try {
          const res = await session.request(method, path, body);
          if (res.status >= 500) failures.push(`${res.status} ${method} ${path.slice(0, 120)} ${JSON.stringify(body)?.slice(0, 120) ?? ''}: ${JSON.stringify(res.body).slice(0, 200)}`);
          if (![401, 403, 503].includes(res.status)) reached.set(label, (reached.get(label) ?? 0) + 1);
        } catch (error) {
          failures.push(`${method} ${path.slice(0, 120)}: ${(error as Error).message}`);
        }
      }));
    };
    const operations: string[] = [];
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const [verb, op] of Object.entries(item as Record<string, Operation>)) {
        if (!['get', 'post', 'put', 'patch', 'delete'].includes(verb)) continue;
        const method = verb.toUpperCase();
        const label = `${method} ${path}`;
        operations.push(label);
        const json = op.requestBody?.content?.['application/json']?.schema;
        const body = method === 'GET' || method === 'DELETE' ? undefined : json ? sample(json) : undefined;
        // One bad parameter at a time, the others real (so a DELETE never finds what it names).
        for (const [, name] of path.matchAll(/\{(\w+)\}/g)) for (const bad of BAD_PATH_VALUES) await send(label, method, realPath(path, { [name]: bad }), body);
        // A DELETE with real ids would delete what the rest of the run uses.
        if (method === 'DELETE') continue;
        await send(label, method, realPath(path), body);
        for (const query of (op.parameters ?? []).filter((p) => p.in === 'query')) {
          for (const bad of BAD_QUERY_VALUES) await send(label, method, `${realPath(path)}?${query.name}=${bad}`, body);
          // Given twice, a parameter reaches the handler as an array.
          await send(label, method, `${realPath(path)}?${query.name}=1&${query.name}=2`, body);
        }
        const schema = resolve(json);
        if (!schema) continue;
        for (const whole of [null, [], 'text', 1]) await send(label, method, realPath(path), JSON.stringify(whole));
        const base = sample(schema) as Record<string, unknown>;
        for (const [field, fieldSchema] of Object.entries(schema.properties ?? {})) {
          const inner = resolve(fieldSchema);
          for (const bad of BAD_BODY_VALUES) {
            await send(label, method, realPath(path), { ...base, [field]: bad });
            const nested = inner?.type === 'object' ? inner : inner?.type === 'array' && resolve(inner.items)?.type === 'object' ? resolve(inner.items) : undefined;
            for (const key of Object.keys(nested?.properties ?? {})) {
              const element = { ...(sample(nested) as object), [key]: bad };
              await send(label, method, realPath(path), { ...base, [field]: inner?.type === 'array' ? [element] : element });
            }
          }
        }
      }
    }
    t.diagnostic(`${sent} requests on ${operations.length} operations`);
    assert.ok(operations.length >= 60, `the document lists ${operations.length} operations`);
    assert.deepEqual(failures, [], `${failures.length} of ${sent} requests`);
    assert.deepEqual(operations.filter((op) => !reached.has(op)), [], 'operations every session was refused on (401, 403) or that were unavailable (503)');
  });
});
