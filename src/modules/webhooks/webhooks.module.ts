// Outbound webhooks (webhooks.service.ts): endpoints, events, deliveries. Imported by the
// modules whose events employers can subscribe to, so it depends on none of them.
import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { QueuesModule } from '../../queues/queues.module.js';
import { WebhookDelivery, WebhookDeliverySchema, WebhookEndpoint, WebhookEndpointSchema } from './webhook.schema.js';
import { WebhooksController } from './webhooks.controller.js';
import { WebhooksService } from './webhooks.service.js';

@Module({
  imports: [
    MongooseModule.forFeature([
      { name: WebhookEndpoint.name, schema: WebhookEndpointSchema },
      { name: WebhookDelivery.name, schema: WebhookDeliverySchema },
    ]),
    QueuesModule,
  ],
  controllers: [WebhooksController],
  providers: [WebhooksService],
  exports: [WebhooksService],
})
export class WebhooksModule {}
