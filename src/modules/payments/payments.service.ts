import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import type Stripe from 'stripe';
import { DomainError } from '../../common/errors/domain-error.js';
import { keyset, toPage } from '../../common/pagination/cursor.js';
import { AppConfig } from '../../config/app-config.js';
import type { Principal } from '../auth/roles.js';
import { CreditsService } from './credits.service.js';
import { PayoutAccount, StripeEventRecord } from './payments.schema.js';
import { PayoutsService } from './payouts.service.js';
import { StripeGateway } from './stripe.gateway.js';
import { ErrorCode } from '../../common/errors/error-codes.js';

/** Checkout, Connect onboarding and Stripe's webhook events. */
@Injectable()
export class PaymentsService {
  constructor(
    @InjectModel(StripeEventRecord.name) private readonly events: Model<StripeEventRecord>,
    @InjectModel(PayoutAccount.name) private readonly accounts: Model<PayoutAccount>,
    private readonly stripe: StripeGateway,
    private readonly credits: CreditsService,
    private readonly payouts: PayoutsService,
    private readonly config: AppConfig,
  ) {}

  requireEnabled(): void {
    if (!this.config.PAYMENTS_ENABLED) throw new DomainError(ErrorCode.PAYMENTS_DISABLED, 'Payments are not enabled on this deployment');
  }

  packs() {
    return this.config.CREDIT_PACKS;
  }

  async checkout(principal: Principal, packName: string, requestKey: string): Promise<{ url: string; sessionId: string }> {
    this.requireEnabled();
    if (!principal.companyId) throw new DomainError(ErrorCode.COMPANY_REQUIRED, 'Only an employer of a company can buy credits');
    const pack = this.config.CREDIT_PACKS.find((p) => p.name === packName);
    if (!pack) throw new DomainError(ErrorCode.UNKNOWN_CREDIT_PACK, `No credit pack named ${packName}`, { packs: this.config.CREDIT_PACKS.map((p) => p.name) });
    const metadata = { companyId: principal.companyId, pack: pack.name, credits: String(pack.credits), userId: principal.userId };
    const session = await this.stripe.createCheckoutSession(
      {
        mode: 'payment',
        success_url: this.config.CHECKOUT_SUCCESS_URL,
        cancel_url: this.config.CHECKOUT_CANCEL_URL,
        client_reference_id: principal.companyId,
        line_items: [{ quantity: 1, price_data: { currency: pack.currency.toLowerCase(), unit_amount: pack.price, product_data: { name: `${pack.credits} profile credits (${pack.name})` } } }],
        metadata,
        payment_intent_data: { metadata },
      },
      `checkout-${principal.userId}-${requestKey}`,
    );
    return { url: session.url ?? '', sessionId: session.id };
  }

  async connect(principal: Principal): Promise<{ url: string; accountId: string }> {
    this.requireEnabled();
    let account = await this.accounts.findById(principal.userId).lean<PayoutAccount>().exec();
    if (!account) {
      const created = await this.stripe.createExpressAccount(principal.userId, principal.email);
      await this.accounts.updateOne({ _id: principal.userId }, { $setOnInsert: { stripeAccountId: created.id, payoutsEnabled: false } }, { upsert: true }).exec();
      account = await this.accounts.findById(principal.userId).lean<PayoutAccount>().orFail().exec();
    }
    const link = await this.stripe.createOnboardingLink(account.stripeAccountId, this.config.CONNECT_RETURN_URL);
    return { url: link.url, accountId: account.stripeAccountId };
  }

  async payoutAccount(userId: string) {
    const account = await this.accounts.findById(userId).lean<PayoutAccount>().exec();
    return account ? { accountId: account.stripeAccountId, payoutsEnabled: account.payoutsEnabled } : null;
  }

  /**
   * A webhook delivery: verified on the raw body, then processed once per event id under a
   * lease. A duplicate of a processed event, or of one being processed under a live lease,
   * answers 200 and does nothing. A failure releases the lease, and an event whose process
   * died midway is taken over once its lease expires, so Stripe's retry processes it again;
   * every effect is keyed (ledger refs, payouts), so a second processing changes nothing twice.
   */
  async receive(rawBody: Buffer | undefined, signature: string | undefined): Promise<{ received: true; duplicate?: true; result?: string }> {
    this.requireEnabled();
    if (!signature) throw new DomainError(ErrorCode.STRIPE_SIGNATURE_MISSING, 'The Stripe-Signature header is missing');
    let event: Stripe.Event;
    try {
      event = this.stripe.verifyEvent(rawBody ?? Buffer.alloc(0), signature);
    } catch (error) {
      throw new DomainError(ErrorCode.STRIPE_SIGNATURE_INVALID, `The webhook signature is invalid or too old (${(error as Error).message.split('\n')[0]})`);
    }
    if (!(await this.claim(event))) return { received: true, duplicate: true };
    try {
      const result = await this.handle(event);
      await this.events.updateOne({ _id: event.id }, { $set: { status: result === 'ignored' ? 'ignored' : 'processed', result, processedAt: new Date() }, $unset: { leaseUntil: 1 } }).exec();
      return { received: true, result };
    } catch (error) {
      await this.events
        .updateOne({ _id: event.id, status: 'processing' }, { $set: { leaseUntil: new Date(0), lastError: error instanceof Error ? error.message.slice(0, 300) : String(error) }, $inc: { failures: 1 } })
        .exec()
        .catch(() => undefined);
      throw error;
    }
  }

  /** True when this process may process the event: it is new, or its last processor's lease lapsed. */
  private async claim(event: Stripe.Event): Promise<boolean> {
    const now = new Date();
    const leaseUntil = new Date(now.getTime() + this.config.STRIPE_EVENT_LEASE_MS);
    try {
      await this.events.create({ _id: event.id, type: event.type, created: new Date(event.created * 1000), status: 'processing', leaseUntil, receivedAt: now });
      return true;
    } catch (error) {
      if ((error as { code?: number }).code !== 11000) throw error;
    }
    const taken = await this.events.updateOne({ _id: event.id, status: 'processing', leaseUntil: { $lt: now } }, { $set: { leaseUntil } }).exec();
    return taken.modifiedCount === 1;
  }

  private async handle(event: Stripe.Event): Promise<string> {
    switch (event.type) {
      case 'checkout.session.completed':
      case 'checkout.session.async_payment_succeeded': {
        const session = event.data.object;
        if (session.payment_status !== 'paid') return 'not paid yet';
        const { companyId, pack, credits } = session.metadata ?? {};
        if (!companyId || !credits) return 'ignored';
        await this.credits.grant({
          companyId,
          credits: Number(credits),
          pack,
          checkoutSessionId: session.id,
          paymentIntentId: typeof session.payment_intent === 'string' ? session.payment_intent : session.payment_intent?.id,
          amount: session.amount_total ?? 0,
          currency: (session.currency ?? '').toUpperCase(),
        });
        return `granted ${credits} credits`;
      }
      case 'charge.refunded': {
        const charge = event.data.object;
        const paymentIntent = typeof charge.payment_intent === 'string' ? charge.payment_intent : charge.payment_intent?.id;
        if (!paymentIntent) return 'ignored';
        await this.credits.recordRefund(charge.id, paymentIntent, charge.amount_refunded, charge.currency.toUpperCase());
        return `refund of ${charge.amount_refunded} recorded`;
      }
      case 'account.updated': {
        const account = event.data.object;
        const updated = await this.accounts
          .updateOne({ stripeAccountId: account.id, lastEventAt: { $lte: event.created } }, { $set: { payoutsEnabled: account.payouts_enabled === true, lastEventAt: event.created } })
          .exec();
        return updated.modifiedCount ? `payouts ${account.payouts_enabled ? 'enabled' : 'disabled'}` : 'stale or unknown account';
      }
      case 'transfer.created':
        return this.payouts.settled(event.data.object.id, event.data.object.metadata?.payoutId);
      case 'transfer.reversed':
        return this.payouts.failed(event.data.object.id, event.data.object.metadata?.payoutId);
      default:
        return 'ignored';
    }
  }

  /** Webhook events received, newest first, with what each did. */
  async recentEvents(limit: number, cursor?: string) {
    const page = keyset({ field: 'receivedAt', direction: -1 }, cursor);
    const rows = await this.events.find(page.filter).sort(page.sort).limit(limit + 1).lean<StripeEventRecord[]>().exec();
    return toPage(rows, limit, 'receivedAt', (e) => ({ id: e._id, type: e.type, status: e.status, result: e.result ?? null, created: e.created, receivedAt: e.receivedAt }));
  }
}
