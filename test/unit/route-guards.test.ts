// Guards as per-route Fastify hooks chosen at boot (route-guards.ts), on a small Nest app: a route
// whose rule needs no guard runs none, a guarded one runs each guard once in order with its own
// handler and controller (also for Fastify's HEAD twin of a GET), a refusal is an error response,
// and only routes whose handler reads the query or body get the operator check.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import 'reflect-metadata';
import { Body, type CanActivate, Controller, type ExecutionContext, ForbiddenException, Get, Post, Query } from '@nestjs/common';
import { DiscoveryModule, NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Module } from '@nestjs/common';
import pino from 'pino';
import { AllExceptionsFilter } from '../../src/common/errors/all-exceptions.filter.js';
import { installOperatorGuard } from '../../src/common/http/reject-operators.js';
import { installRouteGuards, routeRuleOf } from '../../src/common/http/route-guards.js';

@Controller('things')
class ThingsController {
  @Get('open')
  open(): { ok: true } {
    return { ok: true };
  }

  @Get('closed')
  closed(@Query('q') q?: string): { q: string | null } {
    return { q: q ?? null };
  }

  @Post('closed')
  create(@Body() body: unknown): unknown {
    return body;
  }
}

@Module({ imports: [DiscoveryModule], controllers: [ThingsController] })
class ThingsModule {}

/** Records every call; refuses a request without the `x-pass` header. */
class RecordingGuard implements CanActivate {
  readonly calls: string[] = [];
  constructor(private readonly name: string) {}
  canActivate(context: ExecutionContext): boolean {
    this.calls.push(`${this.name}:${context.getClass().name}.${context.getHandler().name}`);
    if (context.switchToHttp().getRequest<{ headers: Record<string, string> }>().headers['x-pass'] !== 'yes') throw new ForbiddenException('no pass');
    return true;
  }
}

async function app(): Promise<{ nest: NestFastifyApplication; first: RecordingGuard; second: RecordingGuard }> {
  const nest = await NestFactory.create<NestFastifyApplication>(ThingsModule, new FastifyAdapter(), { logger: false });
  const first = new RecordingGuard('first');
  const second = new RecordingGuard('second');
  nest.useGlobalFilters(new AllExceptionsFilter(pino({ level: 'silent' })));
  const fastify = nest.getHttpAdapter().getInstance();
  installOperatorGuard(fastify, (route) => routeRuleOf(route)?.readsInput === false);
  const check = installRouteGuards(nest, (handler) => (handler.name === 'open' ? [] : [first, second]));
  await nest.init();
  check();
  return { nest, first, second };
}

describe('route guards', () => {
  it('runs no guard on a route that needs none, and each guard once, in order, on the others', async () => {
    const { nest, first, second } = await app();
    try {
      const fastify = nest.getHttpAdapter().getInstance();
      assert.equal((await fastify.inject({ method: 'GET', url: '/things/open' })).statusCode, 200);
      assert.deepEqual([first.calls, second.calls], [[], []]);

      const refused = await fastify.inject({ method: 'GET', url: '/things/closed' });
      assert.deepEqual([refused.statusCode, refused.json().code], [403, 'FORBIDDEN'], 'a refusal is the one error shape');
      assert.deepEqual([first.calls, second.calls], [['first:ThingsController.closed'], []], 'the first refusal stops the chain');

      const passed = await fastify.inject({ method: 'GET', url: '/things/closed?q=a', headers: { 'x-pass': 'yes' } });
      assert.deepEqual([passed.statusCode, passed.json()], [200, { q: 'a' }]);
      assert.deepEqual(second.calls, ['second:ThingsController.closed']);

      // Fastify's HEAD twin of the GET route is guarded too, once.
      first.calls.length = 0;
      assert.equal((await fastify.inject({ method: 'HEAD', url: '/things/closed' })).statusCode, 403);
      assert.deepEqual(first.calls, ['first:ThingsController.closed']);
      const post = await fastify.inject({ method: 'POST', url: '/things/closed', headers: { 'x-pass': 'yes' }, payload: { a: 1 } });
      assert.deepEqual([post.statusCode, post.json()], [201, { a: 1 }]);
      assert.ok(second.calls.includes('second:ThingsController.create'));
    } finally {
      await nest.close();
    }
  });

  it('checks for operators only where the handler reads the query or the body', async () => {
    const { nest } = await app();
    try {
      const fastify = nest.getHttpAdapter().getInstance();
      assert.equal((await fastify.inject({ method: 'GET', url: '/things/open?$where=1' })).statusCode, 200);
      const query = await fastify.inject({ method: 'GET', url: '/things/closed?$where=1', headers: { 'x-pass': 'yes' } });
      assert.deepEqual([query.statusCode, query.json().code], [400, 'MONGO_OPERATOR_REJECTED']);
      const body = await fastify.inject({ method: 'POST', url: '/things/closed', headers: { 'x-pass': 'yes' }, payload: { $gt: 1 } });
      assert.deepEqual([body.statusCode, body.json().code], [400, 'MONGO_OPERATOR_REJECTED']);
    } finally {
      await nest.close();
    }
  });
});
