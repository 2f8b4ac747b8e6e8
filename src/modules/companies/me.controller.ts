import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags, ApiOperation } from '@nestjs/swagger';
import { DomainError } from '../../common/errors/domain-error.js';
import { CurrentUser } from '../auth/auth.decorators.js';
import type { Principal } from '../auth/roles.js';
import { toUserView, UsersService } from '../auth/users.service.js';
import { CompaniesService } from './companies.service.js';
import { ErrorCode } from '../../common/errors/error-codes.js';

/** Lives with companies because it shows both: the user and, for employers, their company. */
@ApiTags('me')
@ApiBearerAuth()
@Controller('me')
export class MeController {
  constructor(
    private readonly users: UsersService,
    private readonly companies: CompaniesService,
  ) {}

  @ApiOperation({ summary: 'The signed-in user and their company' })
  @Get()
  @ApiOkResponse({ description: 'The signed-in user (created from the token on first use) and their company.' })
  async me(@CurrentUser() principal: Principal) {
    const user = await this.users.findById(principal.userId);
    if (!user) throw DomainError.notFound(ErrorCode.USER_NOT_FOUND, 'User');
    return { ...toUserView(user), company: await this.companies.findForMember(principal), createdAt: user.createdAt };
  }
}
