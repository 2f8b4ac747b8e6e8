// A trivial JSON route through the whole API stack (Nest, Fastify adapter, hooks, guards,
// security headers, metrics, error filter) against the same route on a bare Fastify server,
// measured in the same run, each server in its own process.
import { compare, describeLoad, load, serve } from './support.js';

export const name = 'http';

export async function run(env: Record<string, string>): Promise<void> {
  const bare = await serve('bench/bare-server.js', {}, ['{port}']);
  const api = await serve('src/main.js', { ...env, LOG_LEVEL: 'warn' });
  try {
    const [b, a] = await compare(() => load(`${bare.url}/health/live`, 5), () => load(`${api.url}/health/live`, 5));
    console.log(describeLoad('bare Fastify GET /health/live', b));
    console.log(describeLoad('Crowdhire GET /health/live', a));
    console.log(`http ratio (Crowdhire / bare Fastify): ${(a.requestsPerSecond / b.requestsPerSecond).toFixed(2)}  (target >= 0.70)`);
  } finally {
    await api.stop();
    await bare.stop();
  }
}
