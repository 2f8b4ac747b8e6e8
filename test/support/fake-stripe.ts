// The one fake at the Stripe edge: a local server answering the few Stripe endpoints we call
// (Checkout Sessions, Connect accounts and links, transfers), honouring idempotency keys like
// Stripe does, plus webhook events signed with the stripe library's own test-header helper.
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import Stripe from 'stripe';

export const WEBHOOK_SECRET = 'whsec_crowdhire_test_secret';
export const SECRET_KEY = 'sk_test_crowdhire_fake';

type Obj = Record<string, unknown>;

/** Stripe's form encoding (`a[b][0][c]=1`) back into objects and arrays. */
export function parseForm(body: string): Obj {
  const root: Obj = {};
  for (const [key, value] of new URLSearchParams(body)) {
    const path = key.replace(/\]/g, '').split('[');
    let node: Obj = root;
    path.forEach((part, i) => {
      if (i === path.length - 1) node[part] = value;
      else node = (node[part] ??= /^\d+$/.test(path[i + 1]) ? [] : {}) as Obj;
    });
  }
  return root;
}

const id = (prefix: string) => `${prefix}_${randomBytes(8).toString('hex')}`;

export class FakeStripe {
  readonly transfers: Obj[] = [];
  readonly sessions: Obj[] = [];
  readonly accounts: Obj[] = [];
  /** Transfers to execute but answer by dropping the connection (Stripe did it; we never heard). */
  dropTransferAnswers = 0;
  private readonly idempotent = new Map<string, { status: number; body: string }>();
  private server?: http.Server;
  url = '';

  async start(): Promise<void> {
    this.server = http.createServer((req, res) => {
      let raw = '';
      req.on('data', (chunk: Buffer) => (raw += chunk.toString()));
      req.on('end', () => {
        const key = req.headers['idempotency-key'] as string | undefined;
        const remembered = key ? this.idempotent.get(`${req.url}:${key}`) : undefined;
        if (remembered) return this.reply(req, res, remembered);
        const answer = this.route(req.method ?? 'GET', req.url ?? '/', parseForm(raw));
        if (key) this.idempotent.set(`${req.url}:${key}`, answer);
        this.reply(req, res, answer);
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server!.address() as { port: number }).port}`;
  }

  private reply(req: http.IncomingMessage, res: http.ServerResponse, answer: { status: number; body: string }): void {
    if (req.url === '/v1/transfers' && this.dropTransferAnswers > 0) {
      this.dropTransferAnswers--;
      res.socket?.destroy();
      return;
    }
    res.writeHead(answer.status, { 'content-type': 'application/json', 'request-id': id('req') });
    res.end(answer.body);
  }

  private route(method: string, url: string, params: Obj): { status: number; body: string } {
    const ok = (body: Obj) => ({ status: 200, body: JSON.stringify(body) });
    if (method === 'POST' && url === '/v1/checkout/sessions') {
      const items = params.line_items as { price_data: { unit_amount: string; currency: string } }[];
      const session = {
        id: id('cs_test'),
        object: 'checkout.session',
        url: `https://checkout.stripe.test/pay/${id('cs')}`,
        payment_intent: id('pi'),
        amount_total: Number(items[0].price_data.unit_amount),
        currency: items[0].price_data.currency,
        metadata: params.metadata,
        payment_status: 'unpaid',
        client_reference_id: params.client_reference_id,
      };
      this.sessions.push(session);
      return ok(session);
    }
    if (method === 'POST' && url === '/v1/accounts') {
      const account = { id: id('acct'), object: 'account', type: params.type, email: params.email, metadata: params.metadata, payouts_enabled: false };
      this.accounts.push(account);
      return ok(account);
    }
    if (method === 'POST' && url === '/v1/account_links') return ok({ object: 'account_link', url: `https://connect.stripe.test/setup/${params.account}` });
    if (method === 'POST' && url === '/v1/transfers') {
      const transfer = { id: id('tr'), object: 'transfer', amount: Number(params.amount), currency: params.currency, destination: params.destination, metadata: params.metadata };
      this.transfers.push(transfer);
      return ok(transfer);
    }
    return { status: 404, body: JSON.stringify({ error: { type: 'invalid_request_error', message: `fake Stripe has no ${method} ${url}` } }) };
  }

  async stop(): Promise<void> {
    await new Promise((resolve) => this.server?.close(resolve));
  }

  /** The configuration that points the API at this fake. */
  env(): Record<string, string> {
    return { PAYMENTS_ENABLED: 'true', STRIPE_SECRET_KEY: SECRET_KEY, STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET, STRIPE_API_URL: this.url };
  }
}

/** A webhook delivery as Stripe would send it: the JSON body and its Stripe-Signature header. */
export function signedEvent(type: string, object: Obj, options: { id?: string; created?: number; secret?: string; timestamp?: number } = {}) {
  const payload = JSON.stringify({
    id: options.id ?? id('evt'),
    object: 'event',
    type,
    created: options.created ?? Math.floor(Date.now() / 1000),
    data: { object },
    livemode: false,
    api_version: '2025-01-01',
  });
  const header = new Stripe(SECRET_KEY).webhooks.generateTestHeaderString({ payload, secret: options.secret ?? WEBHOOK_SECRET, timestamp: options.timestamp });
  return { payload, header };
}
