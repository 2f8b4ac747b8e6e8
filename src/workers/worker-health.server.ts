// The worker's own small HTTP port (WORKER_HEALTH_PORT): /health/live, /health/ready and
// /metrics, so an orchestrator can probe each worker and Prometheus scrape it. Plain node:http
// on purpose: the worker serves no API and needs none of its layers.
import http from 'node:http';
import type { INestApplicationContext } from '@nestjs/common';
import type { Logger } from 'pino';
import { DomainError } from '../common/errors/domain-error.js';
import { MetricsService } from '../common/metrics/metrics.service.js';
import type { AppConfig } from '../config/app-config.js';
import { HealthService } from '../modules/health/health.service.js';
import { MetricsAccess } from '../modules/health/metrics-access.js';

export interface WorkerHealthServer {
  port: number;
  close(): Promise<void>;
}

function send(res: http.ServerResponse, status: number, body: unknown, type = 'application/json'): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

export async function startWorkerHealthServer(
  app: INestApplicationContext,
  config: AppConfig,
  logger: Logger,
  state: { consuming: () => boolean; queues: string[] },
): Promise<WorkerHealthServer> {
  const health = app.get(HealthService);
  const metrics = app.get(MetricsService);
  const access = app.get(MetricsAccess);
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    void (async () => {
      if (req.method !== 'GET') return send(res, 405, { code: 'METHOD_NOT_ALLOWED', message: 'Only GET' });
      if (path === '/health/live') return send(res, 200, { status: 'ok' });
      if (path === '/health/ready') {
        const checks = await health.dependencies();
        const consuming = state.consuming();
        const down = [...Object.entries(checks).filter(([, c]) => c.status === 'down').map(([n]) => n), ...(consuming ? [] : ['consumers'])];
        return send(res, down.length ? 503 : 200, { status: down.length ? 'down' : 'ok', checks, queues: state.queues, ...(down.length ? { failing: down } : {}) });
      }
      if (path === '/metrics') {
        try {
          access.check(req.headers.authorization);
        } catch (error) {
          const e = error as DomainError;
          return send(res, e.status ?? 401, { code: e.code, message: e.message });
        }
        return send(res, 200, await metrics.registry.metrics(), metrics.registry.contentType);
      }
      send(res, 404, { code: 'ROUTE_NOT_FOUND', message: `Cannot GET ${path}` });
    })().catch((error: unknown) => {
      logger.error({ err: error }, 'worker health request failed');
      if (!res.headersSent) send(res, 500, { code: 'INTERNAL_ERROR', message: 'Internal server error' });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.WORKER_HEALTH_PORT, config.HOST, () => resolve());
  });
  const port = (server.address() as { port: number }).port;
  return { port, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
