import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiTags, ApiOperation } from '@nestjs/swagger';
import { DomainError } from '../../common/errors/domain-error.js';
import { CurrentUser, Roles } from '../auth/auth.decorators.js';
import type { Principal } from '../auth/roles.js';
import { UsersService } from '../auth/users.service.js';
import { SourcerStatsService } from './sourcer-stats.service.js';
import { ErrorCode } from '../../common/errors/error-codes.js';

@ApiTags('sourcers')
@ApiBearerAuth()
@Controller('sourcers')
export class SourcersController {
  constructor(
    private readonly stats: SourcerStatsService,
    private readonly users: UsersService,
  ) {}

  /** The caller's quality score, disqualification shares against the thresholds, and cap. */
  @ApiOperation({ summary: 'My quality and earnings figures (sourcer)' })
  @Get('me/stats')
  @Roles('sourcer')
  mine(@CurrentUser() principal: Principal) {
    return this.stats.stats(principal.userId);
  }

  @ApiOperation({ summary: "A sourcer's quality figures" })
  @Get(':id/stats')
  @Roles('admin')
  async forSourcer(@Param('id') id: string) {
    const user = await this.users.findById(id);
    if (!user?.roles.includes('sourcer')) throw DomainError.notFound(ErrorCode.SOURCER_NOT_FOUND, 'Sourcer');
    return this.stats.stats(id);
  }
}
