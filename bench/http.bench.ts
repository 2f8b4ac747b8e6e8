// A trivial JSON route through the whole API stack (Nest, Fastify adapter, hooks, metrics,
// error filter) against the same route on a bare Fastify server, measured in the same run.
import Fastify from 'fastify';
import { createApi } from '../src/bootstrap/create-api.js';
import { createLogger } from '../src/common/logging/logger.js';
import { loadConfig } from '../src/config/app-config.js';
import { compare, describeLoad, load } from './support.js';

export const name = 'http';

export async function run(env: Record<string, string>): Promise<void> {
  const bare = Fastify({ logger: false });
  bare.get('/health/live', async () => ({ status: 'ok' }));
  await bare.listen({ port: 0, host: '127.0.0.1' });
  const bareUrl = `http://127.0.0.1:${(bare.server.address() as { port: number }).port}/health/live`;

  const config = loadConfig({ ...env, LOG_LEVEL: 'warn' });
  const app = await createApi(config, createLogger(config, 'api'));
  await app.listen({ port: 0, host: '127.0.0.1' });
  const appUrl = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}/health/live`;

  try {
    const [b, a] = await compare(() => load(bareUrl, 5), () => load(appUrl, 5));
    console.log(describeLoad('bare Fastify GET /health/live', b));
    console.log(describeLoad('Crowdhire GET /health/live', a));
    console.log(`http ratio (Crowdhire / bare Fastify): ${(a.requestsPerSecond / b.requestsPerSecond).toFixed(2)}  (target >= 0.70)`);
  } finally {
    await app.close();
    await bare.close();
  }
}
