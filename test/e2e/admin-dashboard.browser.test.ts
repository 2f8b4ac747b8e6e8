// The admin dashboard in a real browser (Debian's Chromium driven by playwright-core) against
// the running API and worker with seeded data: sign in as admin, the Overview's figures match
// the data, every page renders (screenshots under test/artifacts/), a failed job is retried
// from the Queues page and completes, and a non-admin is refused.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { MongoClient } from 'mongodb';
import type { Browser, Page } from 'playwright-core';
import type { RunningWorker } from '../../src/bootstrap/create-worker.js';
import type { AppConfig } from '../../src/config/app-config.js';
import { QueueService } from '../../src/queues/queue.service.js';
import { JobName, QueueName } from '../../src/queues/queue.types.js';
import { startTestApi, startTestWorker, type TestApi } from '../support/apps.js';
import { ARTIFACTS, launchChromium, watchErrors } from '../support/browser.js';
import { testConfig } from '../support/env.js';
import { makeCandidate, makeJob, move, submit } from '../support/factories.js';
import { tokenFor } from '../support/identity.js';
import { Sessions } from '../support/session.js';
import { waitFor } from '../support/wait.js';


describe('admin dashboard in Chromium', () => {
  let config: AppConfig;
  let api: TestApi;
  let worker: RunningWorker;
  let browser: Browser;
  let mongo: MongoClient;

  before(async () => {
    config = testConfig('dashboard');
    api = await startTestApi(config);
    mongo = await MongoClient.connect(config.MONGODB_URI);
    // Seed before the worker starts, so the figures are exactly what we made.
    const sessions = new Sessions(config, api.url);
    const admin = await sessions.asAdmin();
    const { employer } = await sessions.makeCompany('Seeded Co');
    const [jobA, jobB] = [await makeJob(employer, { title: 'Seeded backend role' }), await makeJob(employer, { title: 'Seeded data role' })];
    await makeJob(employer, { title: 'Seeded draft' }, false);
    const sourcer = await sessions.asSourcer({ name: 'Sam Sourcer' });
    const people = [];
    for (let i = 0; i < 4; i++) people.push(await makeCandidate(sourcer, { name: `Seeded Person ${i}` }));
    const s1 = await submit(sourcer, jobA.id, people[0].id);
    const s2 = await submit(sourcer, jobA.id, people[1].id);
    const s3 = await submit(sourcer, jobB.id, people[2].id);
    await move(admin, s1.id, 'delivered');
    await move(admin, s3.id, 'delivered');
    await move(employer, s3.id, 'shortlisted');
    await move(admin, s2.id, 'disqualified', 'not_quite_right');
    worker = await startTestWorker(config);
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await api?.close();
    await worker?.stop();
    await mongo?.close();
  });

  const text = async (page: Page, testId: string) => (await page.getByTestId(testId).textContent())?.trim();


  it('signs an admin in, shows figures matching the data, and renders every page', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors = watchErrors(page);
    const res = await page.goto(`${api.url}/admin/`);
    assert.equal(res?.headers()['cache-control'], 'no-cache');
    await page.getByRole('button', { name: 'Sign in as admin' }).click();
    await page.getByTestId('open-jobs').waitFor();
    assert.equal(await text(page, 'open-jobs'), '2');
    assert.equal(await text(page, 'candidates'), '4');
    assert.equal(await text(page, 'submissions'), '3');
    assert.equal(await text(page, 'delivery-rate'), '66.7%');
    assert.equal(await text(page, 'hire-rate'), '0.0%');
    await page.screenshot({ path: `${ARTIFACTS}admin-overview.png`, fullPage: true });

    const script = (await page.evaluate("document.querySelector('script[type=module]').src")) as string;
    const asset = await fetch(script);
    assert.match(asset.headers.get('cache-control') ?? '', /immutable/);

    for (const [name, ready] of [
      ['jobs', 'jobs'],
      ['candidates', 'candidates'],
      ['submissions', 'submissions'],
      ['sourcers', 'sourcers'],
      ['queues', 'queue-counts'],
      ['audit', 'audit'],
      ['system', 'system'],
    ] as const) {
      await page.goto(`${api.url}/admin/#/${name}`);
      await page.getByTestId(ready).waitFor();
      await page.screenshot({ path: `${ARTIFACTS}admin-${name}.png`, fullPage: true });
    }
    await page.goto(`${api.url}/admin/#/jobs`);
    await waitFor('three jobs', async () => ((await page.getByTestId('jobs').locator('tbody tr').count()) === 3 ? true : undefined));
    await page.goto(`${api.url}/admin/#/candidates`);
    await page.getByLabel('Search candidates').fill('Person 2');
    await page.getByRole('button', { name: 'Search' }).click();
    await waitFor('the search result', async () => ((await page.getByTestId('candidates').locator('tbody tr').count()) === 1 ? true : undefined));
    await page.goto(`${api.url}/admin/#/payments`);
    await page.getByText('Stripe webhook events').waitFor();
    // Payments are off in this run: the page says so up front, and asks for no ledger.
    await page.getByTestId('payments-off').waitFor();
    await page.screenshot({ path: `${ARTIFACTS}admin-payments.png`, fullPage: true });
    assert.deepEqual(errors, [], 'no console errors or failed requests on any page');
    await page.close();
  });

  it('fits a 390 px wide phone on every page: no sideways scrolling of the page', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    const errors = watchErrors(page);
    await page.goto(`${api.url}/admin/`);
    await page.getByRole('button', { name: 'Sign in as admin' }).click();
    await page.getByTestId('open-jobs').waitFor();
    for (const [name, ready] of [
      ['overview', 'open-jobs'],
      ['jobs', 'jobs'],
      ['candidates', 'candidates'],
      ['submissions', 'submissions'],
      ['sourcers', 'sourcers'],
      ['queues', 'queue-counts'],
      ['payments', 'payments-off'],
      ['audit', 'audit'],
      ['system', 'system'],
    ] as const) {
      await page.goto(`${api.url}/admin/#/${name}`);
      await page.getByTestId(ready).waitFor();
      const width = (await page.evaluate('document.documentElement.scrollWidth')) as number;
      assert.ok(width <= 390, `${name}: the page is ${width} px wide at 390 px`);
      await page.screenshot({ path: `${ARTIFACTS}admin-${name}-390.png`, fullPage: true });
    }
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('retries a failed job from the Queues page and sees it complete', async () => {
    // A pipeline check whose record is not there yet fails for good...
    const checkId = `retry-${Date.now()}`;
    const queues = worker.app.get(QueueService);
    const job = await queues.queue(QueueName.System).add(JobName.PipelineCheck, { checkId }, { jobId: `pipeline-retry-${checkId}`, attempts: 1 });
    await waitFor('the job to fail', async () => ((await job.isFailed()) ? true : undefined));
    // ...until the record exists; then a retry completes it.
    await mongo.db().collection<{ _id: string; status: string; requestedAt: Date }>('pipeline_checks').insertOne({ _id: checkId, status: 'queued', requestedAt: new Date() });

    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${api.url}/admin/`);
    await page.getByRole('button', { name: 'Sign in as admin' }).click();
    await page.getByTestId('open-jobs').waitFor();
    await page.goto(`${api.url}/admin/#/queues`);
    await page.getByLabel('Queue').selectOption('system');
    const row = page.getByTestId('failed-jobs').locator('tr', { hasText: job.id! });
    await row.waitFor();
    assert.match((await row.textContent()) ?? '', /check not found/);
    await page.screenshot({ path: `${ARTIFACTS}admin-queues-failed.png`, fullPage: true });
    await row.getByRole('button', { name: 'Retry' }).click();
    await waitFor('the retried job to complete', async () => ((await queues.queue(job.queueName as never).getJob(job.id!))?.finishedOn && (await (await queues.queue(job.queueName as never).getJob(job.id!))!.isCompleted()) ? true : undefined));
    const check = await mongo.db().collection<{ _id: string; status: string }>('pipeline_checks').findOne({ _id: checkId });
    assert.equal(check?.status, 'done');
    await page.getByRole('button', { name: 'Refresh' }).click();
    await page.getByText('No failed jobs.').waitFor();
    // Finished jobs are removed, but the last 24 hours' throughput stays: the failure and the completion both count.
    const system = page.getByTestId('queue-counts').locator('tr', { hasText: 'system' });
    const cells = await system.locator('td').allTextContents();
    const headers = await page.getByTestId('queue-counts').locator('th').allTextContents();
    assert.ok(Number(cells[headers.indexOf('completed (24 h)')]) >= 1, `completed in 24 h: ${cells.join(' | ')}`);
    assert.ok(Number(cells[headers.indexOf('failed (24 h)')]) >= 1, `failed in 24 h: ${cells.join(' | ')}`);
    await page.close();
  });

  it('refuses a non-admin', async () => {
    const token = await tokenFor(config, { sub: 'dash-employer', roles: ['employer'], name: 'Erin Employer' });
    const context = await browser.newContext();
    await context.addInitScript(`sessionStorage.setItem('crowdhire.admin.token', ${JSON.stringify(token)})`);
    const page = await context.newPage();
    await page.goto(`${api.url}/admin/`);
    await page.getByTestId('refused').waitFor();
    assert.match((await text(page, 'refused')) ?? '', /admins only/);
    assert.equal(await page.getByRole('link', { name: 'Overview' }).count(), 0);
    await page.screenshot({ path: `${ARTIFACTS}admin-refused.png` });
    // The API refuses it too, whatever the browser shows.
    const res = await fetch(`${api.url}/v1/admin/overview`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(res.status, 403);
    await context.close();
  });
});
