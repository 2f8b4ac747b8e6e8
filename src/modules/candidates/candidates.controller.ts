import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags, ApiOperation } from '@nestjs/swagger';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';
import { PageQueryDto } from '../../common/pagination/cursor.js';

export class ListCandidatesDto extends PageQueryDto {
  /** Name contains (case-insensitive). */
  @ApiPropertyOptional()
  @IsOptionalNotNull()
  @IsString()
  @MaxLength(100)
  q?: string;
}
import { CurrentUser, Roles } from '../auth/auth.decorators.js';
import type { Principal } from '../auth/roles.js';
import { CandidatesService } from './candidates.service.js';
import { CreateCandidateDto, UpdateCandidateDto } from './dto/candidate.dto.js';
import { IsOptionalNotNull } from '../../common/validation/optional.js';
import { Audited, snapshotOf } from '../audit/audited.js';

@ApiTags('candidates')
@ApiBearerAuth()
@Controller('candidates')
export class CandidatesController {
  constructor(private readonly candidates: CandidatesService) {}

  @ApiOperation({ summary: 'Add a candidate' })
  @Post()
  @Roles('sourcer')
  create(@CurrentUser() principal: Principal, @Body() dto: CreateCandidateDto) {
    return this.candidates.create(principal, dto);
  }

  /** Sourcers: their own. Admins: all. */
  @ApiOperation({ summary: 'List candidates (a sourcer sees their own)' })
  @Get()
  @Roles('sourcer', 'admin')
  list(@CurrentUser() principal: Principal, @Query() query: ListCandidatesDto) {
    return this.candidates.list(principal, query.limit, query.cursor, query.q);
  }

  @ApiOperation({ summary: 'Get a candidate' })
  @Get(':id')
  get(@CurrentUser() principal: Principal, @Param('id') id: string) {
    return this.candidates.get(principal, id);
  }

  @ApiOperation({ summary: 'Update a candidate' })
  @Audited({ action: 'candidate.update', targetType: 'candidate', target: { params: ['id'] }, personalBody: true, snapshot: snapshotOf(CandidatesService, (s, id) => s.auditSnapshot(id)) })
  @Patch(':id')
  @Roles('sourcer', 'admin')
  update(@CurrentUser() principal: Principal, @Param('id') id: string, @Body() dto: UpdateCandidateDto) {
    return this.candidates.update(principal, id, dto);
  }

  /** Everything held about the person (their right of access). */
  @ApiOperation({ summary: 'Export everything held about a candidate (data subject access)' })
  @Get(':id/export')
  @Roles('sourcer', 'admin')
  export(@CurrentUser() principal: Principal, @Param('id') id: string) {
    return this.candidates.exportData(principal, id);
  }

  /** Erases the person's data; statistics and ledgers stay consistent. */
  @ApiOperation({ summary: 'Erase a candidate (right to erasure)' })
  @Audited({ action: 'candidate.erase', targetType: 'candidate', target: { params: ['id'] }, snapshot: snapshotOf(CandidatesService, (s, id) => s.auditSnapshot(id)) })
  @Delete(':id')
  @Roles('sourcer', 'admin')
  @HttpCode(204)
  async erase(@CurrentUser() principal: Principal, @Param('id') id: string): Promise<void> {
    await this.candidates.erase(principal, id);
  }
}
