import { Controller, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiPropertyOptional, ApiTags, ApiOperation } from '@nestjs/swagger';
import { IsIn, IsUUID } from 'class-validator';
import type { FastifyRequest } from 'fastify';
import { PageQueryDto } from '../../common/pagination/cursor.js';
import { CurrentUser, Roles } from '../auth/auth.decorators.js';
import type { Principal } from '../auth/roles.js';
import { UPLOAD_STATUSES, type UploadStatus } from './upload.schema.js';
import { ExpensiveRoute } from '../../common/throttling/rate-limits.js';
import { UploadsService } from './uploads.service.js';
import { IsOptionalNotNull } from '../../common/validation/optional.js';
import { Audited } from '../audit/audited.js';

export class ListUploadsDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: UPLOAD_STATUSES })
  @IsOptionalNotNull()
  @IsIn(UPLOAD_STATUSES)
  status?: UploadStatus;

  @ApiPropertyOptional({ description: "Only this candidate's uploads." })
  @IsOptionalNotNull()
  @IsUUID()
  candidateId?: string;
}

@ApiTags('uploads')
@ApiBearerAuth()
@Controller()
export class UploadsController {
  constructor(private readonly uploads: UploadsService) {}

  /** Upload a CV (PDF, DOCX or plain text): 202 with the upload id; processing is queued. */
  @ApiOperation({ summary: "Upload a candidate's CV (PDF or DOCX)" })
  @Post('candidates/:id/cv')
  @ExpensiveRoute()
  @Roles('sourcer')
  @HttpCode(202)
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } }, required: ['file'] } })
  upload(@CurrentUser() principal: Principal, @Param('id') id: string, @Req() request: FastifyRequest) {
    return this.uploads.receive(principal, id, request);
  }

  /** Status (queued | processing | processed | failed), progress and, on failure, a reason code. */
  @ApiOperation({ summary: 'Status of a CV upload' })
  @Get('uploads/:id')
  @Roles('sourcer', 'admin')
  get(@CurrentUser() principal: Principal, @Param('id') id: string) {
    return this.uploads.get(principal, id);
  }

  /** Queues a failed upload again (after a fix, or a crash that was not the file's fault). */
  @ApiOperation({ summary: 'Retry a failed CV upload' })
  @Audited({ action: 'upload.retry', targetType: 'upload', target: { params: ['id'] } })
  @Post('admin/uploads/:id/retry')
  @Roles('admin')
  @HttpCode(202)
  retry(@Param('id') id: string) {
    return this.uploads.retry(id);
  }

  @ApiOperation({ summary: 'List CV uploads' })
  @Get('admin/uploads')
  @Roles('admin')
  list(@Query() query: ListUploadsDto) {
    return this.uploads.list(query.status, query.limit, query.cursor, query.candidateId);
  }
}
