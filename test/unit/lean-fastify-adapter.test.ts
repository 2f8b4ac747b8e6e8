// The API's Fastify adapter (lean-fastify-adapter.ts) answers as NestJS's own does, with one
// request hook per route where Nest's has seven (six of its own and middie's) and no response
// hook: the same application on both adapters, compared request by request, including the
// cases the six hooks exist for.
import assert from 'node:assert/strict';
import type net from 'node:net';
import { after, describe, it } from 'node:test';
import { Controller, Get, Module, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { LeanFastifyAdapter } from '../../src/common/http/lean-fastify-adapter.js';
import { rawRequestLine } from '../support/raw-http.js';

@Controller('things')
class ThingsController {
  @Get()
  list(): { things: string[] } {
    return { things: ['a'] };
  }
}

@Module({ controllers: [ThingsController] })
class ThingsModule {}

@Module({ controllers: [ThingsController] })
class WithMiddlewareModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply((_req: unknown, _res: unknown, next: () => void) => next()).forRoutes('*');
  }
}

type Kind = 'nest' | 'lean';
const apps: NestFastifyApplication[] = [];
after(async () => {
  for (const app of apps) await app.close().catch(() => undefined);
});

interface Setup {
  return503OnClosing?: boolean;
  prepare?(app: NestFastifyApplication): void;
}

async function boot(kind: Kind, setup: Setup = {}): Promise<{ app: NestFastifyApplication; url: string }> {
  const adapter = kind === 'lean' ? new LeanFastifyAdapter() : new FastifyAdapter();
  const app = await NestFactory.create<NestFastifyApplication>(ThingsModule, adapter, { logger: false, return503OnClosing: setup.return503OnClosing });
  apps.push(app);
  setup.prepare?.(app);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.getHttpServer().address() as net.AddressInfo;
  return { app, url: `http://127.0.0.1:${port}` };
}

/** What an answer shows a client: status, the body and the headers that differ by feature. */
async function answer(url: string, init: RequestInit = {}): Promise<{ status: number; body: string; cors: string | null; connection: string | null }> {
  const res = await fetch(url, init);
  return { status: res.status, body: await res.text(), cors: res.headers.get('access-control-allow-origin'), connection: res.headers.get('connection') };
}

async function onBoth<T>(setup: (kind: Kind) => Setup, probe: (server: Awaited<ReturnType<typeof boot>>) => Promise<T>): Promise<[T, T]> {
  const nest = await boot('nest', setup('nest'));
  const lean = await boot('lean', setup('lean'));
  return [await probe(nest), await probe(lean)];
}

describe('LeanFastifyAdapter', () => {
  it('gives a route one request hook and no response hook, where NestJS has seven and one', async () => {
    const [nest, lean] = await onBoth(
      () => ({}),
      async ({ app }) => app.getHttpAdapter().getInstance().printRoutes({ includeHooks: true, commonPrefix: false }),
    );
    // printRoutes lists a route's hooks by kind: "• (onRequest) ["anonymous()", ...]"; here, those of GET /things.
    const hooks = (routes: string, kind: string) => JSON.parse(new RegExp(`\\(${kind}\\) (\\[.*\\])`).exec(routes)?.[1] ?? '[]') as string[];
    assert.equal(hooks(nest, 'onRequest').length, 7, nest);
    assert.equal(hooks(nest, 'onResponse').length, 1, nest);
    assert.equal(hooks(lean, 'onRequest').length, 1, lean);
    assert.equal(hooks(lean, 'onResponse').length, 0, lean);
  });

  it('answers requests, odd request targets and unknown routes as NestJS does', async () => {
    const [nest, lean] = await onBoth(
      () => ({}),
      async ({ url }) => ({
        ok: await answer(`${url}/things`),
        missing: await answer(`${url}/nothing`),
        // find-my-way would serve these as /things and /: Nest answers them as not found.
        asterisk: (await rawRequestLine(url, 'GET *things HTTP/1.1')).statusLine,
        server: (await rawRequestLine(url, 'OPTIONS * HTTP/1.1')).statusLine,
        absolute: (await rawRequestLine(url, `GET ${url}/things HTTP/1.1`)).statusLine,
      }),
    );
    assert.deepEqual(lean, nest);
    assert.equal(lean.ok.status, 200);
    assert.equal(lean.asterisk, 'HTTP/1.1 404 Not Found');
    assert.equal(lean.server, 'HTTP/1.1 404 Not Found');
    assert.equal(lean.absolute, 'HTTP/1.1 200 OK');
  });

  it("runs Nest's request and response hooks once they are set", async () => {
    const seen: Record<Kind, string[]> = { nest: [], lean: [] };
    const [nest, lean] = await onBoth(
      (kind) => ({
        prepare: (app) => {
          const adapter = app.getHttpAdapter() as unknown as FastifyAdapter;
          adapter.setOnRequestHook((req, _res, done) => (seen[kind].push(`request ${req.url}`), done()));
          adapter.setOnResponseHook((req, _res, done) => (seen[kind].push(`response ${req.url}`), done()));
        },
      }),
      async ({ url }) => answer(`${url}/things`),
    );
    assert.deepEqual(lean, nest);
    assert.deepEqual(seen.lean, ['request /things', 'response /things']);
    assert.deepEqual(seen.lean, seen.nest);
  });

  it("applies Nest's CORS when it is enabled", async () => {
    const origin = 'https://app.example';
    const [nest, lean] = await onBoth(
      () => ({ prepare: (app) => app.enableCors({ origin }) }),
      async ({ url }) => ({
        get: await answer(`${url}/things`, { headers: { origin } }),
        preflight: await answer(`${url}/things`, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'GET' } }),
      }),
    );
    assert.deepEqual(lean, nest);
    assert.equal(lean.get.cors, origin);
    assert.equal(lean.preflight.status, 204);
  });

  it('answers 503 and closes the connection while the application shuts down, with return503OnClosing', async () => {
    const [nest, lean] = await onBoth(
      () => ({ return503OnClosing: true }),
      async ({ app, url }) => {
        (app.getHttpAdapter() as unknown as { beforeClose(): void }).beforeClose();
        return answer(`${url}/things`);
      },
    );
    assert.deepEqual(lean, nest);
    assert.equal(lean.status, 503);
    assert.equal(lean.connection, 'close');
  });

  it('refuses Nest middleware at boot, naming what to do instead', async () => {
    await assert.rejects(
      async () => {
        const app = await NestFactory.create<NestFastifyApplication>(WithMiddlewareModule, new LeanFastifyAdapter(), { logger: false, abortOnError: false });
        apps.push(app);
        await app.init();
      },
      /Nest middleware \(consumer.apply\(\), app.use\(\)\) is not available on this API: do the work in a Fastify hook/,
    );
  });
});
