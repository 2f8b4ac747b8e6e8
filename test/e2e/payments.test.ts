// Payments end to end against the Stripe fake: purchase -> webhook -> balance, duplicate and
// out-of-order events, refunds before and after spending, concurrent deliveries against a
// small balance, releases in order, earnings, and a payout run that fails midway and reruns.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RunningWorker } from '../../src/bootstrap/create-worker.js';
import type { AppConfig } from '../../src/config/app-config.js';
import { startTestApi, startTestWorker, type TestApi } from '../support/apps.js';
import { testConfig } from '../support/env.js';
import { makeCandidate, makeJob, move, submit } from '../support/factories.js';
import { FakeStripe, signedEvent } from '../support/fake-stripe.js';
import { type Session, Sessions } from '../support/session.js';
import { waitFor } from '../support/wait.js';

async function webhook(api: TestApi, event: { payload: string; header: string }) {
  const res = await fetch(`${api.url}/v1/payments/stripe/webhook`, { method: 'POST', headers: { 'content-type': 'application/json', 'stripe-signature': event.header }, body: event.payload });
  return { status: res.status, body: (await res.json()) as any };
}

/** Buys a pack through Checkout and returns the event that Stripe would send when it is paid. */
async function checkout(fake: FakeStripe, employer: Session, pack: string) {
  const res = await employer.post('/v1/payments/checkout', { pack });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  const session = fake.sessions.find((s) => s.id === res.body.sessionId)!;
  assert.ok(res.body.url.startsWith('https://checkout.stripe.test/'));
  return { session, paid: signedEvent('checkout.session.completed', { ...session, payment_status: 'paid' }) };
}

const balance = async (employer: Session) => (await employer.get('/v1/payments/credits')).body.balance as number;

describe('payments: credits', () => {
  let fake: FakeStripe;
  let config: AppConfig;
  let api: TestApi;
  let sessions: Sessions;
  let admin: Session;

  before(async () => {
    fake = new FakeStripe();
    await fake.start();
    config = testConfig('payments', { ...fake.env(), SUBMISSION_CAP_NEW: '100', CREDIT_PACKS: 'calibration:10:25000:USD,batch-20:20:45000:USD' });
    api = await startTestApi(config);
    sessions = new Sessions(config, api.url);
    admin = await sessions.asAdmin();
  });
  after(async () => {
    await api?.close();
    await fake?.stop();
  });

  it('grants credits for a paid checkout, once, however often the event is delivered', async () => {
    const { employer } = await sessions.makeCompany();
    assert.equal(await balance(employer), 0);
    const { paid } = await checkout(fake, employer, 'calibration');
    const copies = await Promise.all(Array.from({ length: 5 }, () => webhook(api, paid)));
    assert.deepEqual(copies.map((c) => c.status), [200, 200, 200, 200, 200]);
    assert.equal(copies.filter((c) => c.body.duplicate).length, 4);
    assert.equal(await balance(employer), 10);
    const [grant] = (await employer.get('/v1/payments/credits')).body.entries;
    assert.deepEqual({ kind: grant.kind, credits: grant.credits, amount: grant.amount, currency: grant.currency, pack: grant.pack }, { kind: 'grant', credits: 10, amount: 25_000, currency: 'USD', pack: 'calibration' });
    assert.equal((await webhook(api, paid)).body.duplicate, true, 'a late duplicate days later is still one grant');
    assert.equal(await balance(employer), 10);
    const events = (await admin.get('/v1/admin/payments/events?limit=5')).body;
    assert.deepEqual(
      events.items.map((e: any) => [e.type, e.status, e.result]),
      [['checkout.session.completed', 'processed', 'granted 10 credits']],
      'one record for the five copies, with what it did',
    );
  });

  it('refuses bad, stale and missing signatures with 400 and a code', async () => {
    const event = signedEvent('checkout.session.completed', { id: 'cs_x' });
    const forged = { ...signedEvent('checkout.session.completed', { id: 'cs_x' }, { secret: 'whsec_wrong' }) };
    assert.deepEqual(await webhook(api, forged).then((r) => [r.status, r.body.code]), [400, 'STRIPE_SIGNATURE_INVALID']);
    const tampered = { payload: event.payload.replace('cs_x', 'cs_y'), header: event.header };
    assert.equal((await webhook(api, tampered)).status, 400);
    const stale = signedEvent('checkout.session.completed', { id: 'cs_x' }, { timestamp: Math.floor(Date.now() / 1000) - 301 });
    assert.deepEqual(await webhook(api, stale).then((r) => [r.status, r.body.code]), [400, 'STRIPE_SIGNATURE_INVALID']);
    const res = await fetch(`${api.url}/v1/payments/stripe/webhook`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: event.payload });
    assert.equal(res.status, 400);
  });

  it('revokes refunded credits as far as they are unspent, whichever arrives first', async () => {
    // Refund before any spending: everything goes back.
    const a = await sessions.makeCompany();
    const first = await checkout(fake, a.employer, 'calibration');
    await webhook(api, first.paid);
    const refund = (session: typeof first.session, amount: number) =>
      signedEvent('charge.refunded', { id: `ch_${session.id}`, object: 'charge', payment_intent: session.payment_intent, amount: 25_000, amount_refunded: amount, currency: 'usd' });
    await webhook(api, refund(first.session, 25_000));
    assert.equal(await balance(a.employer), 0);

    // Refund after spending 4: the 6 unspent go back, the 4 spent stay spent.
    const b = await sessions.makeCompany();
    const second = await checkout(fake, b.employer, 'calibration');
    await webhook(api, second.paid);
    const sourcer = await sessions.asSourcer();
    const job = await makeJob(b.employer);
    for (let i = 0; i < 4; i++) assert.equal((await move(admin, (await submit(sourcer, job.id, (await makeCandidate(sourcer)).id)).id, 'delivered')).status, 'delivered');
    assert.equal(await balance(b.employer), 6);
    await webhook(api, refund(second.session, 25_000));
    assert.equal(await balance(b.employer), 0);
    const kinds = (await b.employer.get('/v1/payments/credits')).body.entries.map((e: any) => `${e.kind}:${e.credits}`);
    assert.deepEqual(kinds, ['revoke:-6', 'spend:-1', 'spend:-1', 'spend:-1', 'spend:-1', 'grant:10']);

    // The refund arrives before the payment it refunds: same final state.
    const c = await sessions.makeCompany();
    const third = await checkout(fake, c.employer, 'calibration');
    await webhook(api, refund(third.session, 12_500));
    assert.equal(await balance(c.employer), 0);
    await webhook(api, third.paid);
    assert.equal(await balance(c.employer), 5, 'half refunded: 5 of 10 credits revoked');
  });

  it('delivers exactly as many of 50 concurrent deliveries as there are credits; the rest wait, then go oldest first', async () => {
    const { employer } = await sessions.makeCompany();
    await webhook(api, (await checkout(fake, employer, 'calibration')).paid);
    const sourcer = await sessions.asSourcer();
    const job = await makeJob(employer);
    const subs = [];
    for (let i = 0; i < 50; i++) subs.push(await submit(sourcer, job.id, (await makeCandidate(sourcer)).id));
    const results = await Promise.all(subs.map((s) => admin.post(`/v1/submissions/${s.id}/moves`, { to: 'delivered' })));
    assert.ok(results.every((r) => r.status === 200), JSON.stringify(results.find((r) => r.status !== 200)?.body));
    const statuses = results.map((r) => r.body.status);
    assert.equal(statuses.filter((s) => s === 'delivered').length, 10);
    assert.equal(statuses.filter((s) => s === 'awaiting_credit').length, 40);
    assert.equal(await balance(employer), 0);

    // 20 more credits: the 20 that have waited longest are delivered, in that order.
    const waiting = (await admin.get(`/v1/submissions?jobId=${job.id}&status=awaiting_credit&limit=100`)).body.items;
    const byWait = [...waiting].sort((x: any, y: any) => Date.parse(x.history.at(-1).at) - Date.parse(y.history.at(-1).at) || (x.id < y.id ? -1 : 1));
    // Releasing is a job (payments.release-awaiting): a worker that consumes only payments runs it.
    const payments = await startTestWorker(testConfig('payments-release', { ...fake.env(), MONGODB_URI: config.MONGODB_URI, REDIS_KEY_PREFIX: config.REDIS_KEY_PREFIX, WORKER_QUEUES: 'payments' }));
    try {
      await webhook(api, (await checkout(fake, employer, 'batch-20')).paid);
      await waitFor('the release', async () => ((await balance(employer)) === 0 ? true : undefined));
      const now = await Promise.all(byWait.map(async (s: any) => (await admin.get(`/v1/submissions/${s.id}`)).body.status));
      assert.deepEqual(now, [...Array(20).fill('delivered'), ...Array(20).fill('awaiting_credit')]);
    } finally {
      await payments.stop();
    }

    // Pausing sourcing refunds nothing already spent and keeps the rest.
    await employer.post(`/v1/jobs/${job.id}/pause`);
    assert.equal(await balance(employer), 0);
  });

  it('lets an admin adjust credits with a reason, never below zero', async () => {
    const { id, employer } = await sessions.makeCompany();
    const up = await admin.post('/v1/admin/payments/adjustments', { companyId: id, credits: 3, reason: 'goodwill' });
    assert.deepEqual([up.status, up.body.balance], [201, 3]);
    const down = await admin.post('/v1/admin/payments/adjustments', { companyId: id, credits: -5, reason: 'too much' });
    assert.deepEqual([down.status, down.body.code], [409, 'INSUFFICIENT_CREDITS']);
    assert.equal(await balance(employer), 3);
  });

  it('pages a statement with the one cursor style: newest first, each entry once, a foreign cursor refused', async () => {
    const { id } = await sessions.makeCompany();
    const other = await sessions.makeCompany();
    for (let i = 1; i <= 5; i++) assert.equal((await admin.post('/v1/admin/payments/adjustments', { companyId: id, credits: i, reason: `grant ${i}` })).status, 201);
    const seen: number[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: { status: number; body: any } = await admin.get(`/v1/payments/credits?companyId=${id}&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      assert.equal(page.status, 200, JSON.stringify(page.body));
      seen.push(...page.body.entries.map((e: { credits: number }) => e.credits));
      cursor = page.body.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    assert.deepEqual(seen, [5, 4, 3, 2, 1]);
    assert.equal(pages, 3);
    const first = (await admin.get(`/v1/payments/credits?companyId=${id}&limit=2`)).body;
    const foreign = await admin.get(`/v1/payments/credits?companyId=${other.id}&limit=2&cursor=${encodeURIComponent(first.nextCursor)}`);
    assert.deepEqual([foreign.status, foreign.body.code], [400, 'INVALID_CURSOR']);
    // The admin lists page the same way.
    const sourcers = await admin.get('/v1/admin/sourcers?limit=1');
    assert.equal(sourcers.status, 200);
    assert.ok('nextCursor' in sourcers.body && 'total' in sourcers.body);
    if (sourcers.body.nextCursor) {
      const next = await admin.get(`/v1/admin/sourcers?limit=1&cursor=${encodeURIComponent(sourcers.body.nextCursor)}`);
      assert.notEqual(next.body.items[0]?.id, sourcers.body.items[0].id);
    }
    assert.deepEqual((await admin.get('/v1/admin/sourcers?cursor=nonsense')).body.code, 'INVALID_CURSOR');
    assert.deepEqual((await admin.get('/v1/admin/queues/files/failed?cursor=nonsense')).body.code, 'INVALID_CURSOR');
  });

  it('credits sourcers per delivery and hire, and takes a delivery back for "totally irrelevant"', async () => {
    const { employer } = await sessions.makeCompany();
    await webhook(api, (await checkout(fake, employer, 'calibration')).paid);
    const sourcer = await sessions.asSourcer();
    const job = await makeJob(employer);
    const [hired, irrelevant] = [await submit(sourcer, job.id, (await makeCandidate(sourcer)).id), await submit(sourcer, job.id, (await makeCandidate(sourcer)).id)];
    for (const s of [hired, irrelevant]) await move(admin, s.id, 'delivered');
    for (const to of ['shortlisted', 'contacted', 'interviewing', 'hired']) await move(employer, hired.id, to);
    await move(employer, irrelevant.id, 'disqualified', 'totally_irrelevant');
    const earnings = (await sourcer.get('/v1/payments/earnings')).body;
    assert.equal(earnings.currency, 'USD');
    assert.deepEqual(earnings.entries.map((e: any) => `${e.kind}:${e.amount}`).sort(), ['bounty:50000', 'delivery:100', 'delivery:100', 'reversal:-100'].sort());
    assert.equal(earnings.balance, 50_100);
  });
});

describe('payments: payouts', () => {
  let fake: FakeStripe;
  let api: TestApi;
  let worker: RunningWorker;
  let sessions: Sessions;

  before(async () => {
    fake = new FakeStripe();
    await fake.start();
    const config = testConfig('payouts', { ...fake.env(), EARNING_PER_DELIVERY: '600', PAYOUT_MINIMUM: '1000', MATCH_THRESHOLD: '0' });
    [api, worker] = await Promise.all([startTestApi(config), startTestWorker(config)]);
    sessions = new Sessions(config, api.url);
  });
  after(async () => {
    await api?.close();
    await worker?.stop();
    await fake?.stop();
  });

  it('pays each ready sourcer once, even when the run fails midway and runs again', async () => {
    const admin = await sessions.asAdmin();
    const { employer } = await sessions.makeCompany();
    await webhook(api, (await checkout(fake, employer, 'calibration')).paid);
    const job = await makeJob(employer, { mustHave: [], niceToHave: [] });
    const sourcers = [await sessions.asSourcer(), await sessions.asSourcer(), await sessions.asSourcer()];
    for (const s of sourcers) {
      for (let i = 0; i < 2; i++) await submit(s, job.id, (await makeCandidate(s)).id);
    }
    // The AI check (worker) delivers all six; each sourcer earns 2 x 600.
    await waitFor('deliveries', async () => ((await admin.get(`/v1/submissions?jobId=${job.id}&status=delivered`)).body.items.length === 6 ? true : undefined));
    // Two sourcers connect and Stripe enables their payouts; the third never does.
    for (const s of sourcers.slice(0, 2)) {
      const link = await s.post('/v1/payments/connect');
      assert.equal(link.status, 201);
      assert.match(link.body.url, /^https:\/\/connect\.stripe\.test\//);
      await webhook(api, signedEvent('account.updated', { id: link.body.accountId, object: 'account', payouts_enabled: true }));
    }
    // Stripe executes the first transfer but the answer is lost (three times, all SDK retries):
    // the job fails, BullMQ runs it again, and the idempotency key makes Stripe answer with
    // the transfer it already made.
    fake.dropTransferAnswers = 3;
    assert.equal((await admin.post('/v1/admin/payments/payouts', { runId: 'test-run-1' })).status, 202);
    await waitFor('both payouts sent', async () => {
      const states = await Promise.all(sourcers.slice(0, 2).map(async (s) => (await s.get('/v1/payments/earnings')).body.payouts[0]?.status));
      return states.every((st) => st === 'sent') ? true : undefined;
    }, 30_000);
    assert.equal((await admin.post('/v1/admin/payments/payouts', { runId: 'test-run-1' })).status, 202, 'and a manual re-run');
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    assert.equal(fake.dropTransferAnswers, 0, 'the lost answers did happen');
    assert.equal(fake.transfers.length, 2, 'one transfer per ready sourcer');
    for (const s of sourcers.slice(0, 2)) {
      const e = (await s.get('/v1/payments/earnings')).body;
      assert.equal(e.balance, 0);
      assert.equal(e.payouts.length, 1);
      assert.equal(e.payouts[0].amount, 1_200);
      assert.equal(fake.transfers.filter((t) => t.destination === e.payoutAccount.accountId).length, 1);
    }
    assert.equal((await sourcers[2].get('/v1/payments/earnings')).body.balance, 1_200, 'not ready: nothing paid');

    // Stripe confirms one transfer and reverses the other: that amount is back in the balance.
    const [t1, t2] = fake.transfers;
    await webhook(api, signedEvent('transfer.created', t1));
    await webhook(api, signedEvent('transfer.reversed', t2));
    const states = await Promise.all(sourcers.slice(0, 2).map(async (s) => (await s.get('/v1/payments/earnings')).body));
    const reversed = states.find((e) => e.payoutAccount.accountId === t2.destination)!;
    assert.equal(reversed.balance, 1_200);
    assert.equal(reversed.payouts[0].status, 'failed');
    assert.equal(states.find((e) => e.payoutAccount.accountId === t1.destination)!.payouts[0].status, 'settled');
  });
});
