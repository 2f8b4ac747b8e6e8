// The baseline for bench/http.bench.ts: the same route on a bare Fastify server, as its own
// process like the API, started by the benchmark.
import Fastify from 'fastify';

const app = Fastify({ logger: false });
app.get('/health/live', async () => ({ status: 'ok' }));
await app.listen({ port: Number(process.argv[2]), host: '127.0.0.1' });
process.send?.({ type: 'ready' });
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
