// Builds the API application: Fastify adapter, /v1 prefix, validation, the error shape, request
// ids, metrics, OpenAPI and the admin dashboard. main.ts, tests and benchmarks all use this.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { RequestMethod } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import fastifyStatic from '@fastify/static';
import type { Logger } from 'pino';
import { AppModule } from '../app.module.js';
import { registerMultipart } from '../common/http/multipart.js';
import { installOperatorGuard } from '../common/http/reject-operators.js';
import { installRouteGuards, routeRuleOf } from '../common/http/route-guards.js';
import { RateLimitGuard } from '../common/throttling/rate-limit.guard.js';
import { createLogger, NestPinoLogger } from '../common/logging/logger.js';
import { MetricsService } from '../common/metrics/metrics.service.js';
import type { AppConfig } from '../config/app-config.js';
import { waitForDependencies } from './dependencies.js';
import { createApiAdapter, installRequestPath } from './request-path.js';
import { completeDocument, operationFacts } from '../openapi/document.js';
import { JwtAuthGuard } from '../modules/auth/auth.guard.js';
import { DEV_IDP_PATH } from '../modules/auth/dev-idp.keys.js';
import { BULL_BOARD_ADAPTER } from '@bull-board/nestjs';
import { BOARD_PATH, type GuardedBoardAdapter } from '../modules/admin/queue-board.js';
import { AuditService } from '../modules/audit/audit.service.js';
import { QueueService } from '../queues/queue.service.js';

export const API_PREFIX = 'v1';
/** Its body is verified by signature and never becomes a query, so the operator guard skips it. */
const STRIPE_WEBHOOK_ROUTE = `/${API_PREFIX}/payments/stripe/webhook`;
export const ADMIN_DIR = fileURLToPath(new URL('../../../apps/admin/dist/', import.meta.url));

export function openApiDocument(app: NestFastifyApplication, config: Pick<AppConfig, 'AUTH_DEV_IDP'>) {
  const bearer = config.AUTH_DEV_IDP
    ? `A JWT of the identity provider. In development, get one from \`POST /${DEV_IDP_PATH}/token\` (documented below) with a subject and roles.`
    : 'A JWT of the identity provider.';
  const practices = ' Tokens are handled as RFC8725 (JSON Web Token Best Current Practices) asks: RS256 only (no `none`, no HS256), the key from the JWKS by `kid`, issuer, audience and expiry always checked.';
  const builder = new DocumentBuilder()
    .setOpenAPIVersion('3.1.0')
    .setTitle('Crowdhire API')
    .setDescription(
      'Crowdsourced recruiting: jobs, candidates, submissions, AI matching and payments.\n\n' +
        'Errors share one shape (`ErrorBody`); each error status lists the stable codes it can carry. ' +
        'Lists are pages: pass `limit` (1 to 100) and the `nextCursor` of the previous page as `cursor`; `nextCursor` is null on the last page.',
    )
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: bearer + practices }, 'bearer')
    .build();
  return completeDocument(SwaggerModule.createDocument(app, builder), operationFacts(app));
}

export async function createApi(config: AppConfig, logger: Logger = createLogger(config, 'api')): Promise<NestFastifyApplication> {
  // Nest's adapter, with one request hook where it has six and no middleware runner (lean-fastify-adapter.ts).
  const adapter = createApiAdapter(config, logger);
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config, logger), adapter, {
    logger: new NestPinoLogger(logger),
    abortOnError: false,
    // The Stripe webhook's signature is over the exact bytes received.
    rawBody: true,
  });
  app.setGlobalPrefix(API_PREFIX, {
    exclude: [
      { path: 'health/live', method: RequestMethod.GET },
      { path: 'health/ready', method: RequestMethod.GET },
      { path: 'metrics', method: RequestMethod.GET },
      { path: `${DEV_IDP_PATH}/.well-known/openid-configuration`, method: RequestMethod.GET },
      { path: `${DEV_IDP_PATH}/jwks.json`, method: RequestMethod.GET },
      { path: `${DEV_IDP_PATH}/token`, method: RequestMethod.POST },
      // Bull Board is a page beside the dashboard, not an API route (queue-board.ts).
      { path: BOARD_PATH.slice(1), method: RequestMethod.ALL },
    ],
  });
  installRequestPath(app, app.get(MetricsService), config, logger);
  const fastify = app.getHttpAdapter().getInstance();
  // Per route, at boot: the rate limit first, so bad tokens are counted too; a public route
  // that skips every limit gets neither, and one that reads no input gets no operator check.
  const rateLimit = app.get(RateLimitGuard);
  const auth = app.get(JwtAuthGuard);
  installOperatorGuard(fastify, (route) => route.url === STRIPE_WEBHOOK_ROUTE || routeRuleOf(route)?.readsInput === false);
  const checkRouteGuards = installRouteGuards(app, (handler, controller) => [
    ...(rateLimit.skipsAll(handler, controller) ? [] : [rateLimit]),
    ...(auth.isPublic(handler, controller) ? [] : [auth]),
  ]);
  // Bull Board: the same guards (admin role), and its changes in the audit log.
  app.get<string, GuardedBoardAdapter>(BULL_BOARD_ADAPTER).protect({ guards: [rateLimit, auth], audit: app.get(AuditService), queues: app.get(QueueService), logger });
  // Files are streamed by the handler (UploadsService), never buffered by the parser.
  await registerMultipart(fastify, { limits: { fileSize: config.UPLOAD_MAX_BYTES, files: 1 } });


  if (config.API_DOCS_ENABLED) {
    SwaggerModule.setup('docs', app, () => openApiDocument(app, config), {
      jsonDocumentUrl: 'openapi.json',
      raw: ['json'],
      useGlobalPrefix: false,
    });
  }
  // The dashboard: hashed assets are immutable; index.html is revalidated so a deploy is seen.
  await fastify.register(fastifyStatic, {
    root: ADMIN_DIR,
    prefix: '/admin/',
    decorateReply: false,
    index: ['index.html'],
    setHeaders: (reply, file) => void reply.header('cache-control', file.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache'),
  });
  // What the dashboard needs to know to sign in, at run time (one build for every deployment).
  fastify.get('/admin/config.json', (_req, reply) => {
    void reply.header('cache-control', 'no-cache').send({
      devSignIn: config.AUTH_DEV_IDP,
      oidc: config.ADMIN_OIDC_CLIENT_ID ? { authority: config.ADMIN_OIDC_AUTHORITY, clientId: config.ADMIN_OIDC_CLIENT_ID, audience: config.AUTH_AUDIENCE } : null,
    });
  });
  fastify.get('/admin', (_req, reply) => reply.redirect('/admin/', 301));

  await app.init();
  checkRouteGuards();
  await waitForDependencies(app, logger, config.STARTUP_TIMEOUT_MS);
  return app;
}
