import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags, ApiOperation } from '@nestjs/swagger';
import { PageQueryDto } from '../../common/pagination/cursor.js';
import { CurrentUser, Roles } from '../auth/auth.decorators.js';
import type { Principal } from '../auth/roles.js';
import { CompaniesService } from './companies.service.js';
import { AttachEmployerDto } from './dto/attach-employer.dto.js';
import { CreateCompanyDto } from './dto/create-company.dto.js';
import { Audited, snapshotOf } from '../audit/audited.js';

@ApiTags('companies')
@ApiBearerAuth()
@Controller('companies')
export class CompaniesController {
  constructor(private readonly companies: CompaniesService) {}

  @ApiOperation({ summary: 'Create a company' })
  @Audited({ action: 'company.create', targetType: 'company' })
  @Post()
  @Roles('admin')
  create(@CurrentUser() principal: Principal, @Body() dto: CreateCompanyDto) {
    return this.companies.create(principal, dto);
  }

  @ApiOperation({ summary: 'List companies' })
  @Get()
  @Roles('admin')
  list(@Query() query: PageQueryDto) {
    return this.companies.list(query.limit, query.cursor);
  }

  @ApiOperation({ summary: 'Get a company' })
  @Get(':id')
  @Roles('admin', 'employer')
  get(@CurrentUser() principal: Principal, @Param('id') id: string) {
    return this.companies.get(principal, id);
  }

  @ApiOperation({ summary: "List a company's employers" })
  @Get(':id/employers')
  @Roles('admin', 'employer')
  employers(@CurrentUser() principal: Principal, @Param('id') id: string, @Query() query: PageQueryDto) {
    return this.companies.employers(principal, id, query.limit, query.cursor);
  }

  @ApiOperation({ summary: 'Attach an employer to a company' })
  @Audited({ action: 'company.attach_employer', targetType: 'company', target: { params: ['id'] }, snapshot: snapshotOf(CompaniesService, (s, id) => s.auditSnapshot(id)) })
  @Post(':id/employers')
  @Roles('admin')
  @HttpCode(200)
  attach(@Param('id') id: string, @Body() dto: AttachEmployerDto) {
    return this.companies.attachEmployer(id, dto.sub);
  }

  @ApiOperation({ summary: 'Detach an employer from a company' })
  @Audited({ action: 'company.detach_employer', targetType: 'company', target: { params: ['id'] }, snapshot: snapshotOf(CompaniesService, (s, id) => s.auditSnapshot(id)) })
  @Delete(':id/employers/:userId')
  @Roles('admin')
  @HttpCode(204)
  async detach(@Param('id') id: string, @Param('userId') userId: string): Promise<void> {
    await this.companies.detachEmployer(id, userId);
  }
}
