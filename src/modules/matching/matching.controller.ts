import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiPropertyOptional, ApiTags, ApiOperation } from '@nestjs/swagger';
import { IsInt } from 'class-validator';
import { clampedInt } from '../../common/pagination/cursor.js';
import { Intents } from '../../queues/job-intents.js';
import { OutboxService } from '../../queues/outbox/outbox.service.js';
import { CurrentUser, Roles } from '../auth/auth.decorators.js';
import type { Principal } from '../auth/roles.js';
import { MatchesService } from './matches.service.js';
import { ScoringModelsService } from './scoring-models.service.js';
import { IsOptionalNotNull } from '../../common/validation/optional.js';
import { Audited } from '../audit/audited.js';

export class MatchLimitDto {
  /** 1..50, clamped. */
  @ApiPropertyOptional({ example: 20 })
  @IsOptionalNotNull()
  @clampedInt(1, 50)
  @IsInt()
  limit: number = 20;
}

@ApiTags('matching')
@ApiBearerAuth()
@Controller()
export class MatchingController {
  constructor(
    private readonly matches: MatchesService,
    private readonly models: ScoringModelsService,
    private readonly outbox: OutboxService,
  ) {}

  @ApiOperation({ summary: 'Ranked candidate matches for a job' })
  @Get('jobs/:id/matches')
  @Roles('employer', 'admin')
  forJob(@CurrentUser() principal: Principal, @Param('id') id: string, @Query() query: MatchLimitDto) {
    return this.matches.forJob(principal, id, query.limit);
  }

  @ApiOperation({ summary: 'Ranked job matches for a candidate' })
  @Get('candidates/:id/matches')
  @Roles('sourcer', 'admin')
  forCandidate(@CurrentUser() principal: Principal, @Param('id') id: string, @Query() query: MatchLimitDto) {
    return this.matches.forCandidate(principal, id, query.limit);
  }

  @ApiOperation({ summary: "A submission's AI check: score, threshold and evidence" })
  @Get('submissions/:id/match')
  forSubmission(@CurrentUser() principal: Principal, @Param('id') id: string) {
    return this.matches.forSubmission(principal, id);
  }

  /** The weights in use: configured defaults and every fitted model with its label count. */
  @ApiOperation({ summary: 'Scoring models and the active one' })
  @Get('admin/matching/models')
  @Roles('admin')
  listModels() {
    return this.models.list();
  }

  /** Runs the scheduled refit now (in the worker). */
  @ApiOperation({ summary: 'Refit the scoring model from pipeline outcomes' })
  @Audited({ action: 'matching.refit', targetType: 'model' })
  @Post('admin/matching/refit')
  @Roles('admin')
  @HttpCode(202)
  async refit() {
    await this.outbox.trigger(Intents.refit());
    return { status: 'queued' };
  }
}
