import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags, ApiOperation } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../auth/auth.decorators.js';
import type { Principal } from '../auth/roles.js';
import { CreateJobDto } from './dto/job.dto.js';
import { ListJobsDto } from './dto/list-jobs.dto.js';
import { UpdateJobDto } from './dto/update-job.dto.js';
import { JobsService } from './jobs.service.js';
import { Audited, snapshotOf } from '../audit/audited.js';

@ApiTags('jobs')
@ApiBearerAuth()
@Controller('jobs')
export class JobsController {
  constructor(private readonly jobs: JobsService) {}

  @ApiOperation({ summary: 'Create a job (draft)' })
  @Post()
  @Roles('employer')
  create(@CurrentUser() principal: Principal, @Body() dto: CreateJobDto) {
    return this.jobs.create(principal, dto);
  }

  /** Sourcers: published jobs. Employers: their company's. Admins: all. */
  @ApiOperation({ summary: 'List jobs' })
  @Get()
  list(@CurrentUser() principal: Principal, @Query() query: ListJobsDto) {
    return this.jobs.list(principal, query);
  }

  @ApiOperation({ summary: 'Get a job' })
  @Get(':id')
  get(@CurrentUser() principal: Principal, @Param('id') id: string) {
    return this.jobs.get(principal, id);
  }

  @ApiOperation({ summary: 'Update a job' })
  @Audited({ action: 'job.update', targetType: 'job', target: { params: ['id'] }, snapshot: snapshotOf(JobsService, (s, id) => s.find(id)) })
  @Patch(':id')
  @Roles('employer', 'admin')
  update(@CurrentUser() principal: Principal, @Param('id') id: string, @Body() dto: UpdateJobDto) {
    return this.jobs.update(principal, id, dto);
  }

  @ApiOperation({ summary: 'Publish a job' })
  @Audited({ action: 'job.publish', targetType: 'job', target: { params: ['id'] }, snapshot: snapshotOf(JobsService, (s, id) => s.find(id)) })
  @Post(':id/publish')
  @Roles('employer', 'admin')
  @HttpCode(200)
  publish(@CurrentUser() principal: Principal, @Param('id') id: string) {
    return this.jobs.move(principal, id, 'publish');
  }

  @ApiOperation({ summary: 'Pause a job' })
  @Audited({ action: 'job.pause', targetType: 'job', target: { params: ['id'] }, snapshot: snapshotOf(JobsService, (s, id) => s.find(id)) })
  @Post(':id/pause')
  @Roles('employer', 'admin')
  @HttpCode(200)
  pause(@CurrentUser() principal: Principal, @Param('id') id: string) {
    return this.jobs.move(principal, id, 'pause');
  }

  @ApiOperation({ summary: 'Close a job' })
  @Audited({ action: 'job.close', targetType: 'job', target: { params: ['id'] }, snapshot: snapshotOf(JobsService, (s, id) => s.find(id)) })
  @Post(':id/close')
  @Roles('employer', 'admin')
  @HttpCode(200)
  close(@CurrentUser() principal: Principal, @Param('id') id: string) {
    return this.jobs.move(principal, id, 'close');
  }
}
