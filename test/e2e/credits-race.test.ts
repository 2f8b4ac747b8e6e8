// The credit invariant under concurrency: whatever the interleaving of deliveries, grants
// (Stripe webhooks), admin adjustments and withdrawals, every delivered submission was paid
// for exactly once, every credit spent on something never delivered came back, and the
// balance is the sum of the ledger and never below zero.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { AppConfig } from '../../src/config/app-config.js';
import { startTestApi, type TestApi } from '../support/apps.js';
import { testConfig } from '../support/env.js';
import { makeCandidate, makeJob, submit } from '../support/factories.js';
import { FakeStripe, signedEvent } from '../support/fake-stripe.js';
import { type Session, Sessions } from '../support/session.js';

async function webhook(api: TestApi, event: { payload: string; header: string }) {
  const res = await fetch(`${api.url}/v1/payments/stripe/webhook`, { method: 'POST', headers: { 'content-type': 'application/json', 'stripe-signature': event.header }, body: event.payload });
  return res.status;
}

/** A deterministic shuffle, so a failure can be replayed with the printed seed. */
function shuffle<T>(items: T[], seed: number): T[] {
  let state = seed;
  const next = () => ((state = (state * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

async function ledger(admin: Session, companyId: string) {
  const entries: { kind: string; credits: number; balanceAfter: number; submissionId: string | null; seq: number }[] = [];
  let cursor: string | null = null;
  for (;;) {
    const page: { status: number; body: any } = await admin.get(`/v1/payments/credits?companyId=${companyId}&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    assert.equal(page.status, 200, JSON.stringify(page.body));
    entries.push(...page.body.entries);
    cursor = page.body.nextCursor;
    if (!cursor) return { balance: page.body.balance as number, entries: entries.sort((a, b) => a.seq - b.seq) };
  }
}

describe('credits under concurrency', () => {
  let fake: FakeStripe;
  let config: AppConfig;
  let api: TestApi;
  let sessions: Sessions;
  let admin: Session;

  before(async () => {
    fake = new FakeStripe();
    await fake.start();
    config = testConfig('creditrace', { ...fake.env(), SUBMISSION_CAP_NEW: '100', CREDIT_PACKS: 'one:1:2500:USD' });
    api = await startTestApi(config);
    sessions = new Sessions(config, api.url);
    admin = await sessions.asAdmin();
  });
  after(async () => {
    await api?.close();
    await fake?.stop();
  });

  /** `count` submissions waiting for credit in a fresh company with a balance of zero. */
  async function waiting(count: number) {
    const company = await sessions.makeCompany();
    const job = await makeJob(company.employer);
    const sourcer = await sessions.asSourcer();
    const ids: string[] = [];
    for (let i = 0; i < count; i++) {
      const s = await submit(sourcer, job.id, (await makeCandidate(sourcer)).id);
      const moved = await admin.post(`/v1/submissions/${s.id}/moves`, { to: 'delivered' });
      assert.equal(moved.body.status, 'awaiting_credit');
      ids.push(s.id);
    }
    return { company, sourcer, ids };
  }

  async function assertInvariant(companyId: string, ids: string[]) {
    const { balance, entries } = await ledger(admin, companyId);
    let running = 0;
    for (const e of entries) {
      running += e.credits;
      assert.equal(e.balanceAfter, running, `entry ${e.seq}: balanceAfter is the running sum`);
      assert.ok(e.balanceAfter >= 0, `entry ${e.seq} took the balance below zero`);
    }
    assert.equal(balance, running, 'the balance is the sum of the ledger');
    const count = (kind: string, id: string) => entries.filter((e) => e.kind === kind && e.submissionId === id).length;
    let delivered = 0;
    for (const id of ids) {
      const s = (await admin.get(`/v1/submissions/${id}`)).body;
      const spends = count('spend', id);
      const refunds = count('refund', id);
      assert.ok(spends <= 1 && refunds <= spends, `${id}: ${spends} spends, ${refunds} refunds`);
      if (s.deliveredAt) delivered++;
      assert.equal(spends - refunds, s.deliveredAt ? 1 : 0, `${id} (${s.status}): spends - refunds must be 1 exactly when delivered`);
    }
    const spends = entries.filter((e) => e.kind === 'spend').length;
    const refunds = entries.filter((e) => e.kind === 'refund').length;
    assert.equal(delivered, spends - refunds, 'delivered submissions = spends - refunded spends');
    return { delivered, balance };
  }

  it('delivers no more submissions than credits arrived for: concurrent moves and +1 adjustments', async () => {
    const { company, ids } = await waiting(9);
    const ops = [
      ...ids.map((id) => () => admin.post(`/v1/submissions/${id}/moves`, { to: 'delivered' })),
      ...Array.from({ length: 3 }, (_, i) => () => admin.request('POST', '/v1/admin/payments/adjustments', { companyId: company.id, credits: 1, reason: 'race' }, { 'idempotency-key': `race-adjust-${company.id}-${i}` })),
    ];
    await Promise.all(ops.map((op) => op()));
    const { delivered, balance } = await assertInvariant(company.id, ids);
    assert.equal(delivered + balance, 3, 'three credits arrived: each is either spent on a delivery or still there');
  });

  it('two paid checkouts arriving together deliver two submissions, not all of them', async () => {
    const { company, ids } = await waiting(6);
    const paid = [];
    for (let i = 0; i < 2; i++) {
      const res = await company.employer.post('/v1/payments/checkout', { pack: 'one' });
      const session = fake.sessions.find((s) => s.id === res.body.sessionId)!;
      paid.push(signedEvent('checkout.session.completed', { ...session, payment_status: 'paid' }));
    }
    assert.deepEqual(await Promise.all(paid.map((e) => webhook(api, e))), [200, 200]);
    const { delivered, balance } = await assertInvariant(company.id, ids);
    assert.equal(delivered + balance, 2);
  });

  it('holds the invariant after a randomized run of 60+ concurrent grants, moves, adjustments and withdrawals', async () => {
    const seed = Date.now() % 100_000;
    const { company, sourcer, ids } = await waiting(20);
    const grants = [];
    for (let i = 0; i < 8; i++) {
      const res = await company.employer.post('/v1/payments/checkout', { pack: 'one' });
      const session = fake.sessions.find((s) => s.id === res.body.sessionId)!;
      grants.push(signedEvent('checkout.session.completed', { ...session, payment_status: 'paid' }));
    }
    const ops: (() => Promise<unknown>)[] = [
      // Two delivery attempts per submission, from admins.
      ...ids.flatMap((id) => [0, 1].map(() => () => admin.post(`/v1/submissions/${id}/moves`, { to: 'delivered' }))),
      // Each grant delivered twice (Stripe retries), adjustments up and down.
      ...grants.flatMap((g) => [() => webhook(api, g), () => webhook(api, g)]),
      ...Array.from({ length: 6 }, (_, i) => () => admin.request('POST', '/v1/admin/payments/adjustments', { companyId: company.id, credits: i % 3 === 2 ? -1 : 1, reason: 'race' }, { 'idempotency-key': `random-${seed}-${i}` })),
      // The sourcer withdraws a quarter of them meanwhile.
      ...ids.filter((_, i) => i % 4 === 0).map((id) => () => sourcer.post(`/v1/submissions/${id}/moves`, { to: 'withdrawn' })),
    ];
    assert.ok(ops.length >= 50, `${ops.length} concurrent operations`);
    const replies = (await Promise.all(shuffle(ops, seed).map((op) => op()))) as ({ status: number } | number)[];
    const statuses = replies.map((r) => (typeof r === 'number' ? r : r.status));
    assert.ok(statuses.every((s) => s < 500), `seed ${seed}: no 5xx (${statuses.filter((s) => s >= 500).length})`);
    await assertInvariant(company.id, ids);
  });
});
