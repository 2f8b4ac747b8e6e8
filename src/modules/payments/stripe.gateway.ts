// The one class that talks to Stripe. Every call that creates something carries an
// idempotency key, so a retried job or request never creates it twice.
import { Injectable } from '@nestjs/common';
import Stripe from 'stripe';
import { AppConfig } from '../../config/app-config.js';

@Injectable()
export class StripeGateway {
  private readonly stripe: Stripe;

  constructor(private readonly config: AppConfig) {
    const api = new URL(config.STRIPE_API_URL);
    this.stripe = new Stripe(config.STRIPE_SECRET_KEY || 'sk_test_unconfigured', {
      host: api.hostname,
      port: api.port || (api.protocol === 'https:' ? 443 : 80),
      protocol: api.protocol.replace(':', '') as 'http' | 'https',
      maxNetworkRetries: 2,
      timeout: 15_000,
    });
  }

  /** The event, if the signature over the raw body is Stripe's and recent (300 s); throws otherwise. */
  verifyEvent(rawBody: Buffer, signature: string): Stripe.Event {
    return this.stripe.webhooks.constructEvent(rawBody, signature, this.config.STRIPE_WEBHOOK_SECRET, 300);
  }

  createCheckoutSession(params: Stripe.Checkout.SessionCreateParams, idempotencyKey: string): Promise<Stripe.Checkout.Session> {
    return this.stripe.checkout.sessions.create(params, { idempotencyKey });
  }

  createExpressAccount(userId: string, email: string | undefined): Promise<Stripe.Account> {
    return this.stripe.accounts.create({ type: 'express', email, metadata: { userId }, capabilities: { transfers: { requested: true } } }, { idempotencyKey: `connect-account-${userId}` });
  }

  createOnboardingLink(accountId: string, returnUrl: string): Promise<Stripe.AccountLink> {
    return this.stripe.accountLinks.create({ account: accountId, refresh_url: returnUrl, return_url: returnUrl, type: 'account_onboarding' });
  }

  createTransfer(params: { amount: number; currency: string; destination: string; metadata: Record<string, string> }, idempotencyKey: string): Promise<Stripe.Transfer> {
    return this.stripe.transfers.create({ ...params, currency: params.currency.toLowerCase() }, { idempotencyKey });
  }
}
