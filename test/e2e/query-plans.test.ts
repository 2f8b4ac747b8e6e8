// Every query the API and a worker run, on seeded data, is index-backed. The queries are not
// written out again here: they are captured as the product runs them (mongoose's debug hook)
// while `npm run seed` fills the API and the main reads are called (job search with filters,
// employer and admin lists, sourcer stats, admin overview and sourcers, uploads, matches,
// ledgers); then each distinct shape is explained, and none may be a collection scan.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { type Document, MongoClient } from 'mongodb';
import mongoose from 'mongoose';
import type { RunningWorker } from '../../src/bootstrap/create-worker.js';
import type { AppConfig } from '../../src/config/app-config.js';
import { startTestApi, startTestWorker, type TestApi } from '../support/apps.js';
import { testConfig } from '../support/env.js';
import { FakeStripe } from '../support/fake-stripe.js';
import { Sessions } from '../support/session.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const READS = new Set(['find', 'findOne', 'findOneAndUpdate', 'updateOne', 'updateMany', 'deleteOne', 'deleteMany', 'countDocuments', 'aggregate', 'distinct']);

interface Captured {
  collection: string;
  method: string;
  filter: Document;
  sort?: Document;
  pipeline?: Document[];
}

/** The shape of a filter: its keys and operators, not its values. */
function shape(value: unknown): unknown {
  if (Array.isArray(value)) return value.length ? [shape(value[0])] : [];
  if (value && typeof value === 'object' && !(value instanceof Date) && value.constructor === Object) {
    return Object.fromEntries(Object.keys(value).sort().map((k) => [k, k.startsWith('$') || typeof (value as Record<string, unknown>)[k] === 'object' ? shape((value as Record<string, unknown>)[k]) : 1]));
  }
  return 1;
}

function stagesOf(plan: Document | undefined, found: string[] = []): string[] {
  if (!plan) return found;
  if (typeof plan.stage === 'string') found.push(plan.stage);
  for (const child of [plan.inputStage, ...(plan.inputStages ?? []), plan.queryPlan, plan.winningPlan].filter(Boolean)) stagesOf(child, found);
  return found;
}

describe('query plans', () => {
  let fake: FakeStripe;
  let config: AppConfig;
  let api: TestApi;
  let worker: RunningWorker;
  let mongo: MongoClient;
  const captured: Captured[] = [];

  before(async () => {
    fake = new FakeStripe();
    await fake.start();
    config = testConfig('queryplans', { ...fake.env(), MATCH_THRESHOLD: '30' });
    [api, worker] = await Promise.all([startTestApi(config), startTestWorker(config)]);
    mongo = await MongoClient.connect(config.MONGODB_URI);
    mongoose.set('debug', (collection: string, method: string, ...args: unknown[]) => {
      if (!READS.has(method)) return;
      if (method === 'aggregate') captured.push({ collection, method, filter: {}, pipeline: args[0] as Document[] });
      else captured.push({ collection, method, filter: (args[0] ?? {}) as Document, sort: (args.at(-1) as { sort?: Document } | undefined)?.sort });
    });
  });
  after(async () => {
    mongoose.set('debug', false);
    await api?.close();
    await worker?.stop();
    await mongo?.close();
    await fake?.stop();
  });

  it('runs no collection scan in any query of the seeded product', { timeout: 180_000 }, async () => {
    const seed = await new Promise<{ code: number | null; out: string }>((resolve) => {
      const child = spawn('npm', ['run', '--silent', 'seed'], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', PORT: new URL(api.url).port }, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d));
      child.stderr.on('data', (d: Buffer) => (out += d));
      child.once('exit', (code) => resolve({ code, out }));
    });
    assert.equal(seed.code, 0, seed.out);

    // The main reads, as each role makes them.
    const sessions = new Sessions(config, api.url);
    const admin = await sessions.asAdmin();
    const companies = (await admin.get('/v1/companies')).body.items as { id: string }[];
    const jobs = (await admin.get('/v1/jobs?limit=50')).body.items as { id: string; companyId: string; status: string }[];
    const sourcer = await sessions.asSourcer();
    const employer = await sessions.asEmployer(companies[0].id);
    const reads = [
      sourcer.get('/v1/jobs?skill=typescript&remote=true&seniority=senior'),
      sourcer.get('/v1/jobs?location=Berlin'),
      sourcer.get('/v1/jobs?q=engineer'),
      employer.get('/v1/jobs?status=published'),
      employer.get('/v1/submissions'),
      employer.get(`/v1/submissions?jobId=${jobs.find((j) => j.companyId === companies[0].id)!.id}`),
      admin.get('/v1/submissions?status=delivered'),
      admin.get('/v1/candidates?q=Ada'),
      admin.get('/v1/admin/overview'),
      admin.get('/v1/admin/sourcers'),
      admin.get('/v1/admin/uploads?status=processed'),
      admin.get('/v1/admin/payments/events'),
      admin.get(`/v1/payments/credits?companyId=${companies[0].id}`),
      sourcer.get('/v1/sourcers/me/stats'),
      ...jobs.filter((j) => j.status === 'published').slice(0, 2).map((j) => admin.get(`/v1/jobs/${j.id}/matches`)),
    ];
    for (const res of await Promise.all(reads)) assert.equal(res.status, 200, JSON.stringify(res.body));
    // The dashboard's detail views and the audit log.
    const submission = (await admin.get('/v1/submissions?status=delivered&limit=1')).body.items[0] as { id: string; candidateId: string; sourcerId: string };
    const views = [
      admin.get(`/v1/admin/submissions/${submission.id}`),
      admin.get(`/v1/admin/submissions?candidateId=${submission.candidateId}`),
      admin.get(`/v1/admin/submissions?sourcerId=${submission.sourcerId}&status=delivered`),
      admin.get(`/v1/admin/sourcers/${submission.sourcerId}`),
      admin.get(`/v1/admin/uploads?candidateId=${submission.candidateId}`),
      admin.get('/v1/admin/audit'),
      admin.get('/v1/admin/audit?action=credits.adjust'),
      admin.get(`/v1/admin/audit?targetType=company&targetId=${companies[0].id}`),
      admin.get(`/v1/admin/audit?actorId=${(await admin.get('/v1/me')).body.id}&from=2026-01-01`),
      admin.get('/v1/admin/audit/export?action=payouts.run'),
    ];
    for (const res of await Promise.all(views)) assert.equal(res.status, 200, JSON.stringify(res.body).slice(0, 300));
    // Writes that read: a payout run (ready accounts) and an erasure (files still in use).
    assert.equal((await admin.post('/v1/admin/payments/payouts', { runId: 'plans-run' })).status, 202);
    const someone = (await admin.get('/v1/candidates?limit=1')).body.items[0];
    assert.equal((await admin.delete(`/v1/candidates/${someone.id}`)).status, 204);
    await new Promise((r) => setTimeout(r, 1_500));

    const db = mongo.db();
    const seen = new Map<string, Captured>();
    for (const c of captured) seen.set(JSON.stringify([c.collection, c.method, shape(c.filter), shape(c.sort), shape(c.pipeline?.slice(0, 2))]), c);
    const scans: string[] = [];
    for (const [key, c] of seen) {
      let stages: string[];
      if (c.pipeline) {
        const explained = await db.collection(c.collection).aggregate(c.pipeline).explain('queryPlanner');
        const planner = explained.queryPlanner ?? explained.stages?.[0]?.$cursor?.queryPlanner;
        stages = stagesOf(planner?.winningPlan);
      } else {
        const explained = await db.collection(c.collection).find(c.filter, { sort: c.sort }).explain('queryPlanner');
        stages = stagesOf(explained.queryPlanner?.winningPlan);
      }
      if (stages.includes('COLLSCAN')) scans.push(`${key} -> ${stages.join(' < ')}`);
    }
    assert.ok(seen.size > 40, `${seen.size} distinct query shapes were exercised`);
    assert.deepEqual(scans, [], `collection scans:\n${scans.join('\n')}`);
  });
});
