// The API contract, checked on every response: while a test API runs, each `fetch` to it is
// compared with the OpenAPI document that API serves. A status the operation does not document,
// an error code its status does not list, a field its schema does not name, or a missing
// required one fails the request (the fetch rejects), and so the test that made it.
// Routes outside the document (unknown paths, /metrics, the dashboard, Stripe's webhook) and
// HEAD requests are not checked.
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { OpenAPIObject } from '@nestjs/swagger';

type Json = Record<string, unknown>;

interface Route {
  pattern: RegExp;
  path: string;
}

const pointer = (...parts: string[]) => parts.map((p) => p.replaceAll('~', '~0').replaceAll('/', '~1')).join('/');

export class ContractChecker {
  private readonly ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false });
  private readonly routes: Route[];
  private readonly validators = new Map<string, ValidateFunction>();
  /** Every operation and status the suite saw answered (the coverage of the document). */
  readonly seen = new Set<string>();

  constructor(private readonly document: OpenAPIObject) {
    addFormats.default(this.ajv);
    this.ajv.addFormat('binary', true);
    this.ajv.addSchema(document as unknown as Json, 'openapi');
    // Literal segments before parameters: /v1/jobs/mine must not match /v1/jobs/{id}.
    this.routes = Object.keys(document.paths)
      .sort((a, b) => a.split('{').length - b.split('{').length)
      .map((path) => ({ path, pattern: new RegExp(`^${path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`) }));
  }

  /** A description of how the response breaks the contract, or null. */
  check(method: string, url: URL, status: number, contentType: string | null, body: string): string | null {
    const verb = method.toLowerCase();
    if (verb === 'head' || verb === 'options') return null;
    const route = this.routes.find((r) => r.pattern.test(url.pathname));
    if (!route) return null;
    const operation = (this.document.paths[route.path] as Record<string, Json | undefined>)[verb];
    if (!operation) return null;
    const label = `${method.toUpperCase()} ${route.path} → ${status}`;
    const responses = operation.responses as Record<string, Json>;
    if (!responses[String(status)]) return `${label}: status ${status} is not documented (documented: ${Object.keys(responses).join(', ')}); body: ${body.slice(0, 300)}`;
    this.seen.add(`${method.toUpperCase()} ${route.path} ${status}`);
    let response = responses[String(status)];
    let at = pointer('paths', route.path, verb, 'responses', String(status));
    if (typeof response.$ref === 'string') {
      at = response.$ref.slice(2);
      response = this.resolve(at);
    }
    const content = response.content as Record<string, Json> | undefined;
    if (!content) return body.length === 0 ? null : `${label}: documented without a body, but one came: ${body.slice(0, 300)}`;
    if (!contentType?.includes('application/json') || !content['application/json']) return null;
    const key = `${at}/content/application~1json/schema`;
    let validate = this.validators.get(key);
    if (!validate) {
      validate = this.ajv.compile({ $ref: `openapi#/${key}` });
      this.validators.set(key, validate);
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      return `${label}: the body is not JSON: ${body.slice(0, 300)}`;
    }
    if (validate(parsed)) return null;
    const errors = (validate.errors ?? []).slice(0, 5).map((e) => `${e.instancePath || '/'} ${e.message}${e.params && 'additionalProperty' in e.params ? ` (${String(e.params.additionalProperty)})` : ''}${e.params && 'allowedValues' in e.params ? ` (${JSON.stringify(e.params.allowedValues).slice(0, 200)})` : ''}`);
    return `${label}: the body does not match the documented schema: ${errors.join('; ')}; body: ${body.slice(0, 400)}`;
  }

  private resolve(at: string): Json {
    return at.split('/').reduce<Json>((node, part) => node[part.replaceAll('~1', '/').replaceAll('~0', '~')] as Json, this.document as unknown as Json);
  }
}

const checkers = new Map<string, ContractChecker>();
let installed = false;

/** Checks every response from `origin` against `document` until the returned function is called. */
export function watchResponses(origin: string, document: OpenAPIObject): () => void {
  const checker = new ContractChecker(document);
  checkers.set(origin, checker);
  if (!installed) {
    installed = true;
    const original = globalThis.fetch;
    globalThis.fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
      const response = await original(input, init);
      const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
      const watching = checkers.get(url.origin);
      if (!watching) return response;
      const method = init?.method ?? (input instanceof Request ? input.method : 'GET');
      const body = await response.clone().text();
      const problem = watching.check(method, url, response.status, response.headers.get('content-type'), body);
      if (problem) {
        process.stderr.write(`[contract] ${problem}\n`);
        // CONTRACT_REPORT_ONLY=1 lists every violation of a run instead of failing at the first.
        if (process.env.CONTRACT_REPORT_ONLY !== '1') throw new Error(`API contract: ${problem}`);
      }
      return response;
    };
  }
  return () => void checkers.delete(origin);
}
