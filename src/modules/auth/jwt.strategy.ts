import type { KeyObject } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { DomainError } from '../../common/errors/domain-error.js';
import { ErrorCode } from '../../common/errors/error-codes.js';
import { AppConfig } from '../../config/app-config.js';
import { JwksKeys } from './jwks-keys.js';
import { isRole, type Principal } from './roles.js';
import { UsersService } from './users.service.js';
import { VerifiedTokens } from './verified-tokens.js';

interface Claims {
  sub?: string;
  exp?: number;
  email?: string;
  name?: string;
  [claim: string]: unknown;
}

const bearerToken = ExtractJwt.fromAuthHeaderAsBearerToken();

/** The bearer token of a request, as passport-jwt reads it. */
export const tokenOf = (request: unknown): string | null => bearerToken(request as never);

/**
 * Verifies RS256 bearer tokens against the provider's JWKS: issuer, audience, expiry. A token
 * it verified is remembered for a while (verified-tokens.ts), so the guard can skip checking
 * its signature again.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  readonly verified: VerifiedTokens;

  constructor(
    private readonly config: AppConfig,
    keys: JwksKeys,
    private readonly users: UsersService,
  ) {
    super({
      jwtFromRequest: bearerToken,
      passReqToCallback: true,
      // Only RS256: rejects `alg: none` and HS256 tokens "signed" with the public key.
      algorithms: ['RS256'],
      issuer: config.AUTH_ISSUER,
      audience: config.AUTH_AUDIENCE,
      jsonWebTokenOptions: { clockTolerance: config.AUTH_CLOCK_TOLERANCE_S },
      secretOrKeyProvider: (_req: unknown, rawJwt: string, done: (err: unknown, key?: string | Buffer) => void) => {
        let kid: string | undefined;
        try {
          kid = (JSON.parse(Buffer.from(rawJwt.split('.')[0], 'base64url').toString('utf8')) as { kid?: string }).kid;
        } catch {
          return done(new Error('malformed token header'));
        }
        // jsonwebtoken verifies with a KeyObject (and faster); passport-jwt's typings only say string | Buffer.
        keys.publicKey(kid).then((key: KeyObject) => done(null, key as unknown as Buffer), done);
      },
    });
    this.verified = new VerifiedTokens(config.AUTH_CLOCK_TOLERANCE_S);
  }

  /** Called by passport-jwt once the token's signature, issuer, audience and expiry are verified. */
  async validate(request: unknown, claims: Claims): Promise<Principal> {
    // A token without an expiry would be valid forever: providers always set one.
    if (typeof claims.exp !== 'number') throw new DomainError(ErrorCode.AUTH_TOKEN_INVALID, 'The token has no expiry (exp)');
    const token = tokenOf(request);
    if (token) this.verified.remember(token, claims as Claims & { exp: number });
    return this.principalFor(claims);
  }

  /** The user behind verified claims, kept in step with them. */
  async principalFor(claims: Claims): Promise<Principal> {
    const raw = claims[this.config.AUTH_ROLES_CLAIM];
    const roles = (Array.isArray(raw) ? raw : [raw]).filter(isRole);
    const company = claims[this.config.AUTH_COMPANY_CLAIM];
    const companyId = typeof company === 'string' && company !== '' ? company : undefined;
    const user = await this.users.resolve({ sub: claims.sub ?? '', email: claims.email, name: claims.name, roles, companyId });
    return { userId: user._id, sub: user.sub, roles: user.roles, email: user.email, companyId: user.companyId };
  }
}
