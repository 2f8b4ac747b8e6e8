// Outbound webhooks against a real local HTTP receiver: Standard Webhooks signatures (verified
// with the `standardwebhooks` package), retries with backoff after 500s and timeouts, one
// delivery per event id (a second emit or a job run again after a crash sends nothing more),
// replay from the log, disabling an endpoint that keeps failing (its company hears of it), and
// SSRF refusals (loopback, 10/8, 169.254/16, IPv6 loopback, a name resolving to loopback, a
// redirect, a name that resolves elsewhere at delivery time).
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { Webhook } from 'standardwebhooks';
import type { RunningWorker } from '../../src/bootstrap/create-worker.js';
import type { AppConfig } from '../../src/config/app-config.js';
import { guardedLookup, isPrivateAddress } from '../../src/modules/webhooks/ssrf.js';
import { WebhooksService } from '../../src/modules/webhooks/webhooks.service.js';
import { startTestApi, startTestWorker, type TestApi } from '../support/apps.js';
import { testConfig, testEnv } from '../support/env.js';
import { loadConfig } from '../../src/config/config-loader.js';
import { Fleet } from '../support/processes.js';
import { makeCandidate, makeJob, move, submit } from '../support/factories.js';
import { type Session, Sessions } from '../support/session.js';
import { waitFor } from '../support/wait.js';

interface Received {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A receiver whose answer per path is scripted: a list of statuses (the last repeats), 'hang', or a status with Retry-After. */
async function receiver(script: Record<string, (number | 'hang' | { status: number; retryAfter: string })[]>) {
  const received: Received[] = [];
  const seen = new Map<string, number>();
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const path = req.url ?? '/';
      received.push({ path, headers: req.headers, body });
      const n = seen.get(path) ?? 0;
      seen.set(path, n + 1);
      const steps = script[path] ?? [200];
      const step = steps[Math.min(n, steps.length - 1)];
      if (step === 'hang') return; // never answers: the sender's timeout
      if (typeof step === 'object') {
        res.setHeader('retry-after', step.retryAfter);
        res.statusCode = step.status;
        return void res.end('busy');
      }
      if (step >= 300 && step < 400) res.setHeader('location', 'http://169.254.169.254/latest/meta-data/');
      res.statusCode = step;
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())).then(() => server.closeAllConnections()) };
}

describe('outbound webhooks', () => {
  let config: AppConfig;
  let api: TestApi;
  let worker: RunningWorker;
  let sessions: Sessions;
  let admin: Session;
  let sink: Awaited<ReturnType<typeof receiver>>;

  before(async () => {
    config = testConfig('webhooks', { WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true', WEBHOOK_BACKOFF_MS: '50', WEBHOOK_TIMEOUT_MS: '400', WEBHOOK_RETRY_WINDOW_MS: '20000', WEBHOOK_DISABLE_AFTER_MS: '1500' });
    sink = await receiver({ '/busy': [{ status: 429, retryAfter: '1' }, 200], '/unavailable': [{ status: 503, retryAfter: '1' }, 200], '/flaky': [500, 500, 200], '/slow': ['hang', 200], '/down': [500], '/redirect': [302] });
    [api, worker] = await Promise.all([startTestApi(config), startTestWorker(config)]);
    sessions = new Sessions(config, api.url);
    admin = await sessions.asAdmin();
  });
  after(async () => {
    await worker?.stop();
    await api?.close();
    await sink?.close();
  });

  const register = async (employer: Session, path: string, events: string[]) => {
    const res = await employer.post('/v1/webhooks/endpoints', { url: `${sink.url}${path}`, events });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body as { id: string; secret: string };
  };
  const deliveriesOf = async (employer: Session, endpointId: string) => (await employer.get(`/v1/webhooks/endpoints/${endpointId}/deliveries`)).body.items as any[];

  it('sends a signed Standard Webhooks message for each move of a submission, and logs it', async () => {
    const { employer } = await sessions.makeCompany();
    const endpoint = await register(employer, '/ok', ['submission.moved', 'submission.delivered']);
    assert.match(endpoint.secret, /^whsec_/);
    const sourcer = await sessions.asSourcer();
    // Threshold 0: the worker's AI check delivers it (a move of ours would race that check).
    const job = await makeJob(employer, { matchThreshold: 0 });
    const person = await makeCandidate(sourcer);
    const submission = await submit(sourcer, job.id, person.id);
    await waitFor('the AI check to deliver it', async () => ((await admin.get(`/v1/submissions/${submission.id}`)).body.status === 'delivered' ? true : undefined));
    await move(employer, submission.id, 'shortlisted');

    const mine = () => sink.received.filter((r) => r.path === '/ok' && JSON.parse(r.body).data.submissionId === submission.id);
    const delivered = await waitFor('the delivered event', async () => mine().find((r) => JSON.parse(r.body).type === 'submission.delivered'));
    // The package every receiver can use verifies our signature, id and timestamp.
    const payload = new Webhook(endpoint.secret).verify(delivered.body, delivered.headers as Record<string, string>) as { type: string; data: Record<string, unknown> };
    assert.deepEqual([payload.type, payload.data.to, payload.data.jobId], ['submission.delivered', 'delivered', job.id]);
    assert.throws(() => new Webhook(`whsec_${Buffer.alloc(32, 1).toString('base64')}`).verify(delivered.body, delivered.headers as Record<string, string>), 'another secret does not verify');
    assert.ok(mine().some((r) => JSON.parse(r.body).type === 'submission.moved'));

    await waitFor('the move to shortlisted', async () => mine().find((r) => JSON.parse(r.body).data.to === 'shortlisted'));
    const log = await waitFor('the log', async () => {
      const items = await deliveriesOf(employer, endpoint.id);
      return items.length >= 3 && items.every((d) => d.status === 'delivered') ? items : undefined;
    });
    assert.equal(log[0].attempts[0].statusCode, 200);
    assert.equal(typeof log[0].attempts[0].latencyMs, 'number');
    // Another company cannot see this endpoint or its log.
    const other = await sessions.makeCompany();
    assert.equal((await other.employer.get(`/v1/webhooks/endpoints/${endpoint.id}/deliveries`)).status, 404);
  });

  it('retries with backoff after 500s and after a timeout, with the same webhook-id, until it is answered', async () => {
    const { id: companyId, employer } = await sessions.makeCompany();
    const flaky = await register(employer, '/flaky', ['credits.granted']);
    const slow = await register(employer, '/slow', ['credits.granted']);
    const service = worker.app.get(WebhooksService);
    await service.emit(companyId, 'credits.granted', `test-retry-${companyId}`, { credits: 5 });
    for (const [endpoint, path, first] of [
      [flaky, '/flaky', 500],
      [slow, '/slow', null],
    ] as const) {
      const [log] = await waitFor(`${path} delivered`, async () => {
        const items = await deliveriesOf(employer, endpoint.id);
        return items[0]?.status === 'delivered' ? items : undefined;
      });
      assert.equal(log.attempts.at(-1).statusCode, 200);
      assert.equal(log.attempts[0].statusCode, first);
      if (first === null) assert.match(log.attempts[0].error, /no answer within 400 ms/);
      const ids = new Set(sink.received.filter((r) => r.path === path).map((r) => r.headers['webhook-id']));
      assert.deepEqual([...ids], [`test-retry-${companyId}`], 'one message id on every attempt');
      // Backoff: the attempts are spaced, each gap at least the base delay.
      const times = log.attempts.map((a: { at: string }) => Date.parse(a.at));
      for (let i = 1; i < times.length; i++) assert.ok(times[i] - times[i - 1] >= 40, `gap ${times[i] - times[i - 1]} ms`);
    }
    assert.equal(sink.received.filter((r) => r.path === '/flaky').length, 3);
  });

  it('waits as long as a 429 or 503 asks (Retry-After), not its shorter backoff, and then delivers', async () => {
    const { id: companyId, employer } = await sessions.makeCompany();
    // One wait each: this file's endpoints are disabled after failing for 1.5 s.
    const endpoints = [await register(employer, '/busy', ['credits.granted']), await register(employer, '/unavailable', ['credits.granted'])];
    await worker.app.get(WebhooksService).emit(companyId, 'credits.granted', `test-busy-${companyId}`, { credits: 1 });
    for (const [endpoint, first] of [[endpoints[0], 429], [endpoints[1], 503]] as const) {
      const [log] = await waitFor(`${first} then delivered`, async () => {
        const items = await deliveriesOf(employer, endpoint.id);
        return items[0]?.status === 'delivered' ? items : undefined;
      });
      assert.deepEqual(log.attempts.map((a: { statusCode: number }) => a.statusCode), [first, 200]);
      // The backoff alone would be 50 ms (WEBHOOK_BACKOFF_MS=50).
      const [asked, answered] = log.attempts.map((a: { at: string }) => Date.parse(a.at));
      assert.ok(answered - asked >= 950, `after the ${first}: ${answered - asked} ms`);
    }
  });

  it('delivers each event id once: emitted again, or its job run again after a crash, nothing more is sent', async () => {
    const { id: companyId, employer } = await sessions.makeCompany();
    const endpoint = await register(employer, '/once', ['credits.granted']);
    const service = worker.app.get(WebhooksService);
    const eventId = `test-once-${companyId}`;
    assert.equal(await service.emit(companyId, 'credits.granted', eventId, { credits: 1 }), 1);
    assert.equal(await service.emit(companyId, 'credits.granted', eventId, { credits: 1 }), 0, 'the same event queues nothing');
    const [log] = await waitFor('delivered', async () => {
      const items = await deliveriesOf(employer, endpoint.id);
      return items[0]?.status === 'delivered' ? items : undefined;
    });
    // A worker that crashed after sending runs the job again: it finds the delivery done.
    assert.deepEqual(await service.deliver(log.id, false), { status: 'skipped', reason: 'delivery is delivered' });
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(sink.received.filter((r) => r.path === '/once').length, 1);

    // Replay from the log: the same message id again, a new attempt logged.
    const replayed = await employer.post(`/v1/webhooks/deliveries/${log.id}/replay`);
    assert.equal(replayed.status, 202, JSON.stringify(replayed.body));
    await waitFor('the replay', async () => (sink.received.filter((r) => r.path === '/once').length === 2 ? true : undefined));
    assert.deepEqual(new Set(sink.received.filter((r) => r.path === '/once').map((r) => r.headers['webhook-id'])), new Set([eventId]));
    const again = await waitFor('the replay logged', async () => {
      const [d] = await deliveriesOf(employer, endpoint.id);
      return d.attempts.length === 2 && d.status === 'delivered' ? d : undefined;
    });
    assert.equal(again.attempts[1].statusCode, 200);
  });

  it('disables an endpoint that keeps failing, and tells the company through its other endpoints', async () => {
    const { id: companyId, employer } = await sessions.makeCompany();
    const down = await register(employer, '/down', ['credits.granted']);
    await register(employer, '/watch', ['webhook.endpoint_disabled']);
    const service = worker.app.get(WebhooksService);
    await service.emit(companyId, 'credits.granted', `test-down-${companyId}`, { credits: 1 });
    const disabled = await waitFor('the endpoint disabled', async () => {
      const e = (await employer.get(`/v1/webhooks/endpoints/${down.id}`)).body;
      return e.enabled === false ? e : undefined;
    }, 20_000);
    assert.match(disabled.disabledReason, /no successful delivery/);
    const notice = await waitFor('the notice', async () => sink.received.find((r) => r.path === '/watch'));
    assert.deepEqual([JSON.parse(notice.body).type, JSON.parse(notice.body).data.endpointId], ['webhook.endpoint_disabled', down.id]);
    // Turned on again by its owner, its failure record is cleared.
    const on = await employer.patch(`/v1/webhooks/endpoints/${down.id}`, { enabled: true });
    assert.deepEqual([on.status, on.body.enabled, on.body.failingSince], [200, true, null]);
  });

  it('does not follow a redirect (it could lead inside our network)', async () => {
    const { id: companyId, employer } = await sessions.makeCompany();
    const endpoint = await register(employer, '/redirect', ['credits.granted']);
    await worker.app.get(WebhooksService).emit(companyId, 'credits.granted', `test-redirect-${companyId}`, { credits: 1 });
    const [log] = await waitFor('an attempt', async () => {
      const items = await deliveriesOf(employer, endpoint.id);
      return items[0]?.attempts.length > 0 ? items : undefined;
    });
    assert.equal(log.attempts[0].statusCode, 302);
    assert.match(log.attempts[0].error, /redirect to http:\/\/169\.254\.169\.254\/.* not followed/);
  });

  it('refuses loopback, private and link-local targets unless allowed, at registration and at delivery', async () => {
    const strict = await startTestApi(testConfig('webhooks-strict'));
    try {
      const { employer } = await new Sessions(testConfig('webhooks-strict'), strict.url).makeCompany();
      for (const url of ['http://127.0.0.1:8080/hook', 'http://10.1.2.3/hook', 'http://169.254.169.254/latest/meta-data/', 'http://[::1]/hook', 'http://localhost/hook', 'http://192.168.1.1/', 'http://[::ffff:127.0.0.1]/', 'ftp://example.com/hook', 'http://user:pw@example.com/']) {
        const res = await employer.post('/v1/webhooks/endpoints', { url, events: ['credits.granted'] });
        assert.deepEqual([res.status, res.body.code], [400, 'WEBHOOK_TARGET_REFUSED'], url);
      }
    } finally {
      await strict.close();
    }
    for (const ip of ['127.0.0.1', '10.0.0.1', '172.16.5.4', '192.168.0.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '::1', 'fe80::1', 'fd00::1', '::ffff:10.0.0.1']) assert.ok(isPrivateAddress(ip), ip);
    for (const ip of ['93.184.216.34', '2606:2800:220:1:248:1893:25c8:1946']) assert.ok(!isPrivateAddress(ip), ip);
    // A name that resolved to a public address at registration and to a private one at delivery
    // (DNS rebinding) is refused by the connection's own lookup.
    const rebinding = guardedLookup(false, async () => [{ address: '10.0.0.7', family: 4 }]);
    const error = await new Promise<Error | null>((resolve) => rebinding('hooks.example.com', {}, (err) => resolve(err)));
    assert.match(String(error?.message), /resolves to 10\.0\.0\.7/);
  });
});

describe('outbound webhooks across a worker crash', () => {
  it('acknowledges each event once: a worker killed mid-delivery leaves it to another, with the same webhook-id', async () => {
    // The receiver never answers the first request: the worker sending it is killed meanwhile.
    const sink = await receiver({ '/crash': ['hang', 200] });
    const env = testEnv('webhooks-crash', { WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true', WEBHOOK_BACKOFF_MS: '50', WEBHOOK_TIMEOUT_MS: '60000', WORKER_LOCK_MS: '1000', WORKER_QUEUES: 'system' });
    const api = await startTestApi(loadConfig(env));
    const fleet = new Fleet();
    try {
      const { id: companyId, employer } = await new Sessions(loadConfig(env), api.url).makeCompany();
      const endpoint = (await employer.post('/v1/webhooks/endpoints', { url: `${sink.url}/crash`, events: ['credits.granted'] })).body as { id: string };
      const first = await fleet.worker(env);
      const eventId = `test-crash-${companyId}`;
      await api.app.get(WebhooksService).emit(companyId, 'credits.granted', eventId, { credits: 1 });
      await waitFor('the first attempt to arrive', async () => (sink.received.some((r) => r.path === '/crash') ? true : undefined));
      first.child.kill('SIGKILL');
      await first.exit;
      // Another worker takes the job over once its lock lapses (BullMQ's stalled-job check).
      await fleet.worker(env);
      const [log] = await waitFor('the delivery, by the second worker', async () => {
        const items = (await employer.get(`/v1/webhooks/endpoints/${endpoint.id}/deliveries`)).body.items as any[];
        return items[0]?.status === 'delivered' ? items : undefined;
      }, 90_000);
      const requests = sink.received.filter((r) => r.path === '/crash');
      assert.equal(requests.length, 2, 'the unanswered attempt, then the one answered');
      assert.deepEqual(new Set(requests.map((r) => r.headers['webhook-id'])), new Set([eventId]), 'one message id: the receiver deduplicates on it');
      assert.equal(log.attempts.filter((a: { statusCode: number | null }) => a.statusCode === 200).length, 1, 'acknowledged once');
      // Nothing more arrives later.
      await new Promise((r) => setTimeout(r, 1_500));
      assert.equal(sink.received.filter((r) => r.path === '/crash').length, 2);
    } finally {
      await fleet.stop();
      await api.close();
      await sink.close();
    }
  });
});
