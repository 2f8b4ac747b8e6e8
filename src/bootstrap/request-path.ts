// What every API request passes through besides its route: the adapter (one request hook where
// Nest's has six, no middleware runner, no logger per request), route handlers without Nest's
// per-request layers, the validation and error layers, and the hooks that set the security
// headers and the request id and count the request in the metrics. createApi builds the API
// with these; bench/minimal-nest-server.ts puts the same on a one-route application, which shows
// what this work costs apart from the application's size.
import { LogController } from 'fastify';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Logger } from 'pino';
import { AllExceptionsFilter } from '../common/errors/all-exceptions.filter.js';
import { createValidationPipe } from '../common/errors/validation.js';
import { clientErrorHandler, frameworkErrors } from '../common/http/client-errors.js';
import { genReqId, installHttpHooks } from '../common/http/http-hooks.js';
import { LeanFastifyAdapter } from '../common/http/lean-fastify-adapter.js';
import { installLeanRouteHandlers } from '../common/http/lean-route-handlers.js';
import type { MetricsService } from '../common/metrics/metrics.service.js';
import type { AppConfig } from '../config/app-config.js';

const BODY_LIMIT_BYTES = 1024 * 1024;

/**
 * The API's logger as Fastify sees it when requests are not logged: its child() is itself, so a
 * request gets no logger of its own. A pino child per request is measurable work, and so is a
 * custom childLoggerFactory, whose every child Fastify validates. Errors are logged with their
 * request id by the error filter.
 */
function withoutRequestLoggers(logger: Logger): Logger {
  const shared: Logger = Object.create(logger);
  Object.defineProperty(shared, 'child', { value: () => shared });
  return shared;
}

type RequestPathConfig = Pick<AppConfig, 'LOG_LEVEL' | 'TRUSTED_PROXIES' | 'CORS_ORIGINS'>;

/** The API's Fastify adapter. */
export function createApiAdapter(config: RequestPathConfig, logger: Logger): LeanFastifyAdapter {
  const requestLogging = config.LOG_LEVEL === 'debug' || config.LOG_LEVEL === 'trace';
  return new LeanFastifyAdapter({
    loggerInstance: requestLogging ? logger : withoutRequestLoggers(logger),
    // Request lines only at debug: at info they would double the log volume of a busy API.
    logController: new LogController({
      disableRequestLogging: !requestLogging,
      requestIdLogLabel: 'requestId',
    }),
    genReqId,
    bodyLimit: BODY_LIMIT_BYTES,
    // Only the configured proxies may say who the client is (the rate limit counts by it).
    trustProxy: config.TRUSTED_PROXIES.length > 0 ? config.TRUSTED_PROXIES : false,
    clientErrorHandler: clientErrorHandler(logger),
    frameworkErrors: frameworkErrors(logger),
  });
}

/**
 * Validation, the error shape, the security headers, request ids, CORS, the request metrics, and
 * route handlers without Nest's per-request layers where a route uses none of their features
 * (lean-route-handlers.ts). Call before the application's init, which registers its routes.
 */
export function installRequestPath(app: NestFastifyApplication, metrics: MetricsService, config: RequestPathConfig, logger: Logger): void {
  installLeanRouteHandlers(app);
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new AllExceptionsFilter(logger));
  metrics.enableProcessMetrics();
  installHttpHooks(app.getHttpAdapter().getInstance(), metrics, { corsOrigins: config.CORS_ORIGINS, corsMaxAgeSeconds: 600 });
}
