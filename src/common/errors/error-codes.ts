// Every error code the API answers with, its one HTTP status and what it means. Clients branch
// on these codes, so a code is never renamed or reused; the OpenAPI document lists them per
// status from here.

export const ERRORS = {
  // Requests in general
  VALIDATION_FAILED: [400, 'A field of the body or query string breaks a rule; `details` lists each field and rule.'],
  INVALID_JSON: [400, 'The body is not valid JSON.'],
  BAD_REQUEST: [400, 'The request is malformed.'],
  BODY_TOO_DEEP: [400, 'The body is nested deeper than any request of this API.'],
  MONGO_OPERATOR_REJECTED: [400, 'A key starts with "$" (a database operator); such keys are never accepted.'],
  MALFORMED_TEXT: [400, 'A key or string is not well-formed Unicode (a lone surrogate, as a "\\ud800" JSON escape makes).'],
  INVALID_CURSOR: [400, 'The cursor is not one this API returned.'],
  INVALID_IDEMPOTENCY_KEY: [400, 'Idempotency-Key must be 8-100 letters, digits, "-" or "_".'],
  UNAUTHORIZED: [401, 'Authentication is required.'],
  FORBIDDEN: [403, 'Not allowed.'],
  NOT_FOUND: [404, 'Not found.'],
  ROUTE_NOT_FOUND: [404, 'No route matches the method and path.'],
  METHOD_NOT_ALLOWED: [405, 'The route does not take this method.'],
  REQUEST_TIMEOUT: [408, 'The request was not received in time.'],
  CONFLICT: [409, 'The request conflicts with the current state.'],
  PAYLOAD_TOO_LARGE: [413, 'The body is larger than allowed.'],
  URI_TOO_LONG: [414, 'The URL or one of its path parameters is longer than allowed.'],
  UNSUPPORTED_MEDIA_TYPE: [415, 'The content type is not accepted here.'],
  RATE_LIMITED: [429, 'Too many requests from this client; retry after `Retry-After` seconds.'],
  HEADERS_TOO_LARGE: [431, 'The request headers (or request line) are larger than allowed.'],
  INTERNAL_ERROR: [500, 'An unexpected error; it is logged with the request id.'],
  NOT_READY: [503, 'A dependency of this process is down (readiness).'],
  SHUTTING_DOWN: [503, 'The process is stopping; retry on another instance.'],
  REDIS_UNAVAILABLE: [503, 'Redis (queues, cache, rate limits) cannot be reached right now; retry shortly.'],
  MONGODB_UNAVAILABLE: [503, 'MongoDB cannot be reached right now; retry shortly.'],
  // Identity
  AUTH_TOKEN_MISSING: [401, 'A bearer token is required.'],
  AUTH_TOKEN_EXPIRED: [401, 'The token has expired.'],
  AUTH_UNKNOWN_SIGNING_KEY: [401, 'The token is signed with a key the identity provider does not publish.'],
  AUTH_TOKEN_INVALID: [401, 'The token is invalid: signature, algorithm, issuer, audience or a required claim.'],
  AUTH_ROLE_REQUIRED: [403, 'The route needs another role.'],
  USER_NOT_FOUND: [404, 'No such user.'],
  // Companies
  COMPANY_NOT_FOUND: [404, 'No such company (or not yours).'],
  EMPLOYER_NOT_FOUND: [404, 'No such employer in this company.'],
  COMPANY_REQUIRED: [403, 'Only an employer of a company may do this.'],
  // Jobs
  JOB_NOT_FOUND: [404, 'No such job (or not visible to you).'],
  INVALID_JOB_TRANSITION: [409, 'The job cannot make this move from its current status.'],
  JOB_CLOSED: [409, 'A closed job cannot be edited.'],
  JOB_EDIT_CONFLICT: [409, 'The job changed while saving; reload and try again.'],
  JOB_NOT_OPEN: [409, 'The job is not published, so it takes no submissions.'],
  // Candidates and uploads
  CANDIDATE_NOT_FOUND: [404, 'No such candidate (or not visible to you).'],
  CANDIDATE_ERASED: [409, 'The candidate was erased.'],
  CANDIDATE_EDIT_CONFLICT: [409, 'The candidate changed while saving; reload and try again.'],
  UPLOAD_NOT_FOUND: [404, 'No such upload (or not yours).'],
  UPLOAD_NOT_FAILED: [409, 'Only a failed upload can be retried.'],
  FILE_REQUIRED: [400, 'The multipart body has no "file" part.'],
  FILE_EMPTY: [400, 'The file is empty.'],
  TOO_MANY_FILES: [400, 'The multipart body holds more than one file; send one CV per request.'],
  MULTIPART_INVALID: [400, 'The multipart body is malformed or ends early.'],
  FILE_TOO_LARGE: [413, 'The file is larger than UPLOAD_MAX_BYTES.'],
  MULTIPART_REQUIRED: [415, 'Send the file as multipart/form-data.'],
  UNSUPPORTED_FILE_TYPE: [415, 'Only PDF, DOCX and plain-text files are accepted (decided by content).'],
  // Submissions
  SUBMISSION_NOT_FOUND: [404, 'No such submission (or not visible to you).'],
  SOURCER_NOT_FOUND: [404, 'No such sourcer.'],
  ALREADY_SUBMITTED: [409, 'This candidate was already submitted to this job.'],
  CANDIDATE_ALREADY_REPRESENTED: [409, 'Another sourcer represents this person for this company.'],
  SUBMISSION_CAP_REACHED: [409, 'You have as many open submissions on this job as your quality allows.'],
  SUBMISSION_STAGE_CHANGED: [409, 'The submission moved meanwhile; reload it.'],
  INVALID_STAGE_MOVE: [409, 'The submission cannot make this move from its current stage.'],
  REASON_REQUIRED: [400, 'A disqualification needs a reason.'],
  REASON_NOT_ALLOWED: [400, 'Only a disqualification takes a reason.'],
  STAGE_MOVE_FORBIDDEN: [403, 'Your role may not make this move.'],
  MATCH_PENDING: [404, 'The AI check has not run yet.'],
  // Payments
  PAYMENTS_DISABLED: [503, 'Payments are not enabled on this deployment.'],
  UNKNOWN_CREDIT_PACK: [400, 'No credit pack has this name; `details.packs` lists them.'],
  // Outbound webhooks
  WEBHOOK_TARGET_REFUSED: [400, 'The webhook URL is not allowed: not http(s), credentials in it, or it resolves to a loopback, private or link-local address.'],
  WEBHOOK_ENDPOINT_NOT_FOUND: [404, 'No such webhook endpoint (or not your company\'s).'],
  WEBHOOK_DELIVERY_NOT_FOUND: [404, 'No such webhook delivery (or not your company\'s).'],
  STRIPE_SIGNATURE_MISSING: [400, 'The Stripe-Signature header is missing.'],
  STRIPE_SIGNATURE_INVALID: [400, 'The webhook signature is invalid or too old.'],
  INSUFFICIENT_CREDITS: [409, 'The balance cannot go below zero.'],
  LEDGER_CONTENDED: [503, 'The ledger is too busy; retry.'],
  // Admin
  QUEUE_JOB_NOT_FOUND: [404, 'No such queued job.'],
  QUEUE_JOB_NOT_FAILED: [409, 'Only a failed job can be retried.'],
  QUEUE_JOB_ACTIVE: [409, 'A running job cannot be removed.'],
} as const satisfies Record<string, readonly [number, string]>;

export type ErrorCode = keyof typeof ERRORS;
export const ErrorCode = Object.fromEntries(Object.keys(ERRORS).map((code) => [code, code])) as { readonly [C in ErrorCode]: C };

export const statusOf = (code: ErrorCode): number => ERRORS[code][0];

/** The code a bare HTTP status maps to when nothing more specific was thrown. */
export function codeForStatus(status: number): ErrorCode {
  switch (status) {
    case 400: return ErrorCode.BAD_REQUEST;
    case 401: return ErrorCode.UNAUTHORIZED;
    case 403: return ErrorCode.FORBIDDEN;
    case 404: return ErrorCode.NOT_FOUND;
    case 405: return ErrorCode.METHOD_NOT_ALLOWED;
    case 408: return ErrorCode.REQUEST_TIMEOUT;
    case 409: return ErrorCode.CONFLICT;
    case 413: return ErrorCode.PAYLOAD_TOO_LARGE;
    case 414: return ErrorCode.URI_TOO_LONG;
    case 415: return ErrorCode.UNSUPPORTED_MEDIA_TYPE;
    case 429: return ErrorCode.RATE_LIMITED;
    case 431: return ErrorCode.HEADERS_TOO_LARGE;
    case 503: return ErrorCode.NOT_READY;
    default: return status >= 500 ? ErrorCode.INTERNAL_ERROR : ErrorCode.BAD_REQUEST;
  }
}
