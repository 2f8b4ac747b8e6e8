// The one error shape also for what Fastify and Node answer before any route runs: malformed
// requests, headers or URLs over the limits, timeouts, a path parameter too long. None of
// these may echo the request back (a 414 used to repeat the whole URL).
import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { DomainError } from '../errors/domain-error.js';
import { ErrorCode, statusOf } from '../errors/error-codes.js';
import { sendError } from '../errors/all-exceptions.filter.js';
import { API_HEADERS } from './security-headers.js';

/** The security headers of a JSON answer, as raw header lines (computed once). */
const SECURITY_LINES = Object.entries(API_HEADERS)
  .map(([name, value]) => `${name}: ${value}\r\n`)
  .join('');

function clientErrorCode(error: NodeJS.ErrnoException): ErrorCode {
  if (error.code === 'HPE_HEADER_OVERFLOW') return ErrorCode.HEADERS_TOO_LARGE;
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') return ErrorCode.REQUEST_TIMEOUT;
  return ErrorCode.BAD_REQUEST;
}

const MESSAGES: Partial<Record<ErrorCode, string>> = {
  [ErrorCode.HEADERS_TOO_LARGE]: 'The request line and headers are larger than allowed',
  [ErrorCode.REQUEST_TIMEOUT]: 'The request was not received in time',
  [ErrorCode.BAD_REQUEST]: 'The request is not valid HTTP',
};

/** For Node's `clientError`: the request never reached Fastify, so the answer is written raw. */
export function clientErrorHandler(logger: Logger) {
  return (error: NodeJS.ErrnoException, socket: Socket): void => {
    if (error.code === 'ECONNRESET' || socket.destroyed) return;
    const code = clientErrorCode(error);
    const status = statusOf(code);
    const requestId = randomUUID();
    const body = JSON.stringify({ code, message: MESSAGES[code], requestId });
    logger.debug({ err: error, requestId }, 'client error');
    if (socket.writable) {
      socket.write(
        `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nCache-Control: no-store\r\n${SECURITY_LINES}x-request-id: ${requestId}\r\nConnection: close\r\n\r\n${body}`,
      );
    }
    socket.destroy();
  };
}

/** Fastify's `frameworkErrors`: errors raised while routing (bad URL encoding, a path parameter too long). */
export function frameworkErrors(logger: Logger) {
  return (error: Error & { code?: string }, request: FastifyRequest, reply: FastifyReply): void => {
    const known =
      error.code === 'FST_ERR_MAX_PARAM_LENGTH'
        ? new DomainError(ErrorCode.URI_TOO_LONG, 'A path parameter is longer than allowed')
        : new DomainError(ErrorCode.BAD_REQUEST, 'The URL is malformed');
    sendError(reply, request, known, logger);
  };
}
