import { Controller, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import type { FastifyRequest } from 'fastify';
import { PageQueryDto } from '../../common/pagination/cursor.js';
import { CurrentUser, Roles } from '../auth/auth.decorators.js';
import type { Principal } from '../auth/roles.js';
import { UPLOAD_STATUSES, type UploadStatus } from './upload.schema.js';
import { UploadsService } from './uploads.service.js';

export class ListUploadsDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: UPLOAD_STATUSES })
  @IsOptional()
  @IsIn(UPLOAD_STATUSES)
  status?: UploadStatus;
}

@ApiTags('uploads')
@ApiBearerAuth()
@Controller()
export class UploadsController {
  constructor(private readonly uploads: UploadsService) {}

  /** Upload a CV (PDF, DOCX or plain text): 202 with the upload id; processing is queued. */
  @Post('candidates/:id/cv')
  @Roles('sourcer')
  @HttpCode(202)
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } }, required: ['file'] } })
  upload(@CurrentUser() principal: Principal, @Param('id') id: string, @Req() request: FastifyRequest) {
    return this.uploads.receive(principal, id, request);
  }

  /** Status (queued | processing | processed | failed), progress and, on failure, a reason code. */
  @Get('uploads/:id')
  @Roles('sourcer', 'admin')
  get(@CurrentUser() principal: Principal, @Param('id') id: string) {
    return this.uploads.get(principal, id);
  }

  @Get('admin/uploads')
  @Roles('admin')
  list(@Query() query: ListUploadsDto) {
    return this.uploads.list(query.status, query.limit, query.cursor);
  }
}
