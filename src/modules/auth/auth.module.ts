// Identity: verifies the provider's tokens (RS256, JWKS), keeps users in step with their
// claims, and in development serves its own identity provider. The global guards (rate limit,
// then token and roles) are installed by AppModule, in that order.
import { type DynamicModule, Module } from '@nestjs/common';
import { PassportModule } from '@nestjs/passport';
import type { AppConfig } from '../../config/app-config.js';
import { DEV_SIGNING_KEY, DevIdpController } from './dev-idp.controller.js';
import { loadOrCreateDevKey } from './dev-idp.keys.js';
import { JwksKeys } from './jwks-keys.js';
import { JwtStrategy } from './jwt.strategy.js';
import { UsersModule } from './users.module.js';

@Module({})
export class AuthModule {
  static forRoot(config: AppConfig): DynamicModule {
    const dev = config.AUTH_DEV_IDP;
    return {
      module: AuthModule,
      imports: [PassportModule, UsersModule],
      controllers: dev ? [DevIdpController] : [],
      providers: [
        JwksKeys,
        JwtStrategy,
        ...(dev ? [{ provide: DEV_SIGNING_KEY, useFactory: () => loadOrCreateDevKey(config.DEV_IDP_KEY_FILE) }] : []),
      ],
      // The global token guard (AppModule) reads the tokens the strategy verified.
      exports: [JwtStrategy],
    };
  }
}
