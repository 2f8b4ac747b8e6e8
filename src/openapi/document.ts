// The OpenAPI document: what Nest's decorators describe (requests, parameters, tags), completed
// with what a client needs to generate an SDK from it:
// - each operation's success response, from the return type of its handler
//   (response-schemas.generated.ts, `npm run openapi:responses`);
// - every error status it can answer, in the one error shape, with the codes of that status
//   (error-codes.ts), chosen from the operation's access rule and inputs;
// - its security requirement (none for public routes);
// - an example for every request and response body (examples.ts).
// The end-to-end suite checks every response it receives against this document.
import type { INestApplication } from '@nestjs/common';
import type { OpenAPIObject } from '@nestjs/swagger';
import { ERRORS, type ErrorCode } from '../common/errors/error-codes.js';
import { controllerRoutes } from '../common/http/route-guards.js';
import { RateLimitGuard } from '../common/throttling/rate-limit.guard.js';
import { JwtAuthGuard } from '../modules/auth/auth.guard.js';
import type { WebhookEventType } from '../modules/webhooks/webhook.schema.js';
import { addExamples } from './examples.js';
import { OPERATION_RESPONSES, RESPONSE_COMPONENTS } from './response-schemas.generated.js';

type Json = Record<string, unknown>;

/** What decides an operation's error statuses, read from its controller's metadata. */
export interface OperationFacts {
  public: boolean;
  throttled: boolean;
}

/** Codes an operation can answer beyond what its access rule and inputs imply: its domain rules. */
const DOMAIN_ERRORS: Record<string, ErrorCode[]> = {
  JobsController_update: ['JOB_CLOSED', 'JOB_EDIT_CONFLICT'],
  JobsController_publish: ['INVALID_JOB_TRANSITION', 'JOB_EDIT_CONFLICT'],
  JobsController_pause: ['INVALID_JOB_TRANSITION', 'JOB_EDIT_CONFLICT'],
  JobsController_close: ['INVALID_JOB_TRANSITION', 'JOB_EDIT_CONFLICT'],
  CandidatesController_update: ['CANDIDATE_ERASED', 'CANDIDATE_EDIT_CONFLICT'],
  UploadsController_upload: ['CANDIDATE_ERASED'],
  UploadsController_retry: ['UPLOAD_NOT_FAILED'],
  SubmissionsController_create: ['JOB_NOT_FOUND', 'CANDIDATE_NOT_FOUND', 'JOB_NOT_OPEN', 'CANDIDATE_ERASED', 'ALREADY_SUBMITTED', 'CANDIDATE_ALREADY_REPRESENTED', 'SUBMISSION_CAP_REACHED'],
  SubmissionsController_move: ['INVALID_STAGE_MOVE', 'SUBMISSION_STAGE_CHANGED', 'INSUFFICIENT_CREDITS'],
  PaymentsController_adjust: ['COMPANY_NOT_FOUND', 'INSUFFICIENT_CREDITS'],
  AdminController_retry: ['QUEUE_JOB_NOT_FAILED'],
  AdminController_remove: ['QUEUE_JOB_ACTIVE'],
  WebhooksController_create: ['WEBHOOK_TARGET_REFUSED'],
  WebhooksController_update: ['WEBHOOK_TARGET_REFUSED'],
};

const STATUS_NAMES: Record<number, string> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  409: 'Conflict',
  413: 'PayloadTooLarge',
  414: 'UriTooLong',
  415: 'UnsupportedMediaType',
  422: 'UnprocessableEntity',
  429: 'RateLimited',
  502: 'BadGateway',
  503: 'ServiceUnavailable',
};

const ERROR_BODY: Json = {
  type: 'object',
  description: 'The one error shape of every error response.',
  properties: {
    code: { type: 'string', description: 'Stable: clients branch on it. Each status lists the codes it can carry.' },
    message: { type: 'string', description: 'For people; may change.' },
    details: { description: 'Per code: e.g. the failing fields of VALIDATION_FAILED.' },
    requestId: { type: 'string', description: 'Also in the x-request-id header; quote it when reporting a problem.' },
  },
  required: ['code', 'message', 'requestId'],
  additionalProperties: false,
};

/** The codes an error status can carry, from the error table. */
export function codesOf(status: number): ErrorCode[] {
  return (Object.entries(ERRORS) as [ErrorCode, readonly [number, string]][]).filter(([, [s]]) => s === status).map(([code]) => code);
}

const COUNT = { type: 'integer', format: 'int32', minimum: 0, maximum: 2 ** 31 - 1 };

/** On every answer: the request id, and CORS for an allowed origin. */
const COMMON_HEADERS: Json = {
  'X-Request-Id': { description: 'The request id (the caller\'s, when well-formed); also in error bodies.', schema: { type: 'string', maxLength: 128, pattern: '^[\\w.:-]{1,128}$' } },
  'Access-Control-Allow-Origin': { description: 'The calling origin, when it is one of CORS_ORIGINS.', schema: { type: 'string', format: 'uri', maxLength: 2048 } },
};

/** Sent by the rate limit (@nestjs/throttler) on every counted route's answers. */
const RATE_LIMIT_HEADERS: Json = {
  ...COMMON_HEADERS,
  'X-RateLimit-Limit': { description: 'Requests allowed per window (counted routes).', schema: COUNT },
  'X-RateLimit-Remaining': { description: 'Requests left in the window (counted routes).', schema: COUNT },
  'X-RateLimit-Reset': { description: 'Seconds until the window resets (counted routes).', schema: COUNT },
};

function errorResponse(status: number, codes: ErrorCode[] = codesOf(status)): Json {
  return {
    description: codes.map((code) => `\`${code}\`: ${ERRORS[code][1]}`).join('\n\n'),
    headers: status === 429 ? { ...RATE_LIMIT_HEADERS, 'Retry-After': { description: 'Seconds to wait.', schema: COUNT } } : RATE_LIMIT_HEADERS,
    content: {
      'application/json': {
        schema: { allOf: [{ $ref: '#/components/schemas/ErrorBody' }, { type: 'object', properties: { code: { type: 'string', enum: codes } } }] },
        example: { code: codes[0], message: ERRORS[codes[0]][1], requestId: '6f1c1b9e-2a4f-4a8e-9d53-1f0c8b7e2d41' },
      },
    },
  };
}

/** Per operationId (`Controller_method`), whether it is public and rate-limited. */
export function operationFacts(app: INestApplication): Map<string, OperationFacts> {
  const auth = app.get(JwtAuthGuard);
  const rateLimit = app.get(RateLimitGuard);
  const facts = new Map<string, OperationFacts>();
  for (const { controller, name, handler } of controllerRoutes(app)) {
    facts.set(`${controller.name}_${name}`, { public: auth.isPublic(handler, controller), throttled: !rateLimit.skipsAll(handler, controller) });
  }
  return facts;
}

/** The error statuses of one operation. */
function errorStatuses(operationId: string, operation: Json, path: string, facts: OperationFacts): number[] {
  const parameters = (operation.parameters as { in: string }[] | undefined) ?? [];
  const statuses = new Set<number>();
  if (parameters.length > 0 || operation.requestBody) statuses.add(400);
  if (operation.requestBody) [413, 415].forEach((s) => statuses.add(s));
  if (!facts.public) [401, 403].forEach((s) => statuses.add(s));
  if (path.includes('{')) statuses.add(404);
  // Any URL over MAX_URL_LENGTH, and any path parameter over Fastify's maxParamLength.
  statuses.add(414);
  if (facts.throttled) statuses.add(429);
  // Every operation that reads MongoDB or Redis may find it unreachable; the liveness probe reads neither.
  if (operationId !== 'HealthController_live') statuses.add(503);
  return [...statuses].sort();
}

/** Integers without a format get the one their bounds imply (clients pick their integer type by it). */
function integerFormats(node: unknown): void {
  if (Array.isArray(node)) return node.forEach(integerFormats);
  if (!node || typeof node !== 'object') return;
  const schema = node as Json;
  if (schema.type === 'integer' && schema.format === undefined) {
    schema.format = typeof schema.maximum === 'number' && schema.maximum <= 2 ** 31 - 1 ? 'int32' : 'int64';
  }
  Object.values(schema).forEach(integerFormats);
}

const STAGE = { type: 'string', maxLength: 40, description: 'A pipeline stage (see SubmissionView.status).' };
const COUNTER = { type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER };
const ID = { type: 'string', format: 'uuid' };
/** What each outbound event's `data` holds (besides `companyId`, in every one). */
const WEBHOOK_DATA: Record<WebhookEventType, { summary: string; properties: Json }> = {
  'submission.delivered': { summary: 'A submission reached the employer (it passed the AI check, with credit).', properties: { submissionId: ID, jobId: ID, candidateId: ID, from: STAGE, to: STAGE } },
  'submission.moved': { summary: 'A submission moved through the pipeline (every move).', properties: { submissionId: ID, jobId: ID, candidateId: ID, from: STAGE, to: STAGE } },
  'job.matches_ready': { summary: "A job's ranked matches are computed (for this revision).", properties: { jobId: ID, revision: COUNTER, matches: COUNTER } },
  'credits.low': { summary: 'A delivery left the company with few credits.', properties: { balance: COUNTER } },
  'credits.granted': { summary: 'Credits were added (a purchase or an adjustment).', properties: { credits: { ...COUNTER, minimum: 1 }, balance: COUNTER } },
  'webhook.endpoint_disabled': { summary: 'One of the company\'s endpoints failed for too long and was disabled.', properties: { endpointId: ID, url: { type: 'string', format: 'uri', maxLength: 2048 }, reason: { type: 'string', maxLength: 500 } } },
};

/**
 * The events we send to employers' endpoints (OpenAPI `webhooks`): Standard Webhooks headers,
 * a JSON body `{ type, timestamp, data }`; any 2xx acknowledges, anything else is retried.
 */
function outboundWebhooks(): Json {
  const header = (name: string, description: string) => ({ name, in: 'header', required: true, description, schema: { type: 'string', maxLength: 1000 } });
  return Object.fromEntries(
    Object.entries(WEBHOOK_DATA).map(([type, { summary, properties }]) => [
      type,
      {
        post: {
          summary,
          operationId: `webhook_${type.replace(/\W/g, '_')}`,
          tags: ['webhooks'],
          security: [],
          parameters: [
            header('webhook-id', 'The message id: the same on every retry and replay; deduplicate on it.'),
            header('webhook-timestamp', 'Seconds since the epoch when this attempt was signed; refuse old ones.'),
            header('webhook-signature', 'v1,<base64 HMAC-SHA256 of "<id>.<timestamp>.<body>" with the endpoint secret> (Standard Webhooks).'),
          ],
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  properties: { type: { type: 'string', enum: [type] }, timestamp: { type: 'string', format: 'date-time' }, data: { type: 'object', properties: { ...properties, companyId: ID }, required: [...Object.keys(properties), 'companyId'] } },
                  required: ['type', 'timestamp', 'data'],
                },
              },
            },
          },
          responses: { '200': { description: 'Any 2xx acknowledges the message. Anything else, a redirect or no answer within the timeout is retried with backoff for up to 3 days.' } },
        },
      },
    ]),
  );
}

/** Completes Nest's document in place (see the header) and returns it. */
export function completeDocument(document: OpenAPIObject, facts: Map<string, OperationFacts>): OpenAPIObject {
  const components = (document.components ??= {});
  components.schemas = { ...components.schemas, ...(RESPONSE_COMPONENTS as Record<string, never>), ErrorBody: ERROR_BODY as never };
  const responses: Json = {};
  for (const [path, item] of Object.entries(document.paths)) {
    for (const [method, value] of Object.entries(item)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      const operation = value as Json & { operationId: string; responses: Record<string, Json> };
      const fact = facts.get(operation.operationId);
      const success = OPERATION_RESPONSES[operation.operationId];
      if (!fact || !success) throw new Error(`OpenAPI: ${method.toUpperCase()} ${path} (${operation.operationId}) has no controller facts or response schema; run npm run openapi:responses`);
      // Nest's default success entries are replaced by the one the handler answers with.
      const described = Object.entries(operation.responses ?? {});
      const kept = Object.fromEntries(described.filter(([status]) => Number(status) >= 300));
      const description = (described.find(([status]) => Number(status) < 300)?.[1]?.description as string | undefined) ?? 'Success.';
      const headers = { headers: fact.throttled ? RATE_LIMIT_HEADERS : COMMON_HEADERS };
      operation.responses = {
        [success.status]: success.schema ? { description, ...headers, content: { [success.contentType ?? 'application/json']: { schema: success.schema } } } : { description, ...headers },
        ...kept,
      };
      const declared = Object.keys(kept).map(Number).filter((status) => status >= 400);
      const standard = new Set([...errorStatuses(operation.operationId, operation, path, fact), ...declared]);
      // Domain codes of a status no standard entry covers get an entry of their own, listing exactly them.
      const own = new Map<number, ErrorCode[]>();
      for (const code of DOMAIN_ERRORS[operation.operationId] ?? []) {
        const status = ERRORS[code][0];
        if (!standard.has(status)) own.set(status, [...(own.get(status) ?? []), code]);
      }
      for (const [status, codes] of own) operation.responses[status] = errorResponse(status, codes);
      for (const status of standard) {
        const name = STATUS_NAMES[status] ?? `Status${status}`;
        responses[name] ??= errorResponse(status);
        const own = operation.responses[status];
        operation.responses[status] = own ? { ...(responses[name] as Json), description: `${own.description as string}\n\n${(responses[name] as Json).description as string}` } : { $ref: `#/components/responses/${name}` };
      }
      // Admin routes name their own scheme: the same kind of token, but it must carry the admin role.
      operation.security = fact.public ? [] : path.startsWith('/v1/admin/') ? [{ admin: [] }] : [{ bearer: [] }];
    }
  }
  components.responses = { ...components.responses, ...(responses as Record<string, never>) };
  const bearer = components.securitySchemes?.bearer as Json | undefined;
  if (bearer) components.securitySchemes = { ...components.securitySchemes, admin: { ...bearer, description: `${bearer.description as string} It must carry the admin role.` } as never };
  (document as unknown as Json).webhooks = outboundWebhooks();
  integerFormats(document);
  addExamples(document as unknown as Json);
  return document;
}
