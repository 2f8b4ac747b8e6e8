import { type ExecutionContext, Injectable, type Type } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { dependencyOf } from '../../common/errors/dependency-errors.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { PUBLIC_ROUTE, REQUIRED_ROLES } from './auth.decorators.js';
import { JwtStrategy, tokenOf } from './jwt.strategy.js';
import type { Principal, Role } from './roles.js';
import { ErrorCode } from '../../common/errors/error-codes.js';

/** Why passport-jwt refused a token, as a stable code the client can act on. */
export function authFailure(err: unknown, info: unknown): DomainError {
  if (err instanceof DomainError) return err;
  const reason = (err ?? info) as { name?: string; message?: string } | undefined;
  if (!reason || reason.message === 'No auth token') {
    return new DomainError(ErrorCode.AUTH_TOKEN_MISSING, 'A bearer token is required');
  }
  if (reason.name === 'TokenExpiredError') return new DomainError(ErrorCode.AUTH_TOKEN_EXPIRED, 'The token has expired');
  if (reason.name === 'SigningKeyNotFoundError') {
    return new DomainError(ErrorCode.AUTH_UNKNOWN_SIGNING_KEY, 'The token is signed with an unknown key');
  }
  return new DomainError(ErrorCode.AUTH_TOKEN_INVALID, 'The token is invalid');
}

/** Every route needs a valid token unless @Public, and one of its @Roles if any (installed per route by route-guards.ts). */
@Injectable()
export class JwtAuthGuard extends AuthGuard('jwt') {
  /** Per route handler, read once: whether it is public and the roles it needs. */
  private readonly rules = new WeakMap<object, { open: boolean; roles: Role[] | undefined }>();

  constructor(
    private readonly reflector: Reflector,
    private readonly strategy: JwtStrategy,
  ) {
    super();
  }

  private ruleFor(handler: (...args: never[]) => unknown, controller: Type<unknown>): { open: boolean; roles: Role[] | undefined } {
    let rule = this.rules.get(handler);
    if (!rule) {
      const targets = [handler, controller];
      rule = { open: this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets) === true, roles: this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, targets) };
      this.rules.set(handler, rule);
    }
    return rule;
  }

  /** Whether a route needs no token (@Public); asked once per route at boot (route-guards.ts). */
  isPublic(handler: (...args: never[]) => unknown, controller: Type<unknown>): boolean {
    return this.ruleFor(handler, controller).open;
  }

  // A public route is let through at once, without a promise.
  override canActivate(context: ExecutionContext): Promise<boolean> | boolean {
    const rule = this.ruleFor(context.getHandler() as (...args: never[]) => unknown, context.getClass());
    return rule.open || this.authenticate(context, rule.roles);
  }

  private async authenticate(context: ExecutionContext, required: Role[] | undefined): Promise<boolean> {
    const request = context.switchToHttp().getRequest<{ user: Principal }>();
    // A token this process verified a moment ago needs no second signature check.
    const token = tokenOf(request);
    const claims = token ? this.strategy.verified.get(token) : undefined;
    if (!claims) await super.canActivate(context);
    else {
      try {
        request.user = await this.strategy.principalFor(claims);
      } catch (error) {
        // As on the passport path: a dependency down is a 503 naming it, anything else a refused token.
        this.handleRequest(error, null, null);
        throw error;
      }
    }
    const user = request.user;
    if (required && !required.some((role) => user.roles.includes(role))) {
      throw new DomainError(ErrorCode.AUTH_ROLE_REQUIRED, `This needs the role ${required.join(' or ')}`);
    }
    return true;
  }

  override handleRequest<T>(err: unknown, user: T, info: unknown): T {
    // Redis or MongoDB down while resolving the user: a 503 naming it, not a bad token.
    if (dependencyOf(err)) throw err;
    if (err || !user) throw authFailure(err, info);
    return user;
  }
}
