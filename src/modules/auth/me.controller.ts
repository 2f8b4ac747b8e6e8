import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { DomainError } from '../../common/errors/domain-error.js';
import { CurrentUser } from './auth.decorators.js';
import type { Principal } from './roles.js';
import { UsersService } from './users.service.js';

@ApiTags('me')
@ApiBearerAuth()
@Controller('me')
export class MeController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @ApiOkResponse({ description: 'The signed-in user, created from the token on first use.' })
  async me(@CurrentUser() principal: Principal) {
    const user = await this.users.findById(principal.userId);
    if (!user) throw DomainError.notFound('USER_NOT_FOUND', 'User');
    return { id: user._id, sub: user.sub, email: user.email ?? null, name: user.name ?? null, roles: user.roles, createdAt: user.createdAt };
  }
}
