// The audit log of admin actions and the dashboard's detail endpoints, over HTTP: every admin
// change is recorded with who, what, when and the target's state before and after (also when
// it fails, and never with personal data or secrets), read in pages and exported as CSV; a
// route an admin can change things with cannot ship without @Audited; Bull Board is for admins
// only and its changes are audited too; submissions come with names, evidence, history and
// ledger entries; a sourcer's quality comes week by week.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DiscoveryService, Reflector } from '@nestjs/core';
import { METHOD_METADATA } from '@nestjs/common/constants.js';
import { RequestMethod } from '@nestjs/common';
import type { RunningWorker } from '../../src/bootstrap/create-worker.js';
import type { AppConfig } from '../../src/config/app-config.js';
import { controllerRoutes } from '../../src/common/http/route-guards.js';
import { REQUIRED_ROLES, PUBLIC_ROUTE } from '../../src/modules/auth/auth.decorators.js';
import { AUDIT_SPEC } from '../../src/modules/audit/audited.js';
import { csvField } from '../../src/modules/audit/audit.service.js';
import { QueueService } from '../../src/queues/queue.service.js';
import { JobName, QueueName } from '../../src/queues/queue.types.js';
import { startTestApi, startTestWorker, type TestApi } from '../support/apps.js';
import { testConfig } from '../support/env.js';
import { makeCandidate, makeJob, submit } from '../support/factories.js';
import { FakeStripe } from '../support/fake-stripe.js';
import { type Session, Sessions } from '../support/session.js';
import { waitFor } from '../support/wait.js';

/** Non-GET routes nobody needs to audit: sign-in of the development provider, and the Stripe webhook (no admin). */
const NOT_ADMIN_ACTIONS = new Set(['DevIdpController.token', 'PaymentsController.webhook']);

describe('audit log and admin views', () => {
  let fake: FakeStripe;
  let config: AppConfig;
  let api: TestApi;
  let worker: RunningWorker;
  let sessions: Sessions;
  let admin: Session;

  before(async () => {
    fake = new FakeStripe();
    await fake.start();
    config = testConfig('audit', { ...fake.env(), SUBMISSION_CAP_NEW: '100' });
    api = await startTestApi(config);
    worker = await startTestWorker(config);
    sessions = new Sessions(config, api.url);
    admin = await sessions.as(['admin'], { name: 'Ada Admin', email: 'ada@crowdhire.test' });
  });
  after(async () => {
    await api?.close();
    await worker?.stop();
    await fake?.stop();
  });

  const entries = async (query: string) => {
    const res = await admin.get(`/v1/admin/audit?${query}`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body.items as any[];
  };

  it('marks every route an admin can change things with as @Audited', () => {
    const reflector = api.app.get(Reflector);
    assert.ok(api.app.get(DiscoveryService));
    const missing: string[] = [];
    let audited = 0;
    for (const { controller, name, handler } of controllerRoutes(api.app)) {
      const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod;
      if (method === RequestMethod.GET) continue;
      const open = reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, [handler, controller]);
      const roles = reflector.getAllAndOverride<string[] | undefined>(REQUIRED_ROLES, [handler, controller]);
      if (open || (roles && !roles.includes('admin'))) continue;
      if (NOT_ADMIN_ACTIONS.has(`${controller.name}.${name}`)) continue;
      if (reflector.get(AUDIT_SPEC, handler)) audited++;
      else missing.push(`${controller.name}.${name}`);
    }
    assert.deepEqual(missing, [], 'admin actions without @Audited');
    assert.ok(audited >= 15, `only ${audited} audited routes found`);
  });

  it('records an adjustment with who, when, and the balance before and after', async () => {
    const { id: companyId } = await sessions.makeCompany('Audited Co');
    const started = new Date();
    assert.equal((await admin.post('/v1/admin/payments/adjustments', { companyId, credits: 3, reason: 'goodwill' })).status, 201);
    assert.equal((await admin.post('/v1/admin/payments/adjustments', { companyId, credits: 2, reason: 'more goodwill' })).status, 201);
    const [second, first] = await entries(`action=credits.adjust&targetId=${companyId}`);
    assert.equal(first.outcome, 'succeeded');
    assert.equal(first.actor.name, 'Ada Admin');
    assert.equal(first.actor.email, 'ada@crowdhire.test');
    assert.equal(first.targetType, 'company');
    assert.deepEqual(first.before, { balance: 0 });
    assert.deepEqual(first.after, { balance: 3 });
    assert.equal(first.request.body.reason, 'goodwill');
    assert.ok(new Date(first.at) >= new Date(started.getTime() - 1000) && new Date(first.finishedAt) >= new Date(first.at));
    assert.deepEqual([second.before, second.after], [{ balance: 3 }, { balance: 5 }], 'newest first');
    // Filters and pages.
    const page = await admin.get(`/v1/admin/audit?action=credits.adjust&targetId=${companyId}&limit=1`);
    assert.equal(page.body.items[0].id, second.id);
    const next = await admin.get(`/v1/admin/audit?action=credits.adjust&targetId=${companyId}&limit=1&cursor=${encodeURIComponent(page.body.nextCursor)}`);
    assert.equal(next.body.items[0].id, first.id);
    assert.equal(next.body.nextCursor, null);
    assert.equal((await entries(`actorId=${first.actor.userId}&action=credits.adjust`)).length >= 2, true);
    assert.equal((await entries(`action=credits.adjust&targetId=${companyId}&from=2000-01-01&to=2000-01-02`)).length, 0);
  });

  it('records a refused action as failed, with its code', async () => {
    const res = await admin.post('/v1/admin/queues/system/jobs/no-such-job/retry');
    assert.equal(res.status, 404);
    const [entry] = await entries('action=queue.retry&targetId=system/no-such-job');
    assert.equal(entry.outcome, 'failed');
    assert.deepEqual(entry.error, { status: 404, code: 'QUEUE_JOB_NOT_FOUND' });
    assert.equal(entry.before, null);
  });

  it('records a retry with the job failed before and waiting after', async () => {
    const queues = worker.app.get(QueueService);
    const job = await queues.queue(QueueName.System).add(JobName.PipelineCheck, { checkId: `audit-${Date.now()}` }, { jobId: `audit-retry-${Date.now()}`, attempts: 1 });
    await waitFor('the job to fail', async () => ((await job.isFailed()) ? true : undefined));
    assert.equal((await admin.post(`/v1/admin/queues/system/jobs/${job.id}/retry`)).status, 202);
    const [entry] = await entries(`action=queue.retry&targetId=system/${job.id}`);
    assert.equal(entry.outcome, 'succeeded');
    assert.equal(entry.before.state, 'failed');
    assert.match(entry.before.failedReason, /not found/);
    assert.notEqual(entry.after?.state, 'failed');
  });

  it('keeps personal data and secrets out of the log, and an employer\'s own changes out of it', async () => {
    const sourcer = await sessions.asSourcer();
    const person = await makeCandidate(sourcer, { name: 'Private Person' });
    assert.equal((await admin.patch(`/v1/candidates/${person.id}`, { name: 'Renamed Person', contact: { email: 'renamed@example.test' } })).status, 200);
    const [update] = await entries(`action=candidate.update&targetId=${person.id}`);
    assert.deepEqual(update.request.body, { fields: ['name', 'contact'] });
    assert.doesNotMatch(JSON.stringify(update), /Private Person|Renamed Person|renamed@example/);
    assert.equal(update.before.revision + 1, update.after.revision);

    const { employer } = await sessions.makeCompany();
    const job = await makeJob(employer, { title: 'Employer-only change' }, false);
    assert.equal((await employer.post(`/v1/jobs/${job.id}/publish`)).status, 200);
    assert.deepEqual(await entries(`targetId=${job.id}`), [], 'an employer publishing their own job is not an admin action');
    assert.equal((await admin.post(`/v1/jobs/${job.id}/pause`)).status, 200);
    const [pause] = await entries(`action=job.pause&targetId=${job.id}`);
    assert.deepEqual([pause.before.status, pause.after.status], ['published', 'paused']);
  });

  it('exports the log as CSV with every matching entry, defusing spreadsheet formulas', async () => {
    const { id: companyId } = await sessions.makeCompany();
    for (let i = 0; i < 3; i++) assert.equal((await admin.post('/v1/admin/payments/adjustments', { companyId, credits: 1, reason: i === 0 ? '=HYPERLINK("http://evil")' : `grant ${i}` })).status, 201);
    const res = await fetch(`${api.url}/v1/admin/audit/export?targetId=${companyId}`, { headers: { authorization: `Bearer ${admin.token}` } });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^text\/csv/);
    assert.match(res.headers.get('content-disposition') ?? '', /^attachment; filename="crowdhire-audit-.*\.csv"$/);
    const lines = (await res.text()).trim().split('\r\n');
    assert.equal(lines[0], 'at,actorId,actor,action,targetType,targetId,outcome,errorCode,requestId,request,before,after');
    assert.equal(lines.length, 4);
    assert.ok(lines.slice(1).every((l) => l.includes('"credits.adjust"') && l.includes(`"${companyId}"`)));
    assert.equal(csvField('=1+1'), `"'=1+1"`);
    assert.equal(csvField('say "hi"'), '"say ""hi"""');
    assert.equal((await fetch(`${api.url}/v1/admin/audit/export?from=yesterday`, { headers: { authorization: `Bearer ${admin.token}` } })).status, 400);
    const employer = await sessions.asEmployer(companyId);
    assert.equal((await employer.get('/v1/admin/audit')).status, 403);
  });

  it('shows a submission with names, evidence, history and its ledger entries', async () => {
    const { id: companyId, employer } = await sessions.makeCompany('Detail Co');
    assert.equal((await admin.post('/v1/admin/payments/adjustments', { companyId, credits: 5, reason: 'test' })).status, 201);
    const job = await makeJob(employer, { title: 'Detail role' });
    const sourcer = await sessions.asSourcer({ name: 'Dora Sourcer' });
    const person = await makeCandidate(sourcer, { name: 'Detail Person' });
    const submission = await submit(sourcer, job.id, person.id);
    // The worker's AI check delivers it: a credit is spent and the sourcer earns a fee.
    const detail = await waitFor('the delivery on both ledgers', async () => {
      const res = await admin.get(`/v1/admin/submissions/${submission.id}`);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      return res.body.ledger.credits.length > 0 && res.body.ledger.earnings.length > 0 ? res.body : undefined;
    }, 30_000);
    assert.equal(detail.aiCheck.passed, true);
    assert.ok(detail.aiCheck.evidence.length > 0, 'the evidence card');
    assert.deepEqual(detail.job, { id: job.id, title: 'Detail role' });
    assert.deepEqual(detail.company, { id: companyId, name: 'Detail Co' });
    assert.deepEqual(detail.candidate, { id: person.id, name: 'Detail Person', erased: false });
    assert.equal(detail.sourcer.name, 'Dora Sourcer');
    assert.deepEqual([detail.history[0].to, detail.history.at(-1).to], ['submitted', 'delivered']);
    assert.ok(detail.history.every((h: any) => typeof h.at === 'string'));
    assert.deepEqual(detail.ledger.credits.map((e: any) => [e.kind, e.credits, e.companyId]), [['spend', -1, companyId]]);
    assert.equal(detail.ledger.earnings[0].kind, 'delivery');
    const list = await admin.get(`/v1/admin/submissions?candidateId=${person.id}`);
    assert.deepEqual(list.body.items.map((s: any) => [s.id, s.job.title, s.candidate.name, s.company.name]), [[submission.id, 'Detail role', 'Detail Person', 'Detail Co']]);
    assert.equal((await admin.get(`/v1/admin/submissions?sourcerId=${detail.sourcerId}`)).body.items.length, 1);
    assert.equal((await admin.get('/v1/admin/submissions/00000000-0000-4000-8000-000000000000')).body.code, 'SUBMISSION_NOT_FOUND');
    assert.equal((await admin.get('/v1/admin/submissions?candidateId=nope')).status, 400);
  });

  it('gives a sourcer\'s outcomes week by week, and 404 for someone who is not a sourcer', async () => {
    const { employer } = await sessions.makeCompany();
    const job = await makeJob(employer);
    const sourcer = await sessions.asSourcer({ name: 'Weekly Sourcer' });
    const people = [await makeCandidate(sourcer), await makeCandidate(sourcer)];
    for (const p of people) await submit(sourcer, job.id, p.id);
    const me = (await sourcer.get('/v1/me')).body;
    const res = await waitFor('the AI check of both', async () => {
      const r = await admin.get(`/v1/admin/sourcers/${me.id}?weeks=4`);
      assert.equal(r.status, 200, JSON.stringify(r.body));
      return r.body.weeks.at(-1).checked === 2 ? r.body : undefined;
    });
    assert.equal(res.name, 'Weekly Sourcer');
    assert.equal(res.weeks.length, 4);
    assert.deepEqual(res.weeks.slice(0, 3).map((w: any) => w.checked), [0, 0, 0]);
    const week = res.weeks.at(-1);
    assert.equal(week.passRate, week.passed / 2);
    assert.equal(new Date(`${week.date}T00:00:00Z`).getUTCDay(), 1, 'weeks start on Monday');
    assert.equal((await admin.get(`/v1/admin/sourcers/${(await employer.get('/v1/me')).body.id}`)).body.code, 'SOURCER_NOT_FOUND');
    const overview = (await admin.get('/v1/admin/overview?days=7')).body;
    const today = overview.days.at(-1);
    assert.ok(today.checked >= 2 && today.passRate !== undefined && 'irrelevantShare' in today);
  });

  it('opens Bull Board to admins only, by header or by the session cookie, and audits its changes', async () => {
    const anonymous = await fetch(`${api.url}/admin/board/`);
    assert.equal(anonymous.status, 401);
    assert.equal(((await anonymous.json()) as any).code, 'AUTH_TOKEN_MISSING');
    const sourcer = await sessions.asSourcer();
    const refused = await fetch(`${api.url}/admin/board/api/queues`, { headers: { authorization: `Bearer ${sourcer.token}` } });
    assert.equal(refused.status, 403);
    assert.equal(((await refused.json()) as any).code, 'AUTH_ROLE_REQUIRED');
    assert.equal((await fetch(`${api.url}/admin/board/`, { headers: { cookie: 'crowdhire_board=not-a-token' } })).status, 401);

    const session = await admin.post('/v1/admin/board/session');
    assert.equal(session.status, 200);
    assert.equal(session.body.url, '/admin/board/');
    const cookie = session.headers.get('set-cookie') ?? '';
    assert.match(cookie, /^crowdhire_board=[\w-]+\.[\w-]+\.[\w-]+; Path=\/admin\/board; Max-Age=\d+; HttpOnly; SameSite=Strict$/);
    const jar = cookie.split(';')[0];
    const page = await fetch(`${api.url}/admin/board/`, { headers: { cookie: jar } });
    assert.equal(page.status, 200);
    assert.match(await page.text(), /<div id="root">/);
    const queues = await fetch(`${api.url}/admin/board/api/queues`, { headers: { cookie: jar } });
    assert.equal(queues.status, 200);
    assert.deepEqual(((await queues.json()) as any).queues.map((q: any) => q.name).sort(), Object.values(QueueName).sort());
    assert.equal((await sourcer.post('/v1/admin/board/session')).status, 403);

    const pause = await fetch(`${api.url}/admin/board/api/queues/matching/pause`, { method: 'PUT', headers: { cookie: jar } });
    assert.equal(pause.status, 200);
    const resume = await fetch(`${api.url}/admin/board/api/queues/matching/resume`, { method: 'PUT', headers: { cookie: jar } });
    assert.equal(resume.status, 200);
    const [resumed, paused] = await entries('targetType=queue&targetId=matching');
    assert.deepEqual([paused.action, paused.outcome, resumed.action], ['board.pause', 'succeeded', 'board.resume']);
    assert.equal((await entries('action=board.open')).length >= 1, true);
    const obliterate = await fetch(`${api.url}/admin/board/api/queues/matching/obliterate`, { method: 'PUT', headers: { cookie: jar } });
    assert.equal(obliterate.status, 403, 'queued work is never thrown away from the board');
    assert.equal(((await obliterate.json()) as any).code, 'FORBIDDEN');
  });
});
