// Two of Fastify's own symbols, read by the request hooks (http-hooks.ts) on every request:
// - the reply's header object, so a request's fixed headers are one object made at once instead
//   of one reply.header() call (with its lower-casing and set-cookie checks) per header;
// - the route context, whose config holds the route's URL, where request.routeOptions builds a
//   new options object on each read.
// They are not Fastify's public API, so they are checked when this module loads: a Fastify
// that renames them fails the boot here (and the HTTP tests), never a request.
import { createRequire } from 'node:module';
import type { FastifyReply, FastifyRequest } from 'fastify';

const symbols = createRequire(import.meta.url)('fastify/lib/symbols.js') as Record<string, unknown>;

function symbolNamed(name: string, description: string): symbol {
  const value = symbols[name];
  if (typeof value !== 'symbol' || value.description !== description) throw new Error(`fastify/lib/symbols.js no longer has ${name} (${description}); see src/common/http/fastify-internals.ts`);
  return value;
}

const REPLY_HEADERS = symbolNamed('kReplyHeaders', 'fastify.reply.headers');
const ROUTE_CONTEXT = symbolNamed('kRouteContext', 'fastify.context');

type HeaderValues = Record<string, string | number | string[]>;

/**
 * Gives a reply the headers `fixed` plus `name: value` as one new object. Headers already set
 * (by an earlier hook) are kept and win.
 */
export function setReplyHeaders(reply: FastifyReply, fixed: Readonly<HeaderValues>, name: string, value: string): void {
  const holder = reply as unknown as Record<symbol, HeaderValues>;
  const headers: HeaderValues = { ...fixed, [name]: value };
  holder[REPLY_HEADERS] = Object.assign(headers, holder[REPLY_HEADERS]);
}

/** The URL pattern of the route that answered (`/v1/jobs/:id`), or undefined when none matched. */
export function routeUrlOf(request: FastifyRequest): string | undefined {
  const context = (request as unknown as Record<symbol, { config?: { url?: string } } | undefined>)[ROUTE_CONTEXT];
  return context?.config?.url;
}
