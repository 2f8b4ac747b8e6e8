import { Controller, Get } from '@nestjs/common';
import { ApiTags, ApiOperation } from '@nestjs/swagger';
import { AppConfig } from '../../config/app-config.js';
import { Public } from '../auth/auth.decorators.js';
import { SkillsService } from '../skills/skills.service.js';

/** What this deployment offers, for clients and tools (the seed script, the dashboard). */
@ApiTags('meta')
@Public()
@Controller('meta')
export class MetaController {
  constructor(
    private readonly config: AppConfig,
    private readonly skills: SkillsService,
  ) {}

  @ApiOperation({ summary: 'What this deployment offers: features, limits, attribution' })
  @Get()
  meta() {
    return {
      api: 'v1',
      features: { payments: this.config.PAYMENTS_ENABLED, developmentSignIn: this.config.AUTH_DEV_IDP },
      // Where matching's skills and occupations come from, with the attribution their terms require.
      taxonomy: this.skills.describe(),
    };
  }
}
