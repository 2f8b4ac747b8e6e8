// Identity: verifies the provider's tokens (RS256, JWKS), keeps users in step with their
// claims, guards every route, and in development serves its own identity provider.
// Owns the users collection.
import { type DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { MongooseModule } from '@nestjs/mongoose';
import { PassportModule } from '@nestjs/passport';
import type { AppConfig } from '../../config/app-config.js';
import { JwtAuthGuard } from './auth.guard.js';
import { DEV_SIGNING_KEY, DevIdpController } from './dev-idp.controller.js';
import { loadOrCreateDevKey } from './dev-idp.keys.js';
import { JwksKeys } from './jwks-keys.js';
import { JwtStrategy } from './jwt.strategy.js';
import { MeController } from './me.controller.js';
import { User, UserSchema } from './user.schema.js';
import { UsersService } from './users.service.js';

@Module({})
export class AuthModule {
  static forRoot(config: AppConfig): DynamicModule {
    const dev = config.AUTH_DEV_IDP;
    return {
      module: AuthModule,
      imports: [PassportModule, MongooseModule.forFeature([{ name: User.name, schema: UserSchema }])],
      controllers: dev ? [MeController, DevIdpController] : [MeController],
      providers: [
        JwksKeys,
        JwtStrategy,
        UsersService,
        { provide: APP_GUARD, useClass: JwtAuthGuard },
        ...(dev ? [{ provide: DEV_SIGNING_KEY, useFactory: () => loadOrCreateDevKey(config.DEV_IDP_KEY_FILE) }] : []),
      ],
      exports: [UsersService],
    };
  }
}
