import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { noteErrorCode, setAnswerHeaders } from '../http/http-hooks.js';
import { DomainError } from './domain-error.js';
import { dependencyOf } from './dependency-errors.js';
import { codeForStatus, ErrorCode, ERRORS } from './error-codes.js';

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
    const code = status === 404 && /^Cannot \w+ /.test(message) ? ErrorCode.ROUTE_NOT_FOUND : codeForStatus(status);
    return { status, code, message: status >= 500 ? 'Internal server error' : message };
  }
  if (isFastifyError(error) && error.statusCode >= 400 && error.statusCode < 500) {
    const code =
      error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || error instanceof SyntaxError
        ? ErrorCode.INVALID_JSON
        : codeForStatus(error.statusCode);
    return { status: error.statusCode, code, message: error.message };
  }
  const dependency = dependencyOf(error);
  if (dependency) return { status: 503, code: dependency, message: ERRORS[dependency][1] };
  if (isMongooseInputError(error)) {
    // A value the DTO let through but the schema refuses: the client's input, not a crash.
    return { status: 400, code: ErrorCode.VALIDATION_FAILED, message: 'The request has a value that cannot be stored', details: [{ field: error.path ?? 'body', messages: ['has an invalid type or value'] }] };
  }
  return { status: 500, code: ErrorCode.INTERNAL_ERROR, message: 'Internal server error' };
}

function isMongooseInputError(error: unknown): error is Error & { path?: string } {
  return error instanceof Error && (error.name === 'CastError' || error.name === 'ValidationError') && 'errors' in error === (error.name === 'ValidationError');
}

/** Sends the one error shape; used by the Nest filter and by Fastify's own error handlers. */
export function sendError(reply: FastifyReply, request: FastifyRequest, error: unknown, logger: Logger): void {
  const described = describeError(error);
  if (isMongooseInputError(error)) {
    logger.warn({ err: error, requestId: request.id, url: request.url }, 'input refused by the schema, not by validation: a DTO is missing a rule');
  } else if (described.status >= 500 && !(error instanceof DomainError) && described.code === ErrorCode.INTERNAL_ERROR) {
    logger.error({ err: error, requestId: request.id, url: request.url }, 'request failed');
  } else if (described.status >= 500 && !(error instanceof DomainError)) {
    logger.warn({ err: error, requestId: request.id, url: request.url, code: described.code }, 'a dependency is unavailable');
  } else if (described.status >= 500) {
    logger.warn({ requestId: request.id, url: request.url, code: described.code, details: described.details }, described.message);
  }
  noteErrorCode(request, described.code);
  const body: ErrorBody = { code: described.code, message: described.message, requestId: String(request.id) };
  if (described.details !== undefined) body.details = described.details;
  setAnswerHeaders(reply, request);
  reply.header('cache-control', 'no-store');
  if (described.code === ErrorCode.REDIS_UNAVAILABLE || described.code === ErrorCode.MONGODB_UNAVAILABLE) reply.header('retry-after', '1');
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
