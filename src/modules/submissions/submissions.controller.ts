import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags, ApiOperation } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../auth/auth.decorators.js';
import type { Principal } from '../auth/roles.js';
import { CreateSubmissionDto, ListSubmissionsDto, MoveSubmissionDto } from './dto/submission.dto.js';
import { SubmissionsService } from './submissions.service.js';
import { Audited, snapshotOf } from '../audit/audited.js';

@ApiTags('submissions')
@ApiBearerAuth()
@Controller('submissions')
export class SubmissionsController {
  constructor(private readonly submissions: SubmissionsService) {}

  @ApiOperation({ summary: 'Submit a candidate to a job' })
  @Post()
  @Roles('sourcer')
  create(@CurrentUser() principal: Principal, @Body() dto: CreateSubmissionDto) {
    return this.submissions.create(principal, dto);
  }

  /** Sourcers: their own. Employers: delivered to their company. Admins: all. */
  @ApiOperation({ summary: 'List submissions' })
  @Get()
  list(@CurrentUser() principal: Principal, @Query() query: ListSubmissionsDto) {
    return this.submissions.list(principal, query);
  }

  @ApiOperation({ summary: 'Get a submission' })
  @Get(':id')
  get(@CurrentUser() principal: Principal, @Param('id') id: string) {
    return this.submissions.get(principal, id);
  }

  /** A pipeline move: employers move their jobs' submissions, sourcers may withdraw theirs. */
  @ApiOperation({ summary: 'Move a submission through the pipeline' })
  @Audited({ action: 'submission.move', targetType: 'submission', target: { params: ['id'] }, snapshot: snapshotOf(SubmissionsService, (s, id) => s.auditSnapshot(id)) })
  @Post(':id/moves')
  @HttpCode(200)
  move(@CurrentUser() principal: Principal, @Param('id') id: string, @Body() dto: MoveSubmissionDto) {
    return this.submissions.move(principal, id, dto.to, dto.reason);
  }
}
