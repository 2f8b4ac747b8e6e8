import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { AppConfig } from '../../config/app-config.js';
import { Public } from '../auth/auth.decorators.js';

/** What this deployment offers, for clients and tools (the seed script, the dashboard). */
@ApiTags('meta')
@Public()
@Controller('meta')
export class MetaController {
  constructor(private readonly config: AppConfig) {}

  @Get()
  meta() {
    return {
      api: 'v1',
      features: { payments: this.config.PAYMENTS_ENABLED, developmentSignIn: this.config.AUTH_DEV_IDP },
    };
  }
}
