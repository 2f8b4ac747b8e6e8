import { Controller, Delete, Get, Header, HttpCode, Param, ParseEnumPipe, Post, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiBearerAuth, ApiPropertyOptional, ApiTags, ApiOperation } from '@nestjs/swagger';
import { IsInt, IsString, IsUUID, MaxLength } from 'class-validator';
import { DomainError } from '../../common/errors/domain-error.js';
import { clampedInt, decodeCursor, encodeCursor, PageQueryDto } from '../../common/pagination/cursor.js';
import { QueueName } from '../../queues/queue.types.js';
import { QueueService } from '../../queues/queue.service.js';
import { CurrentUser, Roles } from '../auth/auth.decorators.js';
import type { Principal } from '../auth/roles.js';
import { HealthService } from '../health/health.service.js';
import { ListSubmissionsDto } from '../submissions/dto/submission.dto.js';
import { AdminService } from './admin.service.js';
import { IsOptionalNotNull } from '../../common/validation/optional.js';
import { ErrorCode } from '../../common/errors/error-codes.js';
import { Audited, snapshotOf } from '../audit/audited.js';
import { tokenOf } from '../auth/jwt.strategy.js';
import { AppConfig } from '../../config/app-config.js';
import { BOARD_COOKIE, BOARD_PATH } from './queue-board.js';

/** The longest a board cookie lives, whatever the token's own expiry. */
const BOARD_SESSION_MAX_S = 60 * 60;


export class AdminSubmissionsQueryDto extends ListSubmissionsDto {
  @ApiPropertyOptional({ description: "Only this candidate's submissions." })
  @IsOptionalNotNull()
  @IsUUID()
  candidateId?: string;

  @ApiPropertyOptional({ maxLength: 100, description: "Only this sourcer's submissions (their user id)." })
  @IsOptionalNotNull()
  @IsString()
  @MaxLength(100)
  sourcerId?: string;
}

export class SourcerQueryDto {
  @ApiPropertyOptional({ example: 12, minimum: 1, maximum: 104, description: 'How many weeks of outcomes, this one included.' })
  @IsOptionalNotNull()
  @clampedInt(1, 104)
  @IsInt()
  weeks: number = 12;
}

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
    private readonly config: AppConfig,
  ) {}

  /**
   * Lets this browser open Bull Board (/admin/board/): the caller's own token in a cookie that
   * only the board's paths receive, HttpOnly and SameSite=Strict, for at most an hour.
   */
  @ApiOperation({ summary: 'Open Bull Board in this browser: sets its session cookie' })
  @Post('board/session')
  @HttpCode(200)
  @Header('cache-control', 'no-store')
  @Audited({ action: 'board.open', targetType: 'queue_board' })
  boardSession(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): { url: string; expiresAt: Date } {
    const token = tokenOf(request) ?? '';
    const claims = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8') || '{}') as { exp?: number };
    const seconds = Math.max(0, Math.min(BOARD_SESSION_MAX_S, Math.floor((claims.exp ?? 0) - Date.now() / 1000)));
    const secure = this.config.NODE_ENV === 'production' || request.protocol === 'https' ? '; Secure' : '';
    void reply.header('set-cookie', `${BOARD_COOKIE}=${token}; Path=${BOARD_PATH}; Max-Age=${seconds}; HttpOnly; SameSite=Strict${secure}`);
    return { url: `${BOARD_PATH}/`, expiresAt: new Date(Date.now() + seconds * 1000) };
  }

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

  @ApiOperation({ summary: 'A sourcer: quality now, earnings, and the AI check\'s outcomes week by week' })
  @Get('sourcers/:id')
  sourcer(@Param('id') id: string, @Query() query: SourcerQueryDto) {
    return this.admin.sourcer(id, query.weeks);
  }

  @ApiOperation({ summary: 'Submissions with job, company, candidate and sourcer names' })
  @Get('submissions')
  submissions(@CurrentUser() principal: Principal, @Query() query: AdminSubmissionsQueryDto) {
    return this.admin.submissionsPage(principal, query);
  }

  @ApiOperation({ summary: 'One submission with names, evidence, history and ledger entries' })
  @Get('submissions/:id')
  submission(@CurrentUser() principal: Principal, @Param('id') id: string) {
    return this.admin.submission(principal, id);
  }

  @ApiOperation({ summary: 'Dependency health as the dashboard shows it' })
  @Get('system')
  async system() {
    return { checkedAt: new Date(), dependencies: await this.health.readiness() };
  }

  @ApiOperation({ summary: 'Job counts of every queue, and jobs completed and failed in the last 24 hours' })
  @Get('queues')
  async queueCounts() {
    const [queues, throughput] = await Promise.all([this.queues.counts(), this.queues.throughput()]);
    return { queues, throughput };
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
  @Audited({ action: 'queue.retry', targetType: 'queue_job', target: { params: ['queue', 'id'] }, snapshot: snapshotOf(QueueService, (s, ref) => s.jobSnapshot(ref)) })
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
  @Audited({ action: 'queue.remove', targetType: 'queue_job', target: { params: ['queue', 'id'] }, snapshot: snapshotOf(QueueService, (s, ref) => s.jobSnapshot(ref)) })
  @Delete('queues/:queue/jobs/:id')
  @HttpCode(204)
  async remove(@Param('queue', new ParseEnumPipe(QueueName)) queue: QueueName, @Param('id') id: string): Promise<void> {
    const job = await this.queues.queue(queue).getJob(id);
    if (!job) throw DomainError.notFound(ErrorCode.QUEUE_JOB_NOT_FOUND, 'Job');
    if (await job.isActive()) throw new DomainError(ErrorCode.QUEUE_JOB_ACTIVE, 'A running job cannot be removed');
    await job.remove();
  }
}
