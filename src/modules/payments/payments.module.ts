// Payments: employers' profile credits (Stripe Checkout, verified idempotent webhooks, an
// append-only ledger that never goes below zero), sourcers' earnings and Stripe Connect
// payouts. All Stripe calls go through StripeGateway.
import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { QueuesModule } from '../../queues/queues.module.js';
import { SubmissionsModule } from '../submissions/submissions.module.js';
import { WebhooksModule } from '../webhooks/webhooks.module.js';
import { CreditsService } from './credits.service.js';
import { EarningsService } from './earnings.service.js';
import { PaymentsController } from './payments.controller.js';
import {
  CreditEntry,
  CreditEntrySchema,
  EarningEntry,
  EarningEntrySchema,
  PaymentRefund,
  PaymentRefundSchema,
  Payout,
  PayoutAccount,
  PayoutAccountSchema,
  PayoutSchema,
  StripeEventRecord,
  StripeEventRecordSchema,
} from './payments.schema.js';
import { PaymentsService } from './payments.service.js';
import { PayoutsService } from './payouts.service.js';
import { StripeGateway } from './stripe.gateway.js';

@Module({
  imports: [
    MongooseModule.forFeature([
      { name: CreditEntry.name, schema: CreditEntrySchema },
      { name: EarningEntry.name, schema: EarningEntrySchema },
      { name: StripeEventRecord.name, schema: StripeEventRecordSchema },
      { name: PaymentRefund.name, schema: PaymentRefundSchema },
      { name: PayoutAccount.name, schema: PayoutAccountSchema },
      { name: Payout.name, schema: PayoutSchema },
    ]),
    QueuesModule,
    SubmissionsModule,
    WebhooksModule,
  ],
  controllers: [PaymentsController],
  providers: [StripeGateway, CreditsService, EarningsService, PayoutsService, PaymentsService],
  exports: [CreditsService, EarningsService, PayoutsService],
})
export class PaymentsModule {}
