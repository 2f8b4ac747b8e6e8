// Bull Board (job-level queue inspection) at /admin/board/, for admins only. @bull-board/nestjs
// mounts it with @bull-board/fastify; the adapter below wraps that plugin in a scope whose
// request hook runs the API's own rate limit and token check (admin role), taking the token
// from the Authorization header or from the short-lived cookie POST /v1/admin/board/session
// sets for the browser. Every change made through the board is recorded in the audit log.
import { type BullBoardInstance, BULL_BOARD_INSTANCE, BullBoardModule } from '@bull-board/nestjs';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import { type CanActivate, ForbiddenException, Inject, Injectable, Module, type OnModuleInit } from '@nestjs/common';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { sendError } from '../../common/errors/all-exceptions.filter.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { ErrorCode } from '../../common/errors/error-codes.js';
import { routeContext } from '../../common/http/route-guards.js';
import { QueueName } from '../../queues/queue.types.js';
import { QueueService } from '../../queues/queue.service.js';
import { QueuesModule } from '../../queues/queues.module.js';
import type { AuditService } from '../audit/audit.service.js';
import { Roles } from '../auth/auth.decorators.js';
import type { Principal } from '../auth/roles.js';

export const BOARD_PATH = '/admin/board';
export const BOARD_COOKIE = 'crowdhire_board';
const THIRD_PARTY_STYLESHEETS = /<link href="https:\/\/[^"]*" rel="stylesheet">/g;

/** The rule the guards read (admin role, default rate limits), as for a controller route. */
@Roles('admin')
export class QueueBoardRoutes {
  board(): void {}
}

export interface BoardProtection {
  guards: CanActivate[];
  audit: AuditService;
  queues: QueueService;
  logger: Logger;
}

/**
 * Board actions that would lose queued work or bypass how jobs are made (the outbox, the
 * configured schedules and limits): refused, so the board inspects, retries, promotes and
 * cleans, and nothing more.
 */
export const REFUSED_BOARD_ACTIONS = new Set(['obliterate', 'empty', 'add', 'concurrency', 'rate-limit', 'release', 'job-schedulers', 'remove', 'run', 'update-data', 'remove-unprocessed-children']);

/** The board's cookie, when the request has no Authorization header of its own. */
export function boardToken(cookieHeader: string | undefined): string | undefined {
  for (const part of (cookieHeader ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === BOARD_COOKIE) return value.join('=') || undefined;
  }
  return undefined;
}

/** What a board API call changes: `board.retry` on a job, `board.pause` on a queue, and so on. */
export function boardAction(method: string, routeUrl: string, params: Record<string, string>): { action: string; targetType: string; targetId: string | null } {
  const tail = routeUrl.split('/api/queues')[1] ?? routeUrl;
  const verbs = tail.split('/').filter((s) => s !== '' && !s.startsWith(':'));
  const verb = verbs.at(-1) ?? (method === 'DELETE' ? 'remove' : method.toLowerCase());
  const queue = params.queueName ?? null;
  if (params.jobId) return { action: `board.${verb}`, targetType: 'queue_job', targetId: `${queue}/${params.jobId}` };
  return { action: `board.${verb}`, targetType: 'queue', targetId: queue };
}

export class GuardedBoardAdapter extends FastifyAdapter {
  private protection?: BoardProtection;
  /** A board change under way: its audit entry and what it changes. */
  private readonly entries = new WeakMap<FastifyRequest, { entry: string; what: ReturnType<typeof boardAction> }>();

  /** Called by createApi with the API's guards; until then every board request is refused. */
  protect(protection: BoardProtection): void {
    this.protection = protection;
  }

  private async authorize(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const protection = this.protection;
    if (!protection) throw new ForbiddenException('The queue board is not set up');
    const cookie = boardToken(request.headers.cookie);
    if (!request.headers.authorization && cookie) request.headers.authorization = `Bearer ${cookie}`;
    const context = routeContext(request, reply, QueueBoardRoutes, QueueBoardRoutes.prototype.board);
    for (const guard of protection.guards) {
      if (!(await guard.canActivate(context))) throw new ForbiddenException();
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      const route = request.routeOptions.url ?? '';
      const refused = route.split('/').find((segment) => REFUSED_BOARD_ACTIONS.has(segment));
      if (refused) throw new DomainError(ErrorCode.FORBIDDEN, `"${refused}" is not allowed from the queue board`);
    }
  }

  override registerPlugin() {
    const board = super.registerPlugin() as (instance: FastifyInstance, _options: object, done: (error?: Error) => void) => void;
    return (instance: FastifyInstance, _options: object, done: (error?: Error) => void) => {
      // Sent here, in the API's error shape: the board's own error handler would make a 500 of a refusal.
      instance.addHook('onRequest', async (request, reply) => {
        try {
          await this.authorize(request, reply);
        } catch (error) {
          sendError(reply, request, error, this.protection?.logger ?? (request.log as unknown as Logger));
          return reply;
        }
      });
      instance.addHook('preHandler', async (request) => {
        const protection = this.protection;
        const principal = (request as FastifyRequest & { user?: Principal }).user;
        if (request.method === 'GET' || request.method === 'HEAD' || !protection || !principal) return;
        const params = (request.params ?? {}) as Record<string, string>;
        const what = boardAction(request.method, request.routeOptions.url ?? request.url, params);
        const before = what.targetType === 'queue_job' && what.targetId ? await protection.queues.jobSnapshot(what.targetId) : null;
        const entry = await protection.audit.begin({ principal, ...what, request: { method: request.method, params, query: request.query ?? null, body: request.body ?? null }, before, requestId: String(request.id) });
        this.entries.set(request, { entry, what });
      });
      instance.addHook('onResponse', async (request, reply) => {
        const change = this.entries.get(request);
        const protection = this.protection;
        if (!change || !protection) return;
        const { entry, what } = change;
        const after = what.targetType === 'queue_job' && what.targetId ? await protection.queues.jobSnapshot(what.targetId).catch(() => null) : { status: reply.statusCode };
        const failed = reply.statusCode >= 400;
        await protection.audit
          .finish(entry, failed ? 'failed' : 'succeeded', { after, error: failed ? { status: reply.statusCode, code: 'BOARD_REQUEST_FAILED' } : undefined })
          .catch((error: unknown) => protection.logger.warn({ err: error, entry }, 'audit: could not record the end of a board action'));
      });
      // The board's page asks Google for its fonts: the page's CSP refuses that (and an
      // operator's browser need not tell Google who opens it), so the link is left out.
      instance.addHook('onSend', async (_request, reply, payload) =>
        typeof payload === 'string' && String(reply.getHeader('content-type') ?? '').startsWith('text/html') ? payload.replace(THIRD_PARTY_STYLESHEETS, '') : payload,
      );
      instance.register(board);
      done();
    };
  }
}

/** Puts every queue on the board. */
@Injectable()
class BoardQueues implements OnModuleInit {
  constructor(
    @Inject(BULL_BOARD_INSTANCE) private readonly board: BullBoardInstance,
    private readonly queues: QueueService,
  ) {}

  onModuleInit(): void {
    for (const name of Object.values(QueueName)) this.board.addQueue(new BullMQAdapter(this.queues.queue(name)));
  }
}

@Module({
  imports: [
    QueuesModule,
    BullBoardModule.forRoot({
      route: BOARD_PATH,
      adapter: GuardedBoardAdapter,
      boardOptions: { uiConfig: { boardTitle: 'Crowdhire queues', miscLinks: [{ text: 'Dashboard', url: '/admin/' }] } },
    }),
  ],
  providers: [BoardQueues],
})
export class QueueBoardModule {}
