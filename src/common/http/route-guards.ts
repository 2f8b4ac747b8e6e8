// The rate limit and the token check, run as one Fastify preHandler on the routes that need
// them, chosen once at boot, instead of as Nest global guards. A global guard makes Nest run
// its asynchronous guard chain on every route, health probes included; here a route that is
// public and skips every limit gets no hook at all. The guards themselves are unchanged and run
// in the same order (rate limit first, so bad tokens are counted too), at the same point of the
// request (after parsing, before the handler), and their errors reach the same error filter.
import { type CanActivate, type ExecutionContext, ForbiddenException, type INestApplication, type Type } from '@nestjs/common';
import { CUSTOM_ROUTE_ARGS_METADATA, PATH_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants.js';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum.js';
import type { HttpArgumentsHost } from '@nestjs/common/interfaces/index.js';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import { type NestFastifyApplication, RouteConfig } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest, preHandlerAsyncHookHandler, RouteOptions } from 'fastify';

/** What a route needs, resolved at boot from its controller's and method's metadata. */
export interface RouteGuardsRule {
  controller: Type<unknown>;
  handler: (...args: never[]) => unknown;
  guards: CanActivate[];
  /** Whether the handler can see the query or the body (@Query, @Body, @Req or a custom parameter decorator). */
  readsInput: boolean;
}

/** Nest's parameter types that carry the query or the body (RouteParamtypes: REQUEST, BODY, QUERY, RAW_BODY). */
const INPUT_PARAMETERS = new Set([RouteParamtypes.REQUEST, RouteParamtypes.BODY, RouteParamtypes.QUERY, RouteParamtypes.RAW_BODY]);

function readsInput(controller: Type<unknown>, name: string): boolean {
  const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, name) ?? {}) as Record<string, unknown>;
  // Keys are "<type>:<index>"; custom decorators' keys carry their own marker and may read anything.
  return Object.keys(args).some((key) => key.includes(CUSTOM_ROUTE_ARGS_METADATA) || INPUT_PARAMETERS.has(Number(key.split(':')[0])));
}

/** The rule installRouteGuards attached to a route, if it is a controller's route. */
export function routeRuleOf(route: RouteOptions): RouteGuardsRule | undefined {
  return (route.config as Record<string, unknown> | undefined)?.[RULE] as RouteGuardsRule | undefined;
}

/** Decides, per route, which of the guards it needs (none: no hook). */
export type GuardsFor = (handler: (...args: never[]) => unknown, controller: Type<unknown>) => CanActivate[];

const RULE = 'crowdhireGuards';
const GUARDS_HOOK = Symbol('crowdhire.routeGuards');

/** The execution context a Nest guard expects, for a request seen by a Fastify hook. */
class RouteContext implements ExecutionContext, HttpArgumentsHost {
  constructor(
    private readonly request: FastifyRequest,
    private readonly reply: FastifyReply,
    private readonly rule: RouteGuardsRule,
  ) {}
  getClass<T>(): Type<T> { return this.rule.controller as Type<T>; }
  getHandler(): (...args: never[]) => unknown { return this.rule.handler; }
  getArgs<T extends unknown[]>(): T { return [this.request, this.reply] as unknown as T; }
  getArgByIndex<T>(index: number): T { return this.getArgs()[index] as T; }
  getType<T extends string>(): T { return 'http' as T; }
  switchToHttp(): HttpArgumentsHost { return this; }
  switchToRpc(): never { throw new Error('not an RPC context'); }
  switchToWs(): never { throw new Error('not a WebSocket context'); }
  getRequest<T>(): T { return this.request as T; }
  getResponse<T>(): T { return this.reply as T; }
  getNext<T>(): T { return undefined as T; }
}

/** The execution context of a request to a route that is not a controller's, judged by the rules of one that is. */
export function routeContext(request: FastifyRequest, reply: FastifyReply, controller: Type<unknown>, handler: (...args: never[]) => unknown): ExecutionContext {
  return new RouteContext(request, reply, { controller, handler, guards: [], readsInput: false });
}

function guardsHook(rule: RouteGuardsRule): preHandlerAsyncHookHandler {
  const hook = async function routeGuards(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const context = new RouteContext(request, reply, rule);
    for (const guard of rule.guards) {
      if (!(await guard.canActivate(context))) throw new ForbiddenException();
    }
  };
  return Object.assign(hook, { [GUARDS_HOOK]: true });
}

/** Every route handler of every controller: its class, method name and function. */
export function* controllerRoutes(app: INestApplication): Generator<{ controller: Type<unknown>; name: string; handler: (...args: never[]) => unknown }> {
  const scanner = new MetadataScanner();
  for (const wrapper of app.get(DiscoveryService).getControllers()) {
    const controller = wrapper.metatype as Type<unknown> | null;
    if (!controller) continue;
    const prototype = controller.prototype as Record<string, (...args: never[]) => unknown>;
    for (const name of scanner.getAllMethodNames(prototype)) {
      if (Reflect.getMetadata(PATH_METADATA, prototype[name]) !== undefined) yield { controller, name, handler: prototype[name] };
    }
  }
}

/**
 * Marks every controller route with the guards it needs (as its Fastify route config) and has
 * Fastify add the hook when Nest registers the route. Call before `app.init()`; the returned
 * check, called after it, fails the boot if a route with guards was not registered with them.
 */
export function installRouteGuards(app: NestFastifyApplication, guardsFor: GuardsFor): () => void {
  const pending = new Set<RouteGuardsRule>();
  for (const { controller, name, handler } of controllerRoutes(app)) {
    const rule: RouteGuardsRule = { controller, handler, guards: guardsFor(handler, controller), readsInput: readsInput(controller, name) };
    pending.add(rule);
    const prototype = controller.prototype as object;
    RouteConfig({ [RULE]: rule })(prototype, name, Object.getOwnPropertyDescriptor(prototype, name) as PropertyDescriptor);
  }
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onRoute', (route: RouteOptions) => {
    const rule = routeRuleOf(route);
    if (!rule) return;
    pending.delete(rule);
    if (rule.guards.length === 0) return;
    const existing = route.preHandler === undefined ? [] : Array.isArray(route.preHandler) ? route.preHandler : [route.preHandler];
    // Fastify's HEAD twin of a GET route may come from options this hook already extended.
    if (existing.some((hook) => GUARDS_HOOK in hook)) return;
    route.preHandler = [...existing, guardsHook(rule)];
  });
  return () => {
    if (pending.size > 0) {
      const names = [...pending].map((rule) => `${rule.controller.name}.${rule.handler.name}`);
      throw new Error(`Routes registered without their guards: ${names.join(', ')}`);
    }
  };
}
