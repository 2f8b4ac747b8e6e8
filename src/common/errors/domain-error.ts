import { ErrorCode, statusOf } from './error-codes.js';

/**
 * An error the client is meant to see: a stable code from the catalogue (which fixes the HTTP
 * status), a human message and optional structured details. Anything else thrown is reported
 * as INTERNAL_ERROR.
 */
export class DomainError extends Error {
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'DomainError';
    this.status = statusOf(code);
  }

  static notFound(code: ErrorCode, what: string): DomainError {
    return new DomainError(code, `${what} not found`);
  }

  static validation(details: FieldError[]): DomainError {
    return new DomainError(ErrorCode.VALIDATION_FAILED, 'The request is invalid', details);
  }
}

export interface FieldError {
  field: string;
  messages: string[];
}
