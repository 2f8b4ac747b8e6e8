// Route handlers without Nest's per-request layers (lean-route-handlers.ts) answer as Nest's own
// do: the same application with and without them, compared request by request over every kind
// of result and failure a route can have, and the routes that use a feature of Nest's handler
// (an interceptor, @Res(), a request-scoped controller) keep Nest's.
import assert from 'node:assert/strict';
import type net from 'node:net';
import { Readable } from 'node:stream';
import { after, describe, it } from 'node:test';
import {
  Body,
  type CallHandler,
  Controller,
  type ExecutionContext,
  Get,
  Header,
  HttpCode,
  Injectable,
  Module,
  type NestInterceptor,
  NotFoundException,
  Param,
  ParseIntPipe,
  Post,
  Query,
  Res,
  Scope,
  StreamableFile,
  UseInterceptors,
} from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { IsInt, IsString, Max } from 'class-validator';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { map, type Observable, of } from 'rxjs';
import { createApiAdapter, installRequestPath } from '../../src/bootstrap/request-path.js';
import { AllExceptionsFilter } from '../../src/common/errors/all-exceptions.filter.js';
import { DomainError } from '../../src/common/errors/domain-error.js';
import { ErrorCode } from '../../src/common/errors/error-codes.js';
import { createValidationPipe } from '../../src/common/errors/validation.js';
import { installHttpHooks } from '../../src/common/http/http-hooks.js';
import { routeHandlerKindsOf } from '../../src/common/http/lean-route-handlers.js';
import { createLogger } from '../../src/common/logging/logger.js';
import { MetricsService } from '../../src/common/metrics/metrics.service.js';
import { loadConfig } from '../../src/config/config-loader.js';

class ThingDto {
  @IsString()
  name!: string;

  @IsInt()
  @Max(10)
  size!: number;
}

@Injectable()
class WrapInterceptor implements NestInterceptor {
  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(map((value) => ({ wrapped: value })));
  }
}

const rejectedByPipes = Symbol.for('nestjs:rejected-by-pipes');

@Controller('things')
class ThingsController {
  @Get('plain')
  plain(): { status: string } {
    return { status: 'ok' };
  }

  @Get('async/:id')
  async byId(@Param('id', ParseIntPipe) id: number, @Query('q') q?: string): Promise<{ id: number; q: string | null }> {
    await new Promise((resolve) => setImmediate(resolve));
    return { id, q: q ?? null };
  }

  @Post()
  create(@Body() body: ThingDto): ThingDto {
    return body;
  }

  @Post('accepted')
  @HttpCode(202)
  @Header('cache-control', 'no-store')
  accepted(): string {
    return 'accepted';
  }

  @Get('nothing')
  @HttpCode(204)
  nothing(): void {}

  @Get('text')
  text(): string {
    return 'plain text';
  }

  @Get('array')
  array(): number[] {
    return [1, 2, 3];
  }

  @Get('throws')
  throws(): never {
    throw new NotFoundException('no such thing');
  }

  @Get('domain-error')
  async domainError(): Promise<never> {
    await Promise.resolve();
    throw new DomainError(ErrorCode.NOT_READY, 'Not ready yet', { failing: ['redis'] });
  }

  @Get('crash')
  crash(): never {
    throw new TypeError('a bug');
  }

  @Get('observable')
  observable(): Observable<{ from: string }> {
    return of({ from: 'observable' });
  }

  @Get('promised-observable')
  async promisedObservable(): Promise<Observable<{ from: string }>> {
    await Promise.resolve();
    return of({ from: 'promised observable' });
  }

  @Get('stream')
  stream(): Readable {
    return Readable.from(['str', 'eam']);
  }

  @Get('file')
  file(): StreamableFile {
    return new StreamableFile(Buffer.from('file body'), { type: 'text/csv', disposition: 'attachment; filename="x.csv"' });
  }

  @Get('wrapped')
  @UseInterceptors(WrapInterceptor)
  wrapped(): { inner: boolean } {
    return { inner: true };
  }

  @Get('raw')
  raw(@Res() reply: FastifyReply): void {
    void reply.code(201).send({ raw: true });
  }
}

@Controller({ path: 'scoped', scope: Scope.REQUEST })
class ScopedController {
  @Get()
  get(): { scoped: boolean } {
    return { scoped: true };
  }
}

@Module({ controllers: [ThingsController, ScopedController], providers: [WrapInterceptor] })
class ThingsModule {}

type Kind = 'nest' | 'lean';
const apps: NestFastifyApplication[] = [];
const rejected: Record<Kind, string[]> = { nest: [], lean: [] };
after(async () => {
  for (const app of apps) await app.close().catch(() => undefined);
});

/** The API's request path, with (`lean`) or without the lean route handlers (Nest's own). */
async function boot(kind: Kind): Promise<{ app: NestFastifyApplication; url: string }> {
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'fatal', MONGODB_URI: 'mongodb://127.0.0.1:1/unused', REDIS_URL: 'redis://127.0.0.1:1' });
  const logger = createLogger(config, 'api');
  const app = await NestFactory.create<NestFastifyApplication>(ThingsModule, createApiAdapter(config, logger), { logger: false });
  apps.push(app);
  if (kind === 'lean') {
    installRequestPath(app, new MetricsService(), config, logger);
  } else {
    app.useGlobalPipes(createValidationPipe());
    app.useGlobalFilters(new AllExceptionsFilter(logger));
    installHttpHooks(app.getHttpAdapter().getInstance(), new MetricsService(), { corsOrigins: [], corsMaxAgeSeconds: 600 });
  }
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onResponse', (request: FastifyRequest, _reply, done) => {
      if ((request as unknown as Record<symbol, unknown>)[rejectedByPipes] === true) rejected[kind].push(request.url);
      done();
    });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.getHttpServer().address() as net.AddressInfo;
  return { app, url: `http://127.0.0.1:${port}` };
}

const VARYING = new Set(['date', 'x-request-id', 'keep-alive', 'connection']);

/** What an answer shows a client, but for the headers that differ by request (date, request id). */
async function answer(url: string, init: RequestInit = {}): Promise<{ status: number; headers: Record<string, string>; body: string }> {
  const res = await fetch(url, init);
  const body = (await res.text()).replace(/"requestId":"[^"]+"/, '"requestId":"…"');
  const headers = Object.fromEntries([...res.headers].filter(([name]) => !VARYING.has(name)));
  return { status: res.status, headers, body };
}

const json = (body: unknown): RequestInit => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

const REQUESTS: [string, RequestInit?][] = [
  ['/things/plain'],
  ['/things/async/42?q=x'],
  ['/things/async/nope'],
  ['/things', json({ name: 'a', size: 3 })],
  ['/things', json({ name: 'a', size: 30 })],
  ['/things', json({ name: 'a', size: 3, extra: true })],
  ['/things', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name":' }],
  ['/things/accepted', { method: 'POST' }],
  ['/things/nothing'],
  ['/things/text'],
  ['/things/array'],
  ['/things/throws'],
  ['/things/domain-error'],
  ['/things/crash'],
  ['/things/observable'],
  ['/things/promised-observable'],
  ['/things/stream'],
  ['/things/file'],
  ['/things/wrapped'],
  ['/things/raw'],
  ['/scoped'],
  ['/things/nowhere'],
];

describe('lean route handlers', () => {
  it("answer every kind of route, result and failure exactly as Nest's handlers do", async () => {
    const nest = await boot('nest');
    const lean = await boot('lean');
    for (const [path, init] of REQUESTS) {
      const [expected, actual] = [await answer(nest.url + path, init), await answer(lean.url + path, init)];
      assert.deepEqual(actual, expected, `${init?.method ?? 'GET'} ${path}`);
      assert.ok(expected.status !== 500 || path === '/things/crash', `${path} answered ${expected.status}: ${expected.body}`);
    }
    // A sample of what was compared, so that a broken application cannot pass by failing alike.
    assert.equal((await answer(lean.url + '/things/async/42?q=x')).body, '{"id":42,"q":"x"}');
    assert.equal((await answer(lean.url + '/things/wrapped')).body, '{"wrapped":{"inner":true}}');
    assert.equal((await answer(lean.url + '/things/stream')).body, 'stream');
    assert.equal((await answer(lean.url + '/things/accepted', { method: 'POST' })).headers['cache-control'], 'no-store');
    // Requests whose pipes refused them are marked as Nest marks them (upload interceptors read it).
    assert.deepEqual(rejected.lean, rejected.nest);
    assert.ok(rejected.lean.includes('/things/async/nope'), JSON.stringify(rejected));

    // Which routes run without Nest's layers: all but those that use a feature of them.
    const kinds = routeHandlerKindsOf(lean.app);
    assert.deepEqual(kinds?.nest.sort(), ['ThingsController.raw', 'ThingsController.wrapped']);
    assert.equal(kinds?.lean.length, Object.getOwnPropertyNames(ThingsController.prototype).length - 3);
    assert.equal(routeHandlerKindsOf(nest.app), undefined);
  });
});
