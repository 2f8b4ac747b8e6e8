// Outbound webhook fan-out: deliveries per second from one worker (system queue) to a local
// receiver, when each event goes to 1 endpoint and when it goes to 50. Events are credit
// grants (admin adjustments through the API), made while no worker runs, so the figure is the
// delivery work alone (signing, sending, logging), timed from the worker's start to the last
// delivery received. Every delivery is checked for its Standard Webhooks headers on the
// receiver, and the wait has a deadline.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '../src/config/config-loader.js';
import { benchEnv, request, serve, tokens, until } from './support.js';

export const name = 'webhooks';

const DEADLINE_MS = 3 * 60_000;

export async function run(env: Record<string, string>): Promise<void> {
  const base = benchEnv(env, {
    WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true',
    PAYMENTS_ENABLED: 'true',
    STRIPE_SECRET_KEY: 'sk_test_bench',
    STRIPE_WEBHOOK_SECRET: 'whsec_bench',
    WORKER_HEALTH_PORT: '0',
  });
  const config = loadConfig(base);
  let received = 0;
  let unsigned = 0;
  const receiver = http.createServer((req, res) => {
    if (!req.headers['webhook-signature'] || !req.headers['webhook-id']) unsigned++;
    req.resume();
    req.on('end', () => {
      received++;
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const sinkUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
  const api = await serve('src/main.js', base);
  let worker: Awaited<ReturnType<typeof serve>> | undefined;
  try {
    const bearer = await tokens(config);
    const admin = await bearer('bench-admin', ['admin']);
    for (const [endpoints, events] of [
      [1, 400],
      [50, 16],
    ] as const) {
      const company = await request<{ id: string }>(`${api.url}/v1/companies`, { method: 'POST', headers: admin, body: JSON.stringify({ name: `Webhooks ${endpoints}` }) });
      for (let i = 0; i < endpoints; i++) {
        await request(`${api.url}/v1/webhooks/endpoints`, { method: 'POST', headers: admin, body: JSON.stringify({ url: `${sinkUrl}?e=${i}`, events: ['credits.granted'], companyId: company.id }) }, [201]);
      }
      const expected = received + endpoints * events;
      for (let i = 0; i < events; i++) {
        await request(`${api.url}/v1/admin/payments/adjustments`, { method: 'POST', headers: { ...admin, 'idempotency-key': `bench-${endpoints}-${i}-${Date.now()}` }, body: JSON.stringify({ companyId: company.id, credits: 1, reason: 'bench' }) }, [201]);
      }
      const started = performance.now();
      worker = await serve('src/worker.js', { ...base, WORKER_QUEUES: 'system' });
      await until(`${endpoints * events} deliveries`, DEADLINE_MS, async () => (received >= expected ? true : undefined), 20);
      const seconds = (performance.now() - started) / 1000;
      await worker.stop();
      worker = undefined;
      console.log(`webhooks fan-out to ${endpoints} endpoint(s): ${endpoints * events} deliveries in ${seconds.toFixed(2)} s = ${((endpoints * events) / seconds).toFixed(0)} deliveries/s (one worker, from its start, its boot included)`);
    }
    if (unsigned > 0) throw new Error(`${unsigned} deliveries came without Standard Webhooks headers`);
  } finally {
    await worker?.stop();
    await api.stop();
    receiver.closeAllConnections();
    receiver.close();
  }
}
