import { Controller, Delete, Get, HttpCode, Param, ParseEnumPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiPropertyOptional, ApiTags, ApiOperation } from '@nestjs/swagger';
import { IsInt } from 'class-validator';
import { DomainError } from '../../common/errors/domain-error.js';
import { clampedInt } from '../../common/pagination/cursor.js';
import { QueueName } from '../../queues/queue.types.js';
import { QueueService } from '../../queues/queue.service.js';
import { Roles } from '../auth/auth.decorators.js';
import { HealthService } from '../health/health.service.js';
import { AdminService } from './admin.service.js';
import { IsOptionalNotNull } from '../../common/validation/optional.js';
import { ErrorCode } from '../../common/errors/error-codes.js';


export class OverviewQueryDto {
  @ApiPropertyOptional({ example: 30 })
  @IsOptionalNotNull()
  @clampedInt(1, 365)
  @IsInt()
  days: number = 30;
}

export class OffsetPageDto {
  @ApiPropertyOptional({ example: 20 })
  @IsOptionalNotNull()
  @clampedInt(1, 100)
  @IsInt()
  limit: number = 20;

  @ApiPropertyOptional({ example: 0 })
  @IsOptionalNotNull()
  @clampedInt(0, Number.MAX_SAFE_INTEGER)
  @IsInt()
  offset: number = 0;
}

/** The dashboard's own endpoints; everything else it shows comes from the public API. */
@ApiTags('admin')
@ApiBearerAuth()
@Roles('admin')
@Controller('admin')
export class AdminController {
  constructor(
    private readonly admin: AdminService,
    private readonly queues: QueueService,
    private readonly health: HealthService,
  ) {}

  @ApiOperation({ summary: 'Platform overview: jobs, submissions, credits and payouts over a period' })
  @Get('overview')
  overview(@Query() query: OverviewQueryDto) {
    return this.admin.overview(query.days);
  }

  @ApiOperation({ summary: 'Sourcers with their quality figures' })
  @Get('sourcers')
  sourcers(@Query() query: OffsetPageDto) {
    return this.admin.sourcers(query.limit, query.offset);
  }

  @ApiOperation({ summary: 'Dependency health as the dashboard shows it' })
  @Get('system')
  async system() {
    return { checkedAt: new Date(), dependencies: await this.health.readiness() };
  }

  @ApiOperation({ summary: 'Job counts of every queue' })
  @Get('queues')
  async queueCounts() {
    return { queues: await this.queues.counts() };
  }

  @ApiOperation({ summary: 'Failed jobs of one queue' })
  @Get('queues/:queue/failed')
  async failed(@Param('queue', new ParseEnumPipe(QueueName)) queue: QueueName, @Query() query: OffsetPageDto) {
    const q = this.queues.queue(queue);
    const [jobs, total] = await Promise.all([q.getFailed(query.offset, query.offset + query.limit - 1), q.getFailedCount()]);
    return {
      items: jobs.map((j) => ({ id: j.id, name: j.name, failedReason: j.failedReason, attemptsMade: j.attemptsMade, data: j.data, failedAt: j.finishedOn ? new Date(j.finishedOn) : null })),
      total,
      offset: query.offset,
      limit: query.limit,
    };
  }

  @ApiOperation({ summary: 'Retry a failed job' })
  @Post('queues/:queue/jobs/:id/retry')
  @HttpCode(202)
  async retry(@Param('queue', new ParseEnumPipe(QueueName)) queue: QueueName, @Param('id') id: string) {
    const job = await this.queues.queue(queue).getJob(id);
    if (!job) throw DomainError.notFound(ErrorCode.QUEUE_JOB_NOT_FOUND, 'Job');
    if (!(await job.isFailed())) throw new DomainError(ErrorCode.QUEUE_JOB_NOT_FAILED, 'Only a failed job can be retried');
    await job.retry('failed');
    return { id, status: 'waiting' };
  }

  @ApiOperation({ summary: 'Remove a failed job' })
  @Delete('queues/:queue/jobs/:id')
  @HttpCode(204)
  async remove(@Param('queue', new ParseEnumPipe(QueueName)) queue: QueueName, @Param('id') id: string): Promise<void> {
    const job = await this.queues.queue(queue).getJob(id);
    if (!job) throw DomainError.notFound(ErrorCode.QUEUE_JOB_NOT_FOUND, 'Job');
    if (await job.isActive()) throw new DomainError(ErrorCode.QUEUE_JOB_ACTIVE, 'A running job cannot be removed');
    await job.remove();
  }
}
