// The baseline for the realistic routes of bench/http.bench.ts: a bare Fastify server doing the
// essential work of an authenticated cached read and nothing else. It verifies the bearer token
// (RS256, the same JWKS key, issuer and audience) and answers with the JSON the API cached in
// Redis under the same key. Arguments: port, JWKS URL, issuer, audience, then route=key pairs.
import Fastify from 'fastify';
import { Redis } from 'ioredis';
import { createLocalJWKSet, jwtVerify } from 'jose';

const [port, jwksUrl, issuer, audience, ...routes] = process.argv.slice(2);
const jwks = createLocalJWKSet((await (await fetch(jwksUrl)).json()) as Parameters<typeof createLocalJWKSet>[0]);
const redis = new Redis(process.env.REDIS_URL!, { enableOfflineQueue: true });
const app = Fastify({ logger: false });
for (const pair of routes) {
  const at = pair.indexOf('=');
  const [route, key] = [pair.slice(0, at), pair.slice(at + 1)];
  app.get(route, async (request, reply) => {
    const token = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
    try {
      await jwtVerify(token ?? '', jwks, { issuer, audience, algorithms: ['RS256'] });
    } catch {
      return reply.code(401).send({ code: 'AUTH_TOKEN_INVALID' });
    }
    const stored = await redis.get(key);
    if (stored === null) return reply.code(404).send({ code: 'NOT_CACHED', key });
    return (JSON.parse(stored) as { value: unknown }).value;
  });
}
await app.listen({ port: Number(port), host: '127.0.0.1' });
process.send?.({ type: 'ready' });
process.on('SIGTERM', () => void app.close().then(() => redis.quit()).then(() => process.exit(0)));
