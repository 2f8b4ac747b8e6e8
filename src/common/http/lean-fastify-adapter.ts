// NestJS's Fastify adapter with one request hook where Nest's has six, no response hook of its
// own until one is needed, and no middie. Fastify runs every hook of a route on every request
// (0.1 to 0.2 µs each on this project's machine: seven no-op request hooks were 4 % of the
// trivial route's CPU time in bench/http.bench.ts's probes), and Nest's hooks serve features
// the API does not use while it serves: Nest's own request and response hooks
// (`setOnRequestHook()`, `setOnResponseHook()`), its CORS (`enableCors()`; the API has its own,
// cors.ts), its security hook (`useSecurityHeaders()`, `enableCsrfProtection()`; helmet's
// headers are set by http-hooks.ts) and the errors of custom versioning. Two of them matter:
// the 503 while the application shuts down, and the not-found answer for a request target that
// is not a path ("*v1/jobs", which the router would otherwise serve as "/v1/jobs").
//
// The one hook does exactly what the six would: while none of their features is on, which is
// always the case while the API serves, the target check alone; otherwise the six themselves,
// in order, as Fastify would run them. Nest's response hook is added when a response hook is
// set. Without middie, Nest middleware cannot be used: `consumer.apply()` fails the boot, where
// it would otherwise add a middleware runner to every request (the API has none).
//
// What this reads of the adapter (its hooks, five private fields, one method) is checked when
// the adapter is made: a NestJS that changes them fails the boot here (and the HTTP tests),
// never a request.
import type { FastifyReply, FastifyRequest, FastifyServerOptions } from 'fastify';
import { FastifyAdapter } from '@nestjs/platform-fastify';

type Hook = (request: FastifyRequest, reply: FastifyReply, done: (error?: Error) => void) => unknown;
type AddHook = (name: string, hook: Hook) => unknown;

/** The adapter's own state that its request hooks read (private in its types). */
interface NestHookState {
  onRequestHook?: unknown;
  isShuttingDown: boolean;
  corsHook?: unknown;
  securityHook?: unknown;
  versionExtractorErrors: WeakMap<object, unknown>;
  isRoutableRequestTarget(url: string | undefined): boolean;
}

const NEST_REQUEST_HOOKS = 6;
const NEST_RESPONSE_HOOKS = 1;
const STATE_FIELDS = ['onRequestHook', 'isShuttingDown', 'corsHook', 'securityHook', 'versionExtractorErrors'] as const;

const NO_MIDDLEWARE = 'Nest middleware (consumer.apply(), app.use()) is not available on this API: do the work in a Fastify hook (src/common/http/lean-fastify-adapter.ts)';

/** The options of an HTTP/1.1 server, as the API has (FastifyAdapter's own type for them is not exported). */
type FastifyAdapterOptions = FastifyServerOptions & { multipart?: false };

interface Captured {
  onRequest: Hook[];
  onResponse: Hook[];
  restore(): void;
}

/** The hooks being captured while an adapter is constructed (constructors are synchronous). */
let capturing: Captured | null = null;

/** Fastify's order for a route's hooks: each in turn, none after one that answered or failed. */
function runInOrder(hooks: readonly Hook[], request: FastifyRequest, reply: FastifyReply, done: (error?: Error) => void): void {
  let i = 0;
  const next = (error?: Error): void => {
    if (error || i === hooks.length) return done(error);
    if (reply.sent) return;
    try {
      hooks[i++](request, reply, next);
    } catch (thrown) {
      done(thrown as Error);
    }
  };
  next();
}

export class LeanFastifyAdapter extends FastifyAdapter {
  private readonly nestResponseHooks: Hook[];
  private readonly addHookDirectly: AddHook;
  private responseHooksAdded: boolean;

  constructor(options: FastifyAdapterOptions = {}) {
    const captured: Captured = { onRequest: [], onResponse: [], restore: () => undefined };
    capturing = captured;
    try {
      super({ ...options, skipMiddie: true });
    } finally {
      capturing = null;
      captured.restore();
    }
    if (captured.onRequest.length !== NEST_REQUEST_HOOKS || captured.onResponse.length !== NEST_RESPONSE_HOOKS) {
      throw new Error(
        `NestJS's FastifyAdapter added ${captured.onRequest.length} request and ${captured.onResponse.length} response hooks, not ${NEST_REQUEST_HOOKS} and ${NEST_RESPONSE_HOOKS}; see src/common/http/lean-fastify-adapter.ts`,
      );
    }
    const state = this as unknown as NestHookState;
    const missing = STATE_FIELDS.filter((field) => !(field in state));
    if (missing.length > 0 || typeof state.isRoutableRequestTarget !== 'function') {
      throw new Error(`NestJS's FastifyAdapter no longer has ${missing.join(', ') || 'isRoutableRequestTarget()'}; see src/common/http/lean-fastify-adapter.ts`);
    }
    const nestRequestHooks = captured.onRequest;
    this.nestResponseHooks = captured.onResponse;
    this.responseHooksAdded = false;
    const instance = this.getInstance();
    this.addHookDirectly = instance.addHook.bind(instance) as unknown as AddHook;
    this.addHookDirectly('onRequest', (request, reply, done) => {
      if (state.onRequestHook || state.isShuttingDown || state.corsHook || state.securityHook || state.versionExtractorErrors.has(request.raw)) {
        return runInOrder(nestRequestHooks, request, reply, done);
      }
      if (request.is404 || state.isRoutableRequestTarget(request.raw.url)) return done();
      // What Nest's target check does (fastify-adapter.js): not found, before any handler.
      return reply.callNotFound();
    });
  }

  /** Called by FastifyAdapter's constructor before it adds its hooks: they are captured, not added. */
  override setInstance<T>(instance: T): void {
    super.setInstance(instance);
    const box = capturing;
    if (!box) return;
    const fastify = instance as unknown as { addHook: AddHook };
    const addHook = fastify.addHook;
    fastify.addHook = function (this: unknown, name: string, hook: Hook) {
      if (name === 'onRequest' || name === 'onResponse') {
        box[name].push(hook);
        return this;
      }
      return addHook.call(this, name, hook);
    };
    box.restore = () => {
      fastify.addHook = addHook;
    };
  }

  /** Nest middleware would need middie, whose runner Fastify would call on every request. */
  override createMiddlewareFactory(): never {
    throw new Error(NO_MIDDLEWARE);
  }

  override use(): never {
    throw new Error(NO_MIDDLEWARE);
  }

  /** Nest's response hook, which runs the one set here, joins the routes only once one is set. */
  override setOnResponseHook(hook: Parameters<FastifyAdapter['setOnResponseHook']>[0]): void {
    super.setOnResponseHook(hook);
    if (this.responseHooksAdded) return;
    this.responseHooksAdded = true;
    for (const nestHook of this.nestResponseHooks) this.addHookDirectly('onResponse', nestHook);
  }
}
