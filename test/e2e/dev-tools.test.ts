// The development tools of the README: `npm run token` (no build step: it asks the running
// API's development provider) and `npm run seed` (finds the API on PORT and fills it with jobs
// in every state and, with payments on, credits).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type { RunningWorker } from '../../src/bootstrap/create-worker.js';
import type { AppConfig } from '../../src/config/app-config.js';
import { startTestApi, startTestWorker, type TestApi } from '../support/apps.js';
import { testConfig } from '../support/env.js';
import { FakeStripe } from '../support/fake-stripe.js';
import { Sessions } from '../support/session.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

function npmRun(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn('npm', ['run', '--silent', ...args], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

const RATE_LIMIT_MAX = 100;
const RATE_LIMIT_WINDOW_S = 10;

describe('development tools', () => {
  let fake: FakeStripe;
  let config: AppConfig;
  let api: TestApi;
  let worker: RunningWorker;
  let port: string;

  before(async () => {
    fake = new FakeStripe();
    await fake.start();
    // A tight rate limit, as on a machine where the dashboard or curl already used this client's
    // allowance: the seed must wait out its 429s (Retry-After), not stop half-way.
    config = testConfig('devtools', { ...fake.env(), MATCH_THRESHOLD: '30', RATE_LIMIT_MAX: String(RATE_LIMIT_MAX), RATE_LIMIT_WINDOW_S: String(RATE_LIMIT_WINDOW_S) });
    [api, worker] = await Promise.all([startTestApi(config), startTestWorker(config)]);
    port = new URL(api.url).port;
  });
  after(async () => {
    await api?.close();
    await worker?.stop();
    await fake?.stop();
  });

  it('npm run token prints a working token at once, from the API on PORT, with no build', async () => {
    const started = Date.now();
    const run = await npmRun(['token', '--', '--role', 'employer', '--sub', 'auth0|tool-user', '--email', 'tool@example.com'], { PORT: port });
    assert.equal(run.code, 0, run.stderr);
    assert.ok(Date.now() - started < 5_000, `took ${Date.now() - started} ms`);
    const me = await fetch(`${api.url}/v1/me`, { headers: { authorization: `Bearer ${run.stdout.trim()}` } });
    assert.equal(me.status, 200);
    const body = (await me.json()) as { roles: string[]; email: string };
    assert.deepEqual([body.roles, body.email], [['employer'], 'tool@example.com']);
    const nobody = await npmRun(['token', '--', '--role', 'admin', '--sub', 'x'], { PORT: '9' });
    assert.equal(nobody.code, 1);
    assert.match(nobody.stderr, /nothing answers at http:\/\/localhost:9: start the API with `npm start`/);
  });

  it('npm run token and npm run seed answer a wrong argument with what is wrong and their usage, not a stack trace', async () => {
    for (const [args, problem, usage] of [
      [['token', '--', 'sourcer'], /Unexpected argument 'sourcer'/, /^usage: npm run token -- --role/m],
      [['token', '--', '--role', 'admin', '--sub', 'x', '--rolee', 'y'], /Unknown option '--rolee'/, /^usage: npm run token -- --role/m],
      [['seed', '--', '--ulr', 'http://localhost:9'], /Unknown option '--ulr'/, /^usage: npm run seed/m],
      // Refused as what they are, not reported as an API that does not answer.
      [['token', '--', '--role', 'recruiter', '--sub', 'x'], /--role must be admin, employer or sourcer \(got 'recruiter'\)/, /^usage: npm run token -- --role/m],
      [['token', '--', '--role', 'admin', '--sub', 'x', '--url', 'localhost:3000'], /--url must be an http:\/\/ or https:\/\/ URL \(got 'localhost:3000'\)/, /^usage: npm run token -- --role/m],
      [['seed', '--', '--url', 'api.example'], /--url must be an http:\/\/ or https:\/\/ URL \(got 'api.example'\)/, /^usage: npm run seed/m],
    ] as const) {
      const run = await npmRun([...args], { PORT: port });
      assert.equal(run.code, 2, `${args.join(' ')}: ${run.stderr}`);
      assert.match(run.stderr, problem);
      assert.match(run.stderr, usage);
      assert.doesNotMatch(run.stderr, /^\s+at /m, `${args.join(' ')} printed a stack trace:\n${run.stderr}`);
    }
    const help = await npmRun(['token', '--', '--help'], { PORT: port });
    assert.equal(help.code, 0, help.stderr);
    assert.match(help.stdout, /^usage: npm run token -- --role/);
  });

  it('npm run seed finds the API on PORT and reaches every job state and, with payments on, credits', { timeout: 240_000 }, async () => {
    // The allowance used up by someone else on this machine a moment ago (the seed starts well
    // within the window, so its first counted request is refused).
    for (let i = 0; i < RATE_LIMIT_MAX; i++) await fetch(`${api.url}/v1/meta`);
    const run = await npmRun(['seed'], { PORT: port });
    assert.equal(run.code, 0, `${run.stdout}\n${run.stderr}`);
    assert.match(run.stdout, /with 20 demo credits per company/);
    assert.match(run.stdout, /seed: the API's rate limit for this client is used up \(RATE_LIMIT_MAX\); going on in \d+ s/);
    await sleep(RATE_LIMIT_WINDOW_S * 1000); // the seed may have used this client's allowance
    const admin = await new Sessions(config, api.url).asAdmin();
    const statuses = new Set<string>();
    let cursor: string | null = null;
    do {
      const page: { body: { items: { status: string }[]; nextCursor: string | null } } = await admin.get(`/v1/jobs?limit=100${cursor ? `&cursor=${cursor}` : ''}`);
      page.body.items.forEach((j) => statuses.add(j.status));
      cursor = page.body.nextCursor;
    } while (cursor);
    assert.deepEqual([...statuses].sort(), ['closed', 'draft', 'paused', 'published']);
    const companies = (await admin.get('/v1/companies?limit=100')).body.items as { id: string }[];
    const balances = await Promise.all(companies.map(async (c) => (await admin.get(`/v1/payments/credits?companyId=${c.id}`)).body.balance as number));
    assert.ok(balances.some((b) => b > 0), `credits: ${balances}`);
  });
});
