// Route handlers without Nest's per-request layers where a route uses none of their features.
//
// For every route, Nest's RouterExecutionContext builds a handler that, on each request, runs
// three nested async functions and two more to send the answer (its guards, its interceptors'
// chain with an empty list, the handler call, the result's transformation, the send), each a
// promise and a microtask, with a closure and two arrays made per request: about 3 µs of CPU
// per request on this project's machine (11 % of a trivial route's, 2.8 against 24.6 µs in an
// A/B probe of four processes over nine rounds). A route with no guards (the API's are Fastify
// hooks, route-guards.ts), no interceptors, no @Res()/@Next(), no SSE, redirect or template does
// none of that work but these steps, in this order, which the handler made here runs directly:
// the status, the @Header() headers, the pipes (a rejection marks the request as Nest does),
// the handler, waiting for its promise if it returns one, and the send; an Observable or a
// stream it returns goes to Nest's own response step, as before. Everything else (request-scoped
// controllers, the routes with interceptors such as @Audited(), @Res() routes) keeps Nest's
// handler. Errors reach the same exception filters through Nest's router proxy, which wraps
// either handler, except that around a lean handler that answered before it returned, the proxy
// returns at once instead of awaiting the sent reply (another 1.1 µs per request, 5 %: leanProxy).
//
// What this reads of Nest (private fields on the way to the execution context and the router
// proxy, and their methods and fields below) is checked when it is installed: a NestJS that
// changes them fails the boot here (and the HTTP tests), never a request.
import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host.js';
import { STATIC_CONTEXT } from '@nestjs/core/injector/constants.js';
import { markRejectedByPipes } from '@nestjs/core/router/rejected-by-pipes.js';
import { isStreamingBody } from '@nestjs/core/router/streaming-body.js';
import { isObservable } from 'rxjs';

type Handler = (req: unknown, res: unknown, next: unknown) => unknown;
type PipesFn = ((args: unknown[], req: unknown, res: unknown, next: unknown) => Promise<unknown> | undefined) | null;

interface HandlerMetadata {
  argsLength: number;
  fnHandleResponse: (result: unknown, res: unknown, req: unknown, handlerObservable$?: undefined, handlerStreams?: unknown[]) => Promise<unknown>;
  isSseHandler: boolean;
  paramtypes: unknown[];
  getParamsMetadata: (moduleKey: string, contextId?: unknown, inquirerId?: string) => { type: unknown }[];
  httpStatusCode: number;
  responseHeaders: unknown[];
  hasCustomHeaders: boolean;
}

/** The parts of Nest's RouterExecutionContext (private in its types) that this uses. */
interface ExecutionContextCreator {
  create(instance: object, callback: (...args: unknown[]) => unknown, methodName: string, moduleKey: string, requestMethod: number, contextId?: unknown, inquirerId?: string): Handler;
  getMetadata(instance: object, callback: unknown, methodName: string, moduleKey: string, requestMethod: number, contextType: string): HandlerMetadata;
  createPipesFn(pipes: unknown[], paramsOptions: unknown[]): PipesFn;
  isResponseHandled(instance: object, methodName: string, paramsMetadata: unknown[]): boolean;
  reflectRedirect(callback: unknown): unknown;
  reflectRenderTemplate(callback: unknown): unknown;
  contextUtils: { createNullArray(length: number): unknown[]; mergeParamsMetatypes(paramsMetadata: unknown[], paramtypes: unknown[]): unknown[] };
  pipesContextCreator: { create(instance: object, callback: unknown, moduleKey: string, contextId?: unknown, inquirerId?: string): unknown[] };
  guardsContextCreator: { create(instance: object, callback: unknown, moduleKey: string, contextId?: unknown, inquirerId?: string): unknown[] };
  interceptorsContextCreator: { create(instance: object, callback: unknown, moduleKey: string, contextId?: unknown, inquirerId?: string): unknown[] };
  responseController: { setStatus(res: unknown, statusCode: number): void; setHeaders(res: unknown, headers: unknown[]): void };
  applicationRef: { reply(res: unknown, body: unknown, statusCode?: number): unknown };
}

const METHODS = ['create', 'getMetadata', 'createPipesFn', 'isResponseHandled', 'reflectRedirect', 'reflectRenderTemplate'] as const;
const PARTS: Record<string, readonly string[]> = {
  contextUtils: ['createNullArray', 'mergeParamsMetatypes'],
  pipesContextCreator: ['create'],
  guardsContextCreator: ['create'],
  interceptorsContextCreator: ['create'],
  responseController: ['setStatus', 'setHeaders'],
  applicationRef: ['reply'],
};

function unsupported(what: string): Error {
  return new Error(`NestJS no longer has ${what}; see src/common/http/lean-route-handlers.ts`);
}

interface ExceptionsHandler {
  next(error: unknown, host: ExecutionContextHost): void;
}

/** Nest's RouterProxy, which wraps each route's handler in its exception filters. */
interface RouterProxy {
  createProxy(target: Handler, exceptionsHandler: ExceptionsHandler): Handler;
}

/** The application's RouterExecutionContext and RouterProxy, checked to have what this uses. */
function internalsOf(app: INestApplication): { creator: ExecutionContextCreator; proxy: RouterProxy } {
  const resolver = (app as unknown as { routesResolver?: { routerExplorer?: { executionContextCreator?: ExecutionContextCreator; routerProxy?: RouterProxy } } }).routesResolver;
  const creator = resolver?.routerExplorer?.executionContextCreator;
  const proxy = resolver?.routerExplorer?.routerProxy;
  if (!creator) throw unsupported('routesResolver.routerExplorer.executionContextCreator');
  if (typeof proxy?.createProxy !== 'function') throw unsupported('routesResolver.routerExplorer.routerProxy.createProxy()');
  const record = creator as unknown as Record<string, Record<string, unknown> | undefined>;
  for (const method of METHODS) if (typeof record[method] !== 'function') throw unsupported(`RouterExecutionContext.${method}()`);
  for (const [field, methods] of Object.entries(PARTS)) {
    for (const method of methods) if (typeof record[field]?.[method] !== 'function') throw unsupported(`RouterExecutionContext.${field}.${method}()`);
  }
  return { creator, proxy };
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return value !== null && (typeof value === 'object' || typeof value === 'function') && typeof (value as { then?: unknown }).then === 'function';
}

/**
 * The lean handler for a route, or null when the route uses a feature whose per-request work
 * Nest's handler does (guards, interceptors, @Res()/@Next(), SSE, a redirect, a template). For a
 * controller that is not request-scoped (those get a handler per request, and keep Nest's).
 */
function leanHandler(
  context: ExecutionContextCreator,
  instance: object,
  callback: (...args: unknown[]) => unknown,
  methodName: string,
  moduleKey: string,
  requestMethod: number,
  inquirerId: string | undefined,
): Handler | null {
  const contextId = STATIC_CONTEXT;
  const metadata = context.getMetadata(instance, callback, methodName, moduleKey, requestMethod, 'http');
  const { argsLength, fnHandleResponse, httpStatusCode, responseHeaders, hasCustomHeaders } = metadata;
  const paramsMetadata = metadata.getParamsMetadata(moduleKey, contextId, inquirerId);
  if (
    metadata.isSseHandler ||
    context.isResponseHandled(instance, methodName, paramsMetadata) ||
    context.reflectRedirect(callback) !== undefined ||
    context.reflectRenderTemplate(callback) !== undefined ||
    context.guardsContextCreator.create(instance, callback, moduleKey, contextId, inquirerId).length > 0 ||
    context.interceptorsContextCreator.create(instance, callback, moduleKey, contextId, inquirerId).length > 0
  ) {
    return null;
  }
  const pipes = context.pipesContextCreator.create(instance, callback, moduleKey, contextId, inquirerId);
  const applyPipes = context.createPipesFn(pipes, context.contextUtils.mergeParamsMetatypes(paramsMetadata, metadata.paramtypes));
  const { responseController, applicationRef, contextUtils } = context;

  // What Nest's response step does for a value that is neither an Observable nor a stream.
  const send = (result: unknown, res: unknown, req: unknown): unknown =>
    isObservable(result) || isStreamingBody(result) ? fnHandleResponse(result, res, req, undefined, []) : applicationRef.reply(res, result, httpStatusCode);
  const callAndSend = (args: unknown[], req: unknown, res: unknown): unknown => {
    const result = callback.apply(instance, args);
    return isThenable(result) ? Promise.resolve(result).then((value) => send(value, res, req)) : send(result, res, req);
  };
  return (req, res, next) => {
    const args = contextUtils.createNullArray(argsLength);
    responseController.setStatus(res, httpStatusCode);
    if (hasCustomHeaders) responseController.setHeaders(res, responseHeaders);
    const pending = applyPipes?.(args, req, res, next);
    if (!pending) return callAndSend(args, req, res);
    return pending.then(
      () => callAndSend(args, req, res),
      (error: unknown) => {
        markRejectedByPipes(req);
        throw error;
      },
    );
  };
}

/** Which of an application's handlers (`Controller.method`) got the lean handler, and which kept Nest's. */
export interface RouteHandlerKinds {
  lean: string[];
  nest: string[];
}

const kindsByAdapter = new WeakMap<object, RouteHandlerKinds>();

/** What installLeanRouteHandlers() gave `app`'s routes (undefined when it was not installed). */
export function routeHandlerKindsOf(app: INestApplication): RouteHandlerKinds | undefined {
  return kindsByAdapter.get(app.getHttpAdapter());
}

/**
 * Gives `app`'s routes the lean handler where they qualify; call before the routes are
 * registered (init). The lists it returns fill as they are.
 */
export function installLeanRouteHandlers(app: INestApplication): RouteHandlerKinds {
  const { creator: context, proxy } = internalsOf(app);
  const nestCreate = context.create.bind(context);
  const nestProxy = proxy.createProxy.bind(proxy);
  const leanHandlers = new WeakSet<Handler>();
  const kinds: RouteHandlerKinds = { lean: [], nest: [] };
  kindsByAdapter.set(app.getHttpAdapter(), kinds);
  context.create = (instance, callback, methodName, moduleKey, requestMethod, contextId = STATIC_CONTEXT, inquirerId) => {
    // Nest's own first, for its checks at boot (e.g. the warning about missing param types).
    const nestHandler = nestCreate(instance, callback, methodName, moduleKey, requestMethod, contextId, inquirerId);
    // A request-scoped controller's handler is made per request, and keeps Nest's.
    if (contextId !== STATIC_CONTEXT) return nestHandler;
    const lean = leanHandler(context, instance, callback, methodName, moduleKey, requestMethod, inquirerId);
    kinds[lean ? 'lean' : 'nest'].push(`${instance.constructor.name}.${methodName}`);
    if (lean) leanHandlers.add(lean);
    return lean ?? nestHandler;
  };
  proxy.createProxy = (target, exceptionsHandler) => (leanHandlers.has(target) ? leanProxy(target, exceptionsHandler) : nestProxy(target, exceptionsHandler));
  return kinds;
}

/**
 * Nest's router proxy (an async function that awaits the handler and hands its error to the
 * exception filters), but for an answer the handler sent before it returned: Nest's would await
 * the reply, settled by then, and resolve with nothing, which Fastify ignores; this returns
 * nothing at once (a promise and two microtasks less per request).
 */
function leanProxy(target: Handler, exceptionsHandler: ExceptionsHandler): Handler {
  const fail = (error: unknown, req: unknown, res: unknown, next: unknown): unknown => {
    exceptionsHandler.next(error, new ExecutionContextHost([req, res, next]));
    return res;
  };
  const settle = async (pending: unknown, req: unknown, res: unknown, next: unknown): Promise<unknown> => {
    try {
      await pending;
    } catch (error) {
      return fail(error, req, res, next);
    }
    return undefined;
  };
  return (req, res, next) => {
    let result: unknown;
    try {
      result = target(req, res, next);
    } catch (error) {
      return Promise.resolve(fail(error, req, res, next));
    }
    if (result === res && (res as { sent?: unknown }).sent === true) return undefined;
    return settle(result, req, res, next);
  };
}
