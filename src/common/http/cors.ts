// CORS for the configured origins only (CORS_ORIGINS), as @fastify/cors answers with
// { origin: [...], credentials: false, maxAge: 600 }, written as one function the request hook
// calls (http-hooks.ts) instead of a plugin that copies its options on every request.
import type { FastifyReply, FastifyRequest } from 'fastify';

/** What a cross-origin client may call: every method the API uses. */
const METHODS = 'GET,HEAD,PUT,PATCH,POST,DELETE';

/**
 * Sets the CORS headers of a response; answers a preflight itself (true: the request is done).
 * The allowed origin is echoed; others get no Access-Control-Allow-Origin, and every answer
 * varies by Origin so a cache never hands one origin's answer to another. With no origin
 * allowed no answer but a preflight depends on Origin, so no other says it varies.
 */
export function corsFor(origins: readonly string[], maxAgeSeconds: number): (request: FastifyRequest, reply: FastifyReply) => boolean {
  const allowed = new Set(origins);
  const maxAge = String(maxAgeSeconds);
  const varies = allowed.size > 0;
  return (request, reply) => {
    const origin = request.headers.origin;
    const preflight = request.raw.method === 'OPTIONS';
    if (preflight) void reply.header('vary', 'Origin, Access-Control-Request-Headers');
    else if (varies) void reply.header('vary', 'Origin');
    if (origin !== undefined && allowed.has(origin)) void reply.header('access-control-allow-origin', origin);
    if (!preflight) return false;
    if (!origin || !request.headers['access-control-request-method']) {
      void reply.code(400).type('text/plain').send('Invalid Preflight Request');
      return true;
    }
    void reply.header('access-control-allow-methods', METHODS);
    const asked = request.headers['access-control-request-headers'];
    if (asked !== undefined) void reply.header('access-control-allow-headers', asked);
    void reply.header('access-control-max-age', maxAge).code(204).header('content-length', '0').send();
    return true;
  };
}
