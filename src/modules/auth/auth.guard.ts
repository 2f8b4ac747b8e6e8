import { type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { DomainError } from '../../common/errors/domain-error.js';
import { PUBLIC_ROUTE, REQUIRED_ROLES } from './auth.decorators.js';
import type { Principal, Role } from './roles.js';

export const AuthErrorCode = {
  TokenMissing: 'AUTH_TOKEN_MISSING',
  TokenExpired: 'AUTH_TOKEN_EXPIRED',
  UnknownKey: 'AUTH_UNKNOWN_SIGNING_KEY',
  TokenInvalid: 'AUTH_TOKEN_INVALID',
  RoleRequired: 'AUTH_ROLE_REQUIRED',
} as const;

/** Why passport-jwt refused a token, as a stable code the client can act on. */
export function authFailure(err: unknown, info: unknown): DomainError {
  const reason = (err ?? info) as { name?: string; message?: string } | undefined;
  if (!reason || reason.message === 'No auth token') {
    return new DomainError(AuthErrorCode.TokenMissing, 'A bearer token is required', 401);
  }
  if (reason.name === 'TokenExpiredError') return new DomainError(AuthErrorCode.TokenExpired, 'The token has expired', 401);
  if (reason.name === 'SigningKeyNotFoundError') {
    return new DomainError(AuthErrorCode.UnknownKey, 'The token is signed with an unknown key', 401);
  }
  return new DomainError(AuthErrorCode.TokenInvalid, 'The token is invalid', 401);
}

/** Global: every route needs a valid token unless @Public, and one of its @Roles if any. */
@Injectable()
export class JwtAuthGuard extends AuthGuard('jwt') {
  constructor(private readonly reflector: Reflector) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    await super.canActivate(context);
    const required = this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, targets);
    const user = context.switchToHttp().getRequest<{ user: Principal }>().user;
    if (required && !required.some((role) => user.roles.includes(role))) {
      throw new DomainError(AuthErrorCode.RoleRequired, `This needs the role ${required.join(' or ')}`, 403);
    }
    return true;
  }

  override handleRequest<T>(err: unknown, user: T, info: unknown): T {
    if (err || !user) throw authFailure(err, info);
    return user;
  }
}
