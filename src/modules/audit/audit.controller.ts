import { Controller, Get, Header, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiPropertyOptional, ApiTags, IntersectionType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsDate, IsString, Matches, MaxLength } from 'class-validator';
import type { FastifyReply } from 'fastify';
import { PageQueryDto } from '../../common/pagination/cursor.js';
import { IsOptionalNotNull } from '../../common/validation/optional.js';
import { Roles } from '../auth/auth.decorators.js';
import { type AuditFilter, AuditService } from './audit.service.js';

/** An ISO 8601 date or date-time in the query string; anything else stays a string for IsDate to refuse. */
const isoDate = () =>
  Transform(({ value }) => {
    if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(value)) return value;
    const date = new Date(value);
    return Number.isNaN(date.getTime()) ? value : date;
  });

export class AuditFilterDto {
  @ApiPropertyOptional({ maxLength: 100, example: 'credits.adjust', description: 'Only this action.' })
  @IsOptionalNotNull()
  @IsString()
  @Matches(/^[a-z][a-z_]*(\.[a-z_]+)+$/, { message: 'action must be like credits.adjust' })
  @MaxLength(100)
  action?: string;

  @ApiPropertyOptional({ maxLength: 100, description: 'Only actions of this user (their user id).' })
  @IsOptionalNotNull()
  @IsString()
  @MaxLength(100)
  actorId?: string;

  @ApiPropertyOptional({ maxLength: 50, example: 'company', description: 'Only actions on this kind of target.' })
  @IsOptionalNotNull()
  @IsString()
  @MaxLength(50)
  targetType?: string;

  @ApiPropertyOptional({ maxLength: 300, description: 'Only actions on this target.' })
  @IsOptionalNotNull()
  @IsString()
  @MaxLength(300)
  targetId?: string;

  @ApiPropertyOptional({ type: String, format: 'date-time', description: 'From this time (inclusive).' })
  @IsOptionalNotNull()
  @isoDate()
  @IsDate({ message: 'from must be an ISO 8601 date or date-time' })
  from?: Date;

  @ApiPropertyOptional({ type: String, format: 'date-time', description: 'Before this time.' })
  @IsOptionalNotNull()
  @isoDate()
  @IsDate({ message: 'to must be an ISO 8601 date or date-time' })
  to?: Date;
}

export class AuditPageQueryDto extends IntersectionType(PageQueryDto, AuditFilterDto) {}

const filterOf = (q: AuditFilter): AuditFilter => ({ action: q.action, actorId: q.actorId, targetType: q.targetType, targetId: q.targetId, from: q.from, to: q.to });

/** The audit log of admin actions: who did what to which target, when, with before and after. */
@ApiTags('admin')
@ApiBearerAuth()
@Roles('admin')
@Controller('admin/audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @ApiOperation({ summary: 'Admin actions, newest first' })
  @Get()
  list(@Query() query: AuditPageQueryDto) {
    return this.audit.page(filterOf(query), query.limit, query.cursor);
  }

  @ApiOperation({ summary: 'Every matching admin action as CSV (newest first), for download' })
  @ApiProduces('text/csv')
  @Get('export')
  @Header('cache-control', 'no-store')
  export(@Query() query: AuditFilterDto, @Res() reply: FastifyReply): void {
    const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-');
    void reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="crowdhire-audit-${stamp}.csv"`)
      .send(this.audit.exportCsv(filterOf(query)));
  }
}
