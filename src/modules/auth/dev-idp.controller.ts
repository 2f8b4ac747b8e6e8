import { Controller, Get, Inject } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { AppConfig } from '../../config/app-config.js';
import { Public } from './auth.decorators.js';
import { DEV_IDP_PATH, type DevSigningKey } from './dev-idp.keys.js';
import { SkipThrottle } from '@nestjs/throttler';

export const DEV_SIGNING_KEY = Symbol('DEV_SIGNING_KEY');

/** The development identity provider's discovery document and public keys (never in production). */
@ApiExcludeController()
@Public()
@SkipThrottle()
@Controller(DEV_IDP_PATH)
export class DevIdpController {
  constructor(
    @Inject(DEV_SIGNING_KEY) private readonly key: DevSigningKey,
    private readonly config: AppConfig,
  ) {}

  @Get('.well-known/openid-configuration')
  discovery() {
    return { issuer: this.config.AUTH_ISSUER, jwks_uri: `/${DEV_IDP_PATH}/jwks.json`, id_token_signing_alg_values_supported: ['RS256'] };
  }

  @Get('jwks.json')
  jwks() {
    return { keys: [this.key.publicJwk] };
  }
}
