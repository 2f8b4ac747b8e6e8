import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { noteErrorCode } from '../http/http-hooks.js';
import { DomainError } from './domain-error.js';
import { codeForStatus, ErrorCode } from './error-codes.js';

export interface ErrorBody {
  code: string;
  message: string;
  details?: unknown;
  requestId: string;
}

interface Described {
  status: number;
  code: string;
  message: string;
  details?: unknown;
}

/** Fastify's own errors (body parsing, limits) carry a statusCode and an FST_ code. */
function isFastifyError(error: unknown): error is Error & { statusCode: number; code?: string } {
  return error instanceof Error && typeof (error as { statusCode?: unknown }).statusCode === 'number';
}

export function describeError(error: unknown): Described {
  if (error instanceof DomainError) {
    return { status: error.status, code: error.code, message: error.message, details: error.details };
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const response = error.getResponse();
    const text = typeof response === 'string' ? response : (response as { message?: unknown }).message;
    const message = Array.isArray(text) ? text.join('; ') : typeof text === 'string' ? text : error.message;
    const code = status === 404 && /^Cannot \w+ /.test(message) ? ErrorCode.RouteNotFound : codeForStatus(status);
    return { status, code, message: status >= 500 ? 'Internal server error' : message };
  }
  if (isFastifyError(error) && error.statusCode >= 400 && error.statusCode < 500) {
    const code =
      error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || error instanceof SyntaxError
        ? ErrorCode.InvalidJson
        : codeForStatus(error.statusCode);
    return { status: error.statusCode, code, message: error.message };
  }
  return { status: 500, code: ErrorCode.Internal, message: 'Internal server error' };
}

/** Sends the one error shape; used by the Nest filter and by Fastify's own error handlers. */
export function sendError(reply: FastifyReply, request: FastifyRequest, error: unknown, logger: Logger): void {
  const described = describeError(error);
  if (described.status >= 500 && !(error instanceof DomainError)) {
    logger.error({ err: error, requestId: request.id, url: request.url }, 'request failed');
  } else if (described.status >= 500) {
    logger.warn({ requestId: request.id, url: request.url, code: described.code, details: described.details }, described.message);
  }
  noteErrorCode(request, described.code);
  const body: ErrorBody = { code: described.code, message: described.message, requestId: String(request.id) };
  if (described.details !== undefined) body.details = described.details;
  reply.header('cache-control', 'no-store');
  void reply.status(described.status).send(body);
}

@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    sendError(http.getResponse<FastifyReply>(), http.getRequest<FastifyRequest>(), error, this.logger);
  }
}
