// Request ids, the x-request-id response header, request metrics and the error shape for
// errors Fastify raises itself, installed on the raw Fastify instance.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyRequest, RawServerDefault } from 'fastify';
import type { IncomingMessage } from 'node:http';
import type { MetricsService } from '../metrics/metrics.service.js';

const REQUEST_ID = /^[\w.:-]{1,128}$/;
export const REQUEST_ID_HEADER = 'x-request-id';

/** Keeps a well-formed incoming x-request-id (so a trace spans services); otherwise makes one. */
export function genReqId(req: IncomingMessage): string {
  const incoming = req.headers[REQUEST_ID_HEADER];
  return typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
}

/** The error code of a response, noted by the error filter, for the error counter. */
const errorCodes = new WeakMap<FastifyRequest, string>();
export function noteErrorCode(request: FastifyRequest, code: string): void {
  errorCodes.set(request, code);
}

export function installHttpHooks(fastify: FastifyInstance<RawServerDefault>, metrics: MetricsService): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header(REQUEST_ID_HEADER, request.id);
    done();
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? 'unmatched';
    const status = String(reply.statusCode);
    metrics.httpDuration.observe({ route, method: request.method, status }, reply.elapsedTime / 1000);
    if (reply.statusCode >= 400) {
      metrics.httpErrors.inc({ route, status, code: errorCodes.get(request) ?? 'UNKNOWN' });
    }
    done();
  });
}
