// @Audited: an admin action is recorded in the audit log (audit.service.ts) around the handler:
// who, what, which target, the target's state before and after, and how it ended. The entry is
// written before the action runs, so no admin action happens unrecorded; if it cannot be
// written, the action does not run.
import { applyDecorators, type CallHandler, type ExecutionContext, Inject, Injectable, type NestInterceptor, SetMetadata, type Type, UseInterceptors } from '@nestjs/common';
import { ModuleRef, Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { from, type Observable } from 'rxjs';
import { lastValueFrom } from 'rxjs';
import { LOGGER } from '../../common/core.module.js';
import { describeError } from '../../common/errors/all-exceptions.filter.js';
import type { Principal } from '../auth/roles.js';
import { AuditService } from './audit.service.js';

/** Reads a target's state from one of the application's services. */
export interface AuditSnapshot<S = never> {
  service: Type<S>;
  read: (service: S, id: string) => Promise<unknown>;
}

export interface AuditSpec {
  /** e.g. `credits.adjust`. */
  action: string;
  targetType: string;
  /** Where the target's id is in the request: route parameters (joined with "/") or a body field. */
  target?: { params: string[] } | { body: string };
  /** The body carries personal data: only its field names are recorded. */
  personalBody?: boolean;
  /** The target's state before and after the action; without it, `after` is the handler's answer. */
  snapshot?: AuditSnapshot<never>;
}

export const AUDIT_SPEC = 'crowdhire:audit';

/** A typed snapshot reference (the service's methods checked against the read function). */
export const snapshotOf = <S>(service: Type<S>, read: (service: S, id: string) => Promise<unknown>): AuditSnapshot<never> => ({ service, read }) as unknown as AuditSnapshot<never>;

type AuditedRequest = FastifyRequest & { user?: Principal };

function targetIdOf(spec: AuditSpec, request: AuditedRequest): string | null {
  if (!spec.target) return null;
  if ('params' in spec.target) {
    const params = (request.params ?? {}) as Record<string, string | undefined>;
    return spec.target.params.map((p) => params[p] ?? '').join('/');
  }
  const value = (request.body as Record<string, unknown> | null | undefined)?.[spec.target.body];
  return typeof value === 'string' ? value : null;
}

const fieldNames = (body: unknown): unknown => (body && typeof body === 'object' ? { fields: Object.keys(body) } : null);

@Injectable()
export class AuditInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly audit: AuditService,
    private readonly modules: ModuleRef,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const spec = this.reflector.get<AuditSpec | undefined>(AUDIT_SPEC, context.getHandler());
    const request = context.switchToHttp().getRequest<AuditedRequest>();
    const principal = request.user;
    // Routes employers or sourcers use too are recorded when an admin calls them.
    if (!spec || !principal?.roles.includes('admin')) return next.handle();
    return from(this.around(spec, request, principal, next));
  }

  private async snapshot(spec: AuditSpec, id: string | null): Promise<unknown> {
    if (!spec.snapshot || id === null) return null;
    const service = this.modules.get(spec.snapshot.service, { strict: false });
    // A target that does not exist (yet, or any more) has no state; the handler says why.
    return spec.snapshot.read(service, id).catch((error: unknown) => (describeError(error).status === 404 ? null : Promise.reject(error)));
  }

  private async around(spec: AuditSpec, request: AuditedRequest, principal: Principal, next: CallHandler): Promise<unknown> {
    const targetId = targetIdOf(spec, request);
    const before = await this.snapshot(spec, targetId);
    const entry = await this.audit.begin({
      principal,
      action: spec.action,
      targetType: spec.targetType,
      targetId,
      request: { params: request.params ?? null, query: request.query ?? null, body: spec.personalBody ? fieldNames(request.body) : (request.body ?? null) },
      before,
      requestId: String(request.id),
    });
    let result: unknown;
    try {
      result = await lastValueFrom(next.handle(), { defaultValue: undefined });
    } catch (error) {
      const { status, code } = describeError(error);
      await this.audit.finish(entry, 'failed', { error: { status, code } }).catch((e: unknown) => this.logger.warn({ err: e, entry }, 'audit: could not record the end of an action'));
      throw error;
    }
    try {
      const after = spec.snapshot ? await this.snapshot(spec, targetId) : result;
      await this.audit.finish(entry, 'succeeded', { after });
    } catch (error) {
      // The action happened: its answer stands, and the entry stays "started" with its before.
      this.logger.warn({ err: error, entry }, 'audit: could not record the end of an action');
    }
    return result;
  }
}

/** Records this admin action in the audit log. */
export const Audited = (spec: AuditSpec): MethodDecorator => applyDecorators(SetMetadata(AUDIT_SPEC, spec), UseInterceptors(AuditInterceptor));
