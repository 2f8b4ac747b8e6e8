// The per-request work every response needs, in one request hook and one response hook on
// the raw Fastify instance (not several Nest layers): the URL limit, the request id and its
// response header, the security headers, CORS, then the request metrics and error counts.
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest, RawServerDefault } from 'fastify';
import type { IncomingMessage } from 'node:http';
import { DomainError } from '../errors/domain-error.js';
import { ErrorCode } from '../errors/error-codes.js';
import type { MetricsService } from '../metrics/metrics.service.js';
import { corsFor } from './cors.js';
import { routeUrlOf, setReplyHeaders } from './fastify-internals.js';
import { securityHeadersFor } from './security-headers.js';

const REQUEST_ID = /^[\w.:-]{1,128}$/;
/** Longer URLs are refused with 414 before routing (Node's own limit is the 16 KiB header budget). */
export const MAX_URL_LENGTH = 8 * 1024;
export const REQUEST_ID_HEADER = 'x-request-id';

const SEQUENCE_LIMIT = 2 ** 48;

/**
 * Request ids as RFC 9562 UUIDv8 (the custom layout): 74 random bits drawn when the process starts
 * (again after 2^48 requests), then a 48-bit sequence. Unique across a fleet like a random UUID,
 * without drawing and formatting 122 random bits per request (measured in bench/http.bench.ts).
 */
export function requestIds(): () => string {
  let prefix = '';
  let sequence = SEQUENCE_LIMIT;
  return () => {
    if (sequence >= SEQUENCE_LIMIT) {
      const hex = randomBytes(10).toString('hex');
      // time_low-time_mid-ver|..-var|..- : version 8, variant 0b10.
      prefix = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(12, 15)}-${((parseInt(hex[15], 16) & 0x3) | 0x8).toString(16)}${hex.slice(16, 19)}-`;
      sequence = 0;
    }
    return prefix + (sequence++).toString(16).padStart(12, '0');
  };
}

const nextRequestId = requestIds();

/** Keeps a well-formed incoming x-request-id (so a trace spans services); otherwise makes one. */
export function genReqId(req: IncomingMessage): string {
  const incoming = req.headers[REQUEST_ID_HEADER];
  return typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : nextRequestId();
}

const headersFor = securityHeadersFor();

/**
 * The headers every answer carries (security headers, the request id), for an answer given
 * where the request hook did not run: a request target Nest refuses before it, and errors
 * raised while routing (frameworkErrors). Headers already set are kept.
 */
export function setAnswerHeaders(reply: FastifyReply, request: FastifyRequest): void {
  setReplyHeaders(reply, headersFor(request.raw.url ?? ''), REQUEST_ID_HEADER, String(request.id));
}

/** The error code of a response, noted by the error filter, for the error counter. */
const errorCodes = new WeakMap<FastifyRequest, string>();
export function noteErrorCode(request: FastifyRequest, code: string): void {
  errorCodes.set(request, code);
}

export interface HttpHookOptions {
  corsOrigins: readonly string[];
  corsMaxAgeSeconds: number;
}

export function installHttpHooks(fastify: FastifyInstance<RawServerDefault>, metrics: MetricsService, options: HttpHookOptions): void {
  const cors = corsFor(options.corsOrigins, options.corsMaxAgeSeconds);
  fastify.addHook('onRequest', (request, reply, done) => {
    const url = request.raw.url ?? '';
    setAnswerHeaders(reply, request);
    // 414 before any routing or parsing work, in the error shape and without echoing the URL.
    if (url.length > MAX_URL_LENGTH) return done(new DomainError(ErrorCode.URI_TOO_LONG, `The URL is longer than ${MAX_URL_LENGTH} characters`));
    if (!cors(request, reply)) done();
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    const route = routeUrlOf(request) ?? 'unmatched';
    metrics.httpDuration.observe(route, request.method, reply.statusCode, reply.elapsedTime / 1000);
    if (reply.statusCode >= 400) {
      metrics.httpErrors.inc({ route, status: String(reply.statusCode), code: errorCodes.get(request) ?? 'UNKNOWN' });
    }
    done();
  });
}
