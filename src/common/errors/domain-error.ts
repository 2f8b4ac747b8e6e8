import { ErrorCode } from './error-codes.js';

/**
 * An error the client is meant to see: a stable code, a human message, an HTTP status and
 * optional structured details. Anything else thrown is reported as INTERNAL_ERROR.
 */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly status: number,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'DomainError';
  }

  static notFound(code: ErrorCode, what: string): DomainError {
    return new DomainError(code, `${what} not found`, 404);
  }

  static validation(details: FieldError[]): DomainError {
    return new DomainError(ErrorCode.ValidationFailed, 'The request is invalid', 400, details);
  }
}

export interface FieldError {
  field: string;
  messages: string[];
}
