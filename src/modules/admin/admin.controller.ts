import { Controller, Delete, Get, HttpCode, Param, ParseEnumPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiPropertyOptional, ApiTags, ApiOperation } from '@nestjs/swagger';
import { IsInt } from 'class-validator';
import { DomainError } from '../../common/errors/domain-error.js';
import { clampedInt, decodeCursor, encodeCursor, PageQueryDto } from '../../common/pagination/cursor.js';
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
  sourcers(@Query() query: PageQueryDto) {
    return this.admin.sourcers(query.limit, query.cursor);
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
  async failed(@Param('queue', new ParseEnumPipe(QueueName)) queue: QueueName, @Query() query: PageQueryDto) {
    const q = this.queues.queue(queue);
    // BullMQ lists failed jobs by position (newest first): the cursor carries the next position.
    const position = query.cursor === undefined ? 0 : decodeCursor(query.cursor);
    if (typeof position === 'object' && (typeof position.value !== 'number' || position.id !== queue)) throw new DomainError(ErrorCode.INVALID_CURSOR, 'The cursor is not one this API returned');
    const start = typeof position === 'object' ? (position.value as number) : 0;
    const [jobs, total] = await Promise.all([q.getFailed(start, start + query.limit - 1), q.getFailedCount()]);
    return {
      items: jobs.map((j) => ({ id: j.id, name: j.name, failedReason: j.failedReason, attemptsMade: j.attemptsMade, data: j.data, failedAt: j.finishedOn ? new Date(j.finishedOn) : null })),
      total,
      nextCursor: start + jobs.length < total && jobs.length === query.limit ? encodeCursor(start + jobs.length, queue) : null,
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
