import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags, PartialType } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayNotEmpty, IsArray, IsBoolean, IsIn, IsString, IsUUID, MaxLength } from 'class-validator';
import { PageQueryDto } from '../../common/pagination/cursor.js';
import { IsOptionalNotNull } from '../../common/validation/optional.js';
import { CurrentUser, Roles } from '../auth/auth.decorators.js';
import type { Principal } from '../auth/roles.js';
import { WEBHOOK_EVENT_TYPES, type WebhookEventType } from './webhook.schema.js';
import { WebhooksService } from './webhooks.service.js';
import { Audited } from '../audit/audited.js';

export class CreateWebhookEndpointDto {
  @ApiProperty({ example: 'https://hooks.example.com/crowdhire', maxLength: 2048, description: 'http(s); loopback, private and link-local targets are refused.' })
  @IsString()
  @MaxLength(2048)
  url: string;

  @ApiProperty({ enum: WEBHOOK_EVENT_TYPES, isArray: true, maxItems: WEBHOOK_EVENT_TYPES.length, example: ['submission.delivered', 'submission.moved'] })
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(WEBHOOK_EVENT_TYPES.length)
  @IsIn(WEBHOOK_EVENT_TYPES, { each: true })
  events: WebhookEventType[];

  @ApiPropertyOptional({ format: 'uuid', description: 'Admins: the company the endpoint is for.' })
  @IsOptionalNotNull()
  @IsUUID()
  companyId?: string;
}

export class UpdateWebhookEndpointDto extends PartialType(CreateWebhookEndpointDto, { skipNullProperties: false }) {
  @ApiPropertyOptional({ description: 'Off stops deliveries; on again clears the failure record.' })
  @IsOptionalNotNull()
  @IsBoolean()
  enabled?: boolean;
}

export class ListWebhookEndpointsDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Admins: one company only.' })
  @IsOptionalNotNull()
  @IsUUID()
  companyId?: string;
}

/** Employers register their company's endpoints; admins any company's. */
@ApiTags('webhooks')
@ApiBearerAuth()
@Roles('employer', 'admin')
@Controller('webhooks')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @ApiOperation({ summary: 'Register a webhook endpoint (the answer carries its signing secret, once)' })
  @Audited({ action: 'webhook.create', targetType: 'webhook_endpoint' })
  @Post('endpoints')
  create(@CurrentUser() principal: Principal, @Body() dto: CreateWebhookEndpointDto) {
    return this.webhooks.create(principal, dto);
  }

  @ApiOperation({ summary: "List the company's webhook endpoints" })
  @Get('endpoints')
  list(@CurrentUser() principal: Principal, @Query() query: ListWebhookEndpointsDto) {
    return this.webhooks.list(principal, query.limit, query.cursor, query.companyId);
  }

  @ApiOperation({ summary: 'Get a webhook endpoint' })
  @Get('endpoints/:id')
  get(@CurrentUser() principal: Principal, @Param('id') id: string) {
    return this.webhooks.get(principal, id);
  }

  @ApiOperation({ summary: 'Change a webhook endpoint: URL, events, on or off' })
  @Audited({ action: 'webhook.update', targetType: 'webhook_endpoint', target: { params: ['id'] } })
  @Patch('endpoints/:id')
  update(@CurrentUser() principal: Principal, @Param('id') id: string, @Body() dto: UpdateWebhookEndpointDto) {
    return this.webhooks.update(principal, id, dto);
  }

  @ApiOperation({ summary: 'Remove a webhook endpoint' })
  @Audited({ action: 'webhook.remove', targetType: 'webhook_endpoint', target: { params: ['id'] } })
  @Delete('endpoints/:id')
  @HttpCode(204)
  async remove(@CurrentUser() principal: Principal, @Param('id') id: string): Promise<void> {
    await this.webhooks.remove(principal, id);
  }

  @ApiOperation({ summary: "An endpoint's delivery log: status, attempts, response codes and latency" })
  @Get('endpoints/:id/deliveries')
  deliveries(@CurrentUser() principal: Principal, @Param('id') id: string, @Query() query: PageQueryDto) {
    return this.webhooks.deliveriesOf(principal, id, query.limit, query.cursor);
  }

  @ApiOperation({ summary: 'Replay a delivery (same webhook-id, a new retry series)' })
  @Audited({ action: 'webhook.replay', targetType: 'webhook_delivery', target: { params: ['id'] } })
  @Post('deliveries/:id/replay')
  @HttpCode(202)
  replay(@CurrentUser() principal: Principal, @Param('id') id: string) {
    return this.webhooks.replay(principal, id);
  }
}
