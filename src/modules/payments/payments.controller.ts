import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, Headers, HttpCode, Post, Query, Req, type RawBodyRequest } from '@nestjs/common';
import { ApiBearerAuth, ApiExcludeEndpoint, ApiHeader, ApiProperty, ApiPropertyOptional, ApiTags, ApiOperation } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import { IsInt, IsNotEmpty, IsString, IsUUID, Matches, MaxLength, NotEquals } from 'class-validator';
import type { FastifyRequest } from 'fastify';
import { DomainError } from '../../common/errors/domain-error.js';
import { PageQueryDto } from '../../common/pagination/cursor.js';
import { Intents } from '../../queues/job-intents.js';
import { OutboxService } from '../../queues/outbox/outbox.service.js';
import { isAdmin } from '../auth/access.js';
import { CurrentUser, Public, Roles } from '../auth/auth.decorators.js';
import type { Principal } from '../auth/roles.js';
import { CreditsService } from './credits.service.js';
import { EarningsService } from './earnings.service.js';
import { PaymentsService } from './payments.service.js';
import { isoWeek, PayoutsService } from './payouts.service.js';
import { IsOptionalNotNull } from '../../common/validation/optional.js';
import { ErrorCode } from '../../common/errors/error-codes.js';
import { Audited, snapshotOf } from '../audit/audited.js';

/** Optional: a retried request with the same key has its first answer's effect, once. */
const IDEMPOTENCY_KEY_HEADER = { name: 'idempotency-key', required: false, description: 'Optional. Retrying with the same key repeats no effect.' };

export class CheckoutDto {
  @ApiProperty({ example: 'calibration' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(40)
  pack: string;
}

export class StatementQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Admins: the company to show' })
  @IsOptionalNotNull()
  @IsUUID()
  companyId?: string;
}

export class AdjustmentDto {
  @ApiProperty()
  @IsUUID()
  companyId: string;

  /** Positive adds, negative removes (never below zero). */
  @ApiProperty({ example: 5 })
  @IsInt()
  @NotEquals(0)
  credits: number;

  @ApiProperty({ example: 'Goodwill for a delayed batch' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  reason: string;
}

export class PayoutRunDto {
  /** Defaults to the current ISO week; re-running a run pays nobody twice. */
  @ApiPropertyOptional({ example: '2026-W48' })
  @IsOptionalNotNull()
  @Matches(/^[A-Za-z0-9-]{1,40}$/)
  runId?: string;
}

const idempotencyKey = (header: string | undefined) => {
  if (header !== undefined && !/^[A-Za-z0-9_-]{8,100}$/.test(header)) throw new DomainError(ErrorCode.INVALID_IDEMPOTENCY_KEY, 'Idempotency-Key must be 8-100 letters, digits, "-" or "_"');
  return header ?? randomUUID();
};

@ApiTags('payments')
@ApiBearerAuth()
@Controller()
export class PaymentsController {
  constructor(
    private readonly payments: PaymentsService,
    private readonly credits: CreditsService,
    private readonly earnings: EarningsService,
    private readonly payouts: PayoutsService,
    private readonly outbox: OutboxService,
  ) {}

  @ApiOperation({ summary: 'Credit packs on sale' })
  @Get('payments/packs')
  packs() {
    return { items: this.payments.packs() };
  }

  /** A Stripe Checkout Session for a credit pack; pay at the returned URL. */
  @ApiOperation({ summary: 'Start a Stripe Checkout for a credit pack' })
  @Post('payments/checkout')
  @Roles('employer')
  @HttpCode(201)
  @ApiHeader(IDEMPOTENCY_KEY_HEADER)
  checkout(@CurrentUser() principal: Principal, @Body() dto: CheckoutDto, @Headers('idempotency-key') key?: string) {
    return this.payments.checkout(principal, dto.pack, idempotencyKey(key));
  }

  /** The company's credit balance and ledger, newest first. */
  @ApiOperation({ summary: "The company's credit balance and ledger" })
  @Get('payments/credits')
  @Roles('employer', 'admin')
  async creditsStatement(@CurrentUser() principal: Principal, @Query() query: StatementQueryDto) {
    this.payments.requireEnabled();
    const companyId = isAdmin(principal) ? query.companyId : principal.companyId;
    if (!companyId && isAdmin(principal)) throw DomainError.validation([{ field: 'companyId', messages: ['companyId is required for admins'] }]);
    if (!companyId) throw new DomainError(ErrorCode.COMPANY_REQUIRED, 'You are not a member of a company');
    return this.credits.statement(companyId, query.limit, query.cursor);
  }

  /** Stripe Connect onboarding for payouts. */
  @ApiOperation({ summary: 'Start or resume Stripe Connect onboarding for payouts' })
  @Post('payments/connect')
  @Roles('sourcer')
  @HttpCode(201)
  connect(@CurrentUser() principal: Principal) {
    return this.payments.connect(principal);
  }

  @ApiOperation({ summary: "The sourcer's earnings and payouts" })
  @Get('payments/earnings')
  @Roles('sourcer')
  async earningsStatement(@CurrentUser() principal: Principal, @Query() query: StatementQueryDto) {
    this.payments.requireEnabled();
    return {
      ...(await this.earnings.statement(principal.userId, query.limit, query.cursor)),
      payoutAccount: await this.payments.payoutAccount(principal.userId),
      payouts: await this.payouts.list(principal.userId),
    };
  }

  @Post('payments/stripe/webhook')
  @Public()
  @SkipThrottle()
  @HttpCode(200)
  @ApiExcludeEndpoint()
  webhook(@Req() request: RawBodyRequest<FastifyRequest>, @Headers('stripe-signature') signature?: string) {
    return this.payments.receive(request.rawBody, signature);
  }

  @ApiOperation({ summary: "Adjust a company's credits (admin)" })
  @Audited({ action: 'credits.adjust', targetType: 'company', target: { body: 'companyId' }, snapshot: snapshotOf(CreditsService, async (s, id) => ({ balance: await s.balance(id) })) })
  @Post('admin/payments/adjustments')
  @Roles('admin')
  @HttpCode(201)
  @ApiHeader(IDEMPOTENCY_KEY_HEADER)
  async adjust(@CurrentUser() principal: Principal, @Body() dto: AdjustmentDto, @Headers('idempotency-key') key?: string) {
    this.payments.requireEnabled();
    return { companyId: dto.companyId, balance: await this.credits.adjust(dto.companyId, dto.credits, dto.reason, principal.userId, idempotencyKey(key)) };
  }

  /** Starts a payout run now (it also runs on PAYOUT_CRON). */
  @ApiOperation({ summary: 'Start a payout run' })
  @Audited({ action: 'payouts.run', targetType: 'payouts' })
  @Post('admin/payments/payouts')
  @Roles('admin')
  @HttpCode(202)
  async payoutRun(@Body() dto: PayoutRunDto) {
    this.payments.requireEnabled();
    const runId = dto.runId ?? isoWeek(new Date());
    await this.outbox.trigger(Intents.payoutRun(runId));
    return { runId, status: 'queued' };
  }

  @ApiOperation({ summary: 'Stripe events received' })
  @Get('admin/payments/events')
  @Roles('admin')
  events(@Query() query: PageQueryDto) {
    return this.payments.recentEvents(query.limit, query.cursor);
  }
}
