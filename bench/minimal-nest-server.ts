// The second baseline for bench/http.bench.ts: the smallest Nest application on the Fastify
// adapter (one controller, no global providers), as its own process like the API. What our
// API adds beyond this is our own per-request work. With `headers` as the second argument it
// also sends what every API answer must carry (the JSON security headers and a request id),
// set as the API sets them: the third baseline, which shows what those headers cost alone. With
// `loaded`, it also loads every module of the API (its controllers, services, schemas and their
// libraries) and uses none of them: the fourth baseline, which shows what merely having a large
// application's code in the process costs a request that runs none of it. With `request-path`,
// it is built with what every API request passes through besides its route, as the API builds
// it (src/bootstrap/request-path.ts: the API's adapter and route handlers, validation and error
// layers, headers, request ids and request metrics): the fifth baseline, which shows what that work costs apart
// from the size of the application around it.
import 'reflect-metadata';
import type { IncomingMessage } from 'node:http';
import { Controller, Get, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { setReplyHeaders } from '../src/common/http/fastify-internals.js';
import { genReqId, REQUEST_ID_HEADER } from '../src/common/http/http-hooks.js';
import { API_HEADERS } from '../src/common/http/security-headers.js';
import { createLogger } from '../src/common/logging/logger.js';
import { MetricsService } from '../src/common/metrics/metrics.service.js';
import { createApiAdapter, installRequestPath } from '../src/bootstrap/request-path.js';
import { loadConfig } from '../src/config/config-loader.js';

@Controller('health')
class LiveController {
  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }
}

@Module({ controllers: [LiveController] })
class MinimalModule {}

const mode = process.argv[3];
const withHeaders = mode === 'headers' || mode === 'loaded';
if (mode === 'loaded') await import('../src/bootstrap/create-api.js');
/** The API's settings and logger, for the API's request path. */
function apiSettings() {
  const config = loadConfig(process.env);
  return { config, logger: createLogger(config, 'api') };
}
const api = mode === 'request-path' ? apiSettings() : null;
const adapter = api ? createApiAdapter(api.config, api.logger) : withHeaders ? new FastifyAdapter({ genReqId: (req: unknown) => genReqId(req as IncomingMessage) }) : new FastifyAdapter();
const app = await NestFactory.create<NestFastifyApplication>(MinimalModule, adapter, { logger: false });
if (api) installRequestPath(app, new MetricsService(), api.config, api.logger);
if (withHeaders) {
  app.getHttpAdapter().getInstance().addHook('onRequest', (request, reply, done) => {
    setReplyHeaders(reply, API_HEADERS, REQUEST_ID_HEADER, request.id);
    done();
  });
}
await app.listen({ port: Number(process.argv[2]), host: '127.0.0.1' });
process.send?.({ type: 'ready' });
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
