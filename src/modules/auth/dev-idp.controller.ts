import { Body, Controller, Get, HttpCode, Inject, Post } from '@nestjs/common';
import { ArrayMaxSize, IsArray, IsEmail, IsIn, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { DomainError } from '../../common/errors/domain-error.js';
import { ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { AppConfig } from '../../config/app-config.js';
import { Public } from './auth.decorators.js';
import { DEV_IDP_PATH, type DevSigningKey, signDevToken } from './dev-idp.keys.js';
import { ROLES, type Role } from './roles.js';
import { SkipThrottle } from '@nestjs/throttler';
import { IsOptionalNotNull } from '../../common/validation/optional.js';

export const DEV_SIGNING_KEY = Symbol('DEV_SIGNING_KEY');

export class DevTokenDto {
  /** One role (the dashboard's sign-in); or several with `roles`. */
  @ApiPropertyOptional({ enum: ROLES, example: 'sourcer' })
  @IsOptionalNotNull()
  @IsIn(ROLES)
  role?: Role;

  @ApiPropertyOptional({ enum: ROLES, isArray: true, maxItems: 3 })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMaxSize(3)
  @IsIn(ROLES, { each: true })
  roles?: Role[];

  @ApiProperty({ pattern: '^[\\w|.@-]{1,100}$', example: 'sourcer-1', description: 'The subject: the same one is the same user.' })
  @Matches(/^[\w|.@-]{1,100}$/)
  sub: string;

  @ApiPropertyOptional({ maxLength: 200 })
  @IsOptionalNotNull()
  @IsString()
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ format: 'email' })
  @IsOptionalNotNull()
  @IsEmail()
  email?: string;

  /** The employer's company (the provider's company claim). */
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptionalNotNull()
  @IsUUID()
  companyId?: string;
}

/** The development identity provider's discovery document and public keys (never in production). */
@ApiTags('development')
@Public()
@SkipThrottle()
@Controller(DEV_IDP_PATH)
export class DevIdpController {
  constructor(
    @Inject(DEV_SIGNING_KEY) private readonly key: DevSigningKey,
    private readonly config: AppConfig,
  ) {}

  @ApiOperation({ summary: 'Development identity provider: discovery document' })
  @Get('.well-known/openid-configuration')
  discovery() {
    return { issuer: this.config.AUTH_ISSUER, jwks_uri: `/${DEV_IDP_PATH}/jwks.json`, id_token_signing_alg_values_supported: ['RS256'] };
  }

  @ApiOperation({ summary: 'Development identity provider: public keys (JWKS)' })
  @Get('jwks.json')
  jwks() {
    return { keys: [this.key.publicJwk] };
  }

  /**
   * Development sign-in (the dashboard's "Sign in as admin"): a token for whoever asks. It
   * exists only with the development provider, which production refuses to start with.
   */
  @ApiOperation({ summary: 'Development identity provider: get a token for a subject and roles' })
  @Post('token')
  @HttpCode(200)
  async token(@Body() dto: DevTokenDto) {
    const roles = [...new Set([...(dto.role ? [dto.role] : []), ...(dto.roles ?? [])])];
    if (roles.length === 0) throw DomainError.validation([{ field: 'role', messages: ['role or roles is required'] }]);
    const token = await signDevToken(
      this.key,
      { sub: dto.sub, roles, name: dto.name, email: dto.email, companyId: dto.companyId },
      { issuer: this.config.AUTH_ISSUER, audience: this.config.AUTH_AUDIENCE, rolesClaim: this.config.AUTH_ROLES_CLAIM, companyClaim: this.config.AUTH_COMPANY_CLAIM },
    );
    return { access_token: token, token_type: 'Bearer' };
  }
}
