// Input safety before any handler runs: a MongoDB operator smuggled into a body or a query
// string (`{"email": {"$ne": null}}`, `?status[$ne]=x`, `$where`) is refused outright, so no
// query can ever be built from one, whatever a DTO forgets; and a body nested deeper than any
// of ours is refused before anything recursive (validation, transformation) walks it; so is
// text that is not Unicode (a lone surrogate, which JSON's "\ud800" escape can make), which
// validators that encode it throw on and which MongoDB would store altered.
import type { FastifyInstance, FastifyReply, FastifyRequest, HookHandlerDoneFunction, RawServerDefault, RouteOptions } from 'fastify';
import { DomainError } from '../errors/domain-error.js';
import { ErrorCode } from '../errors/error-codes.js';

export const OPERATOR_REJECTED = ErrorCode.MONGO_OPERATOR_REJECTED;
/** Deeper than any request body the API defines (the deepest is about 4). */
export const MAX_BODY_DEPTH = 32;

export type InputProblem = { kind: 'operator'; path: string } | { kind: 'depth' } | { kind: 'text'; path: string } | null;

/** In `u` mode a surrogate pair is one code point, so this matches only a lone surrogate. */
const LONE_SURROGATE = /\p{Cs}/u;
const LONE_SURROGATE_ALL = /\p{Cs}/gu;

/**
 * The first operator-looking key, a nesting deeper than MAX_BODY_DEPTH, or a key or string that
 * is not well-formed Unicode. Iterative: no stack to overflow.
 */
export function inspectInput(value: unknown): InputProblem {
  if (typeof value === 'string') return LONE_SURROGATE.test(value) ? { kind: 'text', path: '' } : null;
  if (value === null || typeof value !== 'object') return null;
  const stack: { node: unknown; path: string; depth: number }[] = [{ node: value, path: '', depth: 0 }];
  while (stack.length > 0) {
    const { node, path, depth } = stack.pop()!;
    if (node === null || typeof node !== 'object') continue;
    if (depth > MAX_BODY_DEPTH) return { kind: 'depth' };
    for (const [key, child] of Object.entries(node)) {
      const here = path ? `${path}.${key}` : key;
      if (key.startsWith('$') || key.includes('[$') || key.includes('.$')) return { kind: 'operator', path: here };
      if (LONE_SURROGATE.test(key) || (typeof child === 'string' && LONE_SURROGATE.test(child))) return { kind: 'text', path: here.replace(LONE_SURROGATE_ALL, '\uFFFD') };
      if (child !== null && typeof child === 'object') stack.push({ node: child, path: here, depth: depth + 1 });
    }
  }
  return null;
}

/** The path of the first key that looks like an operator, or null. */
export function findOperatorKey(value: unknown): string | null {
  const problem = inspectInput(value);
  return problem?.kind === 'operator' ? problem.path : null;
}

/** Checks a request's query and body; a Fastify preHandler. */
function rejectOperators(request: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction): void {
  // Nothing to look at (most GETs): no body and no query string.
  if (request.body === undefined && !request.raw.url?.includes('?')) return done();
  const problem = inspectInput(request.query) ?? inspectInput(request.body);
  if (problem?.kind === 'depth') return done(new DomainError(ErrorCode.BODY_TOO_DEEP, `The request is nested deeper than ${MAX_BODY_DEPTH} levels`));
  if (problem?.kind === 'text') return done(new DomainError(ErrorCode.MALFORMED_TEXT, problem.path ? `"${problem.path}" holds a lone surrogate: text must be well-formed Unicode` : 'The body holds a lone surrogate: text must be well-formed Unicode', problem.path ? { field: problem.path } : undefined));
  if (problem) return done(new DomainError(OPERATOR_REJECTED, `"${problem.path}" is not allowed: keys may not start with $`, { field: problem.path }));
  done();
}

/**
 * Installs the check on every route registered from now on, except those `exempt` names:
 * routes whose bodies are never turned into queries and must reach their handler as sent
 * (Stripe's webhook: its signature is over the exact bytes; event payloads may hold any key),
 * and routes whose handler reads neither query nor body (health probes), which then run no
 * hook for it at all. Call before the routes are registered.
 */
export function installOperatorGuard(fastify: FastifyInstance<RawServerDefault>, exempt: (route: RouteOptions) => boolean): void {
  fastify.addHook('onRoute', (route) => {
    if (exempt(route)) return;
    const existing = route.preHandler === undefined ? [] : Array.isArray(route.preHandler) ? route.preHandler : [route.preHandler];
    // Fastify's HEAD twin of a GET route may come from options this hook already extended.
    if (!existing.includes(rejectOperators)) route.preHandler = [...existing, rejectOperators];
  });
}
