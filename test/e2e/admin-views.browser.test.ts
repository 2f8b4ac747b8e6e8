// The dashboard's detail views, charts, audit log and Bull Board in a real browser (Debian's
// Chromium driven by playwright-core), at desktop width and at 390 px, against the running API
// and worker with payments on (the Stripe fake): a submission with its evidence, history and
// ledger; a job's ranked matches; a candidate; a sourcer's quality over time; an adjustment
// and a retry recorded in the audit log and exported; Bull Board for admins only. Screenshots
// go to test/artifacts/.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { RunningWorker } from '../../src/bootstrap/create-worker.js';
import type { AppConfig } from '../../src/config/app-config.js';
import { QueueService } from '../../src/queues/queue.service.js';
import { JobName, QueueName } from '../../src/queues/queue.types.js';
import { startTestApi, startTestWorker, type TestApi } from '../support/apps.js';
import { ARTIFACTS, launchChromium, watchErrors } from '../support/browser.js';
import { testConfig } from '../support/env.js';
import { makeCandidate, makeJob, submit } from '../support/factories.js';
import { FakeStripe } from '../support/fake-stripe.js';
import { tokenFor } from '../support/identity.js';
import { type Session, Sessions } from '../support/session.js';
import { waitFor } from '../support/wait.js';

const WIDTHS = [
  { name: 'desktop', width: 1280, height: 900 },
  { name: '390', width: 390, height: 844 },
] as const;

describe('admin views in Chromium', () => {
  let fake: FakeStripe;
  let config: AppConfig;
  let api: TestApi;
  let worker: RunningWorker;
  let browser: Browser;
  let admin: Session;
  let seeded: { companyId: string; jobId: string; submissionId: string; candidateId: string; sourcerId: string };

  before(async () => {
    fake = new FakeStripe();
    await fake.start();
    config = testConfig('views', { ...fake.env(), SUBMISSION_CAP_NEW: '100' });
    api = await startTestApi(config);
    worker = await startTestWorker(config);
    const sessions = new Sessions(config, api.url);
    admin = await sessions.as(['admin'], { name: 'Ada Admin' });
    const { id: companyId, employer } = await sessions.makeCompany('Views Co');
    assert.equal((await admin.post('/v1/admin/payments/adjustments', { companyId, credits: 3, reason: 'first credits' })).status, 201);
    const job = await makeJob(employer, { title: 'Views backend role' });
    const sourcer = await sessions.asSourcer({ name: 'Vera Sourcer' });
    const strong = await makeCandidate(sourcer, { name: 'Strong Candidate', skills: ['TypeScript', 'PostgreSQL', 'Node.js'] });
    await makeCandidate(sourcer, { name: 'Other Candidate', skills: ['TypeScript'] });
    const submission = await submit(sourcer, job.id, strong.id);
    // The worker's AI check delivers it (spending a credit and earning the sourcer a fee) with its evidence.
    await waitFor('the AI check and the delivery', async () => {
      const s = (await admin.get(`/v1/admin/submissions/${submission.id}`)).body;
      return s.aiCheck && s.ledger.credits.length > 0 ? s : undefined;
    }, 30_000);
    await waitFor('the job ranking', async () => ((await admin.get(`/v1/jobs/${job.id}/matches`)).body.items.length >= 2 ? true : undefined), 30_000);
    const me = (await sourcer.get('/v1/me')).body;
    seeded = { companyId, jobId: job.id, submissionId: submission.id, candidateId: strong.id, sourcerId: me.id };
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await api?.close();
    await worker?.stop();
    await fake?.stop();
  });


  async function signedIn(size: { width: number; height: number }): Promise<{ page: Page; errors: string[] }> {
    const context = await browser.newContext({ viewport: size, acceptDownloads: true });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(`${api.url}/admin/`);
    await page.getByRole('button', { name: 'Sign in as admin' }).click();
    await page.getByTestId('open-jobs').waitFor();
    return { page, errors };
  }

  const noSidewaysScroll = async (page: Page, width: number, what: string) => {
    const scroll = (await page.evaluate('document.documentElement.scrollWidth')) as number;
    assert.ok(scroll <= width, `${what}: the page is ${scroll} px wide at ${width} px`);
  };

  for (const size of WIDTHS) {
    it(`shows the overview's charts with axes, a legend and tooltips (${size.name})`, async () => {
      const { page, errors } = await signedIn(size);
      const chart = page.getByTestId('activity-chart');
      await chart.locator('.recharts-surface').first().waitFor();
      assert.ok((await chart.locator('.recharts-xAxis .recharts-cartesian-axis-tick').count()) >= 2, 'x-axis ticks');
      assert.ok((await chart.locator('.recharts-yAxis .recharts-cartesian-axis-tick').count()) >= 2, 'y-axis ticks');
      assert.match((await chart.locator('.recharts-legend-wrapper').textContent()) ?? '', /Submitted.*Delivered.*Hired.*Credits sold/);
      const quality = page.getByTestId('quality-chart');
      await quality.locator('.recharts-surface').first().waitFor();
      assert.match((await quality.locator('.recharts-legend-wrapper').textContent()) ?? '', /Pass rate/);
      // Today is the last point: hovering it shows a tooltip with its figures.
      await quality.scrollIntoViewIfNeeded();
      const box = (await quality.locator('.recharts-cartesian-grid').boundingBox())!;
      await page.mouse.move(box.x + box.width - 2, box.y + box.height / 2);
      const tooltip = quality.locator('.recharts-tooltip-wrapper');
      await waitFor('the tooltip', async () => ((await tooltip.textContent())?.includes('Pass rate') ? true : undefined));
      assert.match((await tooltip.textContent()) ?? '', /Checked\s*:\s*\d+/);
      await noSidewaysScroll(page, size.width, 'overview');
      await page.screenshot({ path: `${ARTIFACTS}views-overview-${size.name}.png`, fullPage: true });
      assert.deepEqual(errors, []);
      await page.context().close();
    });

    it(`opens a submission from the list: names, evidence, history and ledger (${size.name})`, async () => {
      const { page, errors } = await signedIn(size);
      await page.goto(`${api.url}/admin/#/submissions`);
      const row = page.getByTestId('submissions').locator('tr', { hasText: 'Strong Candidate' });
      await row.waitFor();
      assert.match((await row.textContent()) ?? '', /Views backend role.*Views Co.*Vera Sourcer/);
      await row.getByRole('link', { name: 'Strong Candidate' }).click();
      await page.getByTestId('submission-detail').waitFor();
      assert.equal(new URL(page.url()).hash, `#/submissions/${seeded.submissionId}`);
      const evidence = page.getByTestId('evidence');
      assert.match((await evidence.textContent()) ?? '', /Passed: score [\d.]+ against threshold [\d.]+/);
      const requirements = evidence.locator('table').first().locator('tbody tr');
      assert.ok((await requirements.count()) >= 3, 'one evidence row per requirement');
      assert.match((await requirements.first().textContent()) ?? '', /TypeScript/);
      assert.match((await page.getByTestId('history').textContent()) ?? '', /— → submitted.*→ delivered/);
      assert.match((await page.getByTestId('ledger-credits').textContent()) ?? '', /spend\s*-1\s*2/);
      assert.match((await page.getByTestId('ledger-earnings').textContent()) ?? '', /delivery/);
      await noSidewaysScroll(page, size.width, 'submission');
      await page.screenshot({ path: `${ARTIFACTS}views-submission-${size.name}.png`, fullPage: true });
      assert.deepEqual(errors, []);
      await page.context().close();
    });

    it(`shows a job's ranked matches, then a candidate and a sourcer's quality over time (${size.name})`, async () => {
      const { page, errors } = await signedIn(size);
      await page.goto(`${api.url}/admin/#/jobs`);
      await page.getByTestId('jobs').getByRole('link', { name: 'Views backend role' }).click();
      await page.getByTestId('job-detail').waitFor();
      const matches = page.getByTestId('job-matches');
      await matches.waitFor();
      const names = await matches.locator('tbody tr td:nth-child(2)').allTextContents();
      assert.deepEqual(names.slice(0, 2), ['Strong Candidate', 'Other Candidate'], 'ranked best first');
      await page.getByTestId('job-submissions').waitFor();
      await noSidewaysScroll(page, size.width, 'job');
      await page.screenshot({ path: `${ARTIFACTS}views-job-${size.name}.png`, fullPage: true });

      await matches.getByRole('link', { name: 'Strong Candidate' }).click();
      await page.getByTestId('candidate-detail').waitFor();
      await page.getByTestId('candidate-submissions').locator('tr', { hasText: 'Views backend role' }).waitFor();
      await page.getByText('No CV uploaded.').waitFor();
      await noSidewaysScroll(page, size.width, 'candidate');
      await page.screenshot({ path: `${ARTIFACTS}views-candidate-${size.name}.png`, fullPage: true });

      await page.goto(`${api.url}/admin/#/sourcers/${seeded.sourcerId}`);
      await page.getByTestId('sourcer-detail').waitFor();
      const chart = page.getByTestId('sourcer-chart');
      await chart.locator('.recharts-surface').first().waitFor();
      assert.match((await chart.locator('.recharts-legend-wrapper').textContent()) ?? '', /Checked.*Pass rate.*Not quite right.*Totally irrelevant/);
      await noSidewaysScroll(page, size.width, 'sourcer');
      await page.screenshot({ path: `${ARTIFACTS}views-sourcer-${size.name}.png`, fullPage: true });
      assert.deepEqual(errors, []);
      await page.context().close();
    });
  }

  it('shows an empty chart as a sentence, not a flat line', async () => {
    const sessions = new Sessions(config, api.url);
    const idle = await sessions.asSourcer({ name: 'Idle Sourcer' });
    const me = (await idle.get('/v1/me')).body;
    const { page, errors } = await signedIn(WIDTHS[0]);
    await page.goto(`${api.url}/admin/#/sourcers/${me.id}`);
    await page.getByTestId('sourcer-chart-empty').waitFor();
    assert.equal(await page.getByTestId('sourcer-chart').locator('.recharts-surface').count(), 0);
    assert.deepEqual(errors, []);
    await page.context().close();
  });

  it('records an adjustment and a retry in the audit log, shows them, and exports them', async () => {
    const { page, errors } = await signedIn(WIDTHS[0]);
    // An adjustment from the Payments page.
    await page.goto(`${api.url}/admin/#/payments`);
    await page.getByLabel('Company').selectOption({ label: 'Views Co' });
    await page.getByTestId('credit-balance').waitFor();
    const before = Number(await page.getByTestId('credit-balance').textContent());
    await page.getByLabel('Credits').fill('4');
    await page.getByLabel('Reason').fill('Goodwill from the browser');
    await page.getByRole('button', { name: 'Adjust' }).click();
    await waitFor('the new balance', async () => (Number(await page.getByTestId('credit-balance').textContent()) === before + 4 ? true : undefined));

    // A retry from the Queues page.
    const queues = worker.app.get(QueueService);
    const job = await queues.queue(QueueName.System).add(JobName.PipelineCheck, { checkId: `views-${Date.now()}` }, { jobId: `views-retry-${Date.now()}`, attempts: 1 });
    await waitFor('the job to fail', async () => ((await job.isFailed()) ? true : undefined));
    await page.goto(`${api.url}/admin/#/queues`);
    await page.getByLabel('Queue').selectOption('system');
    await page.getByTestId('failed-jobs').locator('tr', { hasText: job.id! }).getByRole('button', { name: 'Retry' }).click();
    await waitFor('the retry on record', async () => ((await admin.get(`/v1/admin/audit?action=queue.retry&targetId=system/${job.id}`)).body.items[0]?.outcome === 'succeeded' ? true : undefined));

    await page.goto(`${api.url}/admin/#/audit`);
    const log = page.getByTestId('audit');
    const adjustment = log.locator('tr', { hasText: 'credits.adjust' }).filter({ hasText: `"balance": ${before + 4}` });
    await adjustment.waitFor();
    assert.match((await adjustment.textContent()) ?? '', new RegExp(`Dev Admin.*credits\\.adjust.*company ${seeded.companyId}.*succeeded.*"balance": ${before}.*"balance": ${before + 4}`, 's'));
    const retry = log.locator('tr', { hasText: 'queue.retry' }).filter({ hasText: job.id! });
    assert.match((await retry.textContent()) ?? '', /Dev Admin.*queue\.retry.*succeeded.*"state": "failed"/s);
    await page.screenshot({ path: `${ARTIFACTS}views-audit-desktop.png`, fullPage: true });

    await page.getByLabel('Action').selectOption('queue.retry');
    await page.getByRole('button', { name: 'Filter' }).click();
    await waitFor('only retries', async () => ((await log.locator('tbody tr', { hasText: 'credits.adjust' }).count()) === 0 && (await log.locator('tbody tr').count()) > 0 ? true : undefined));
    await page.getByLabel('Action').selectOption('');
    await page.getByRole('button', { name: 'Filter' }).click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
    const csv = fs.readFileSync((await download.path())!, 'utf8');
    assert.match(download.suggestedFilename(), /^crowdhire-audit-.*\.csv$/);
    assert.match(csv, /"credits\.adjust".*Goodwill from the browser/);
    assert.match(csv, new RegExp(`"queue\\.retry","queue_job","system/${job.id}"`));
    assert.deepEqual(errors, []);
    await page.context().close();

    const phone = await signedIn(WIDTHS[1]);
    await phone.page.goto(`${api.url}/admin/#/audit`);
    await phone.page.getByTestId('audit').waitFor();
    await noSidewaysScroll(phone.page, WIDTHS[1].width, 'audit');
    await phone.page.screenshot({ path: `${ARTIFACTS}views-audit-390.png`, fullPage: true });
    await phone.page.context().close();
  });

  it('opens Bull Board for an admin from the Queues page, and for nobody else', async () => {
    const { page, errors } = await signedIn(WIDTHS[0]);
    await page.goto(`${api.url}/admin/#/queues`);
    const [board] = await Promise.all([page.context().waitForEvent('page'), page.getByRole('button', { name: 'Open Bull Board' }).click()]);
    const boardErrors = watchErrors(board);
    await board.waitForURL(/\/admin\/board\/$/);
    for (const name of Object.values(QueueName)) await board.getByText(name, { exact: true }).first().waitFor();
    // Job-level inspection: the system queue's failed jobs, the one failed earlier among them.
    await board.getByText('system', { exact: true }).first().click();
    await board.getByRole('link', { name: /^failed/i }).click();
    await board.getByText(/views-retry-|audit-retry-|pipeline\.check/).first().waitFor();
    await board.screenshot({ path: `${ARTIFACTS}views-bull-board.png`, fullPage: true });
    assert.deepEqual(errors, []);
    assert.deepEqual(boardErrors, [], 'Bull Board loads without console errors or failed requests');
    await page.context().close();

    // On a phone, with the cookie the session endpoint sets.
    const cookie = (await admin.post('/v1/admin/board/session')).headers.get('set-cookie')!.split(';')[0];
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 } });
    await phone.addCookies([{ name: 'crowdhire_board', value: cookie.slice(cookie.indexOf('=') + 1), url: `${api.url}/admin/board/` }]);
    const small = await phone.newPage();
    const smallErrors = watchErrors(small);
    assert.equal((await small.goto(`${api.url}/admin/board/`))?.status(), 200);
    await small.getByText('Crowdhire queues').first().waitFor();
    await small.screenshot({ path: `${ARTIFACTS}views-bull-board-390.png`, fullPage: true });
    assert.deepEqual(smallErrors, []);
    await phone.close();

    // Another browser: no cookie, no token.
    const stranger = await browser.newPage();
    const refused = await stranger.goto(`${api.url}/admin/board/`);
    assert.equal(refused?.status(), 401);
    await stranger.close();
    // A sourcer's token in the board's cookie is refused too.
    const token = await tokenFor(config, { sub: 'views-sourcer', roles: ['sourcer'] });
    const context = await browser.newContext();
    await context.addCookies([{ name: 'crowdhire_board', value: token, url: `${api.url}/admin/board/` }]);
    const sourcerPage = await context.newPage();
    const forbidden = await sourcerPage.goto(`${api.url}/admin/board/`);
    assert.equal(forbidden?.status(), 403);
    assert.match((await sourcerPage.textContent('body')) ?? '', /AUTH_ROLE_REQUIRED/);
    await context.close();
  });
});
