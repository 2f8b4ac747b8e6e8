// Cached reads against the same reads with the cache off, in the same run and on the same
// data: GET /v1/jobs/:id and a published-jobs page, as a sourcer (auth included on both sides).
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../src/config/config-loader.js';
import { loadOrCreateDevKey, signDevToken } from '../src/modules/auth/dev-idp.keys.js';
import { compare, describeLoad, load, serve } from './support.js';

export const name = 'cache';

async function cacheCounts(url: string, family: string): Promise<{ hit: number; miss: number }> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const count = (result: string) => Number(new RegExp(`cache_requests_total\\{family="${family}",result="${result}"\\} (\\d+)`).exec(text)?.[1] ?? 0);
  return { hit: count('hit') + count('coalesced'), miss: count('miss') };
}

export async function run(env: Record<string, string>): Promise<void> {
  const base = { ...env, LOG_LEVEL: 'warn', RATE_LIMIT_MAX: '100000000', DEV_IDP_KEY_FILE: path.join(os.tmpdir(), `crowdhire-bench-key-${process.pid}.json`) };
  const cachedConfig = loadConfig(base);
  const cached = await serve('src/main.js', base);
  const uncached = await serve('src/main.js', { ...base, CACHE_ENABLED: 'false' });
  const key = await loadOrCreateDevKey(cachedConfig.DEV_IDP_KEY_FILE);
  const settings = { issuer: cachedConfig.AUTH_ISSUER, audience: cachedConfig.AUTH_AUDIENCE, rolesClaim: cachedConfig.AUTH_ROLES_CLAIM, companyClaim: cachedConfig.AUTH_COMPANY_CLAIM };
  const bearer = async (sub: string, roles: ('admin' | 'employer' | 'sourcer')[], companyId?: string) => ({
    authorization: `Bearer ${await signDevToken(key, { sub, roles, companyId }, settings)}`,
    'content-type': 'application/json',
  });
  try {
    const post = async (p: string, headers: Record<string, string>, body: unknown = {}) =>
      (await (await fetch(`${cached.url}${p}`, { method: 'POST', headers, body: JSON.stringify(body) })).json()) as { id: string };
    const company = await post('/v1/companies', await bearer('bench-admin', ['admin']), { name: 'Bench Co' });
    const employer = await bearer('bench-employer', ['employer'], company.id);
    const skills = ['TypeScript', 'Go', 'Python', 'React', 'Kubernetes'];
    let jobId = '';
    for (let i = 0; i < 200; i++) {
      const job = await post('/v1/jobs', employer, {
        title: `Engineer ${i}`,
        description: `Work on service ${i} with ${skills[i % 5]} and friends. `.repeat(20),
        workplace: i % 2 ? 'remote' : 'onsite',
        seniority: 'senior',
        mustHave: [{ skill: skills[i % 5], minYears: 2 }],
        niceToHave: [{ skill: skills[(i + 1) % 5] }],
      });
      await post(`/v1/jobs/${job.id}/publish`, employer);
      jobId = job.id;
    }
    const sourcer = await bearer('bench-sourcer', ['sourcer']);
    const routes = [
      { label: 'GET /v1/jobs/:id', path: `/v1/jobs/${jobId}`, family: 'job' },
      { label: 'GET /v1/jobs?skill&limit=20', path: '/v1/jobs?skill=typescript&limit=20', family: 'job-list' },
    ];
    for (const route of routes) {
      const before = await cacheCounts(cached.url, route.family);
      const [on, off] = await compare(
        () => load(`${cached.url}${route.path}`, 5, 32, sourcer),
        () => load(`${uncached.url}${route.path}`, 5, 32, sourcer),
      );
      const after = await cacheCounts(cached.url, route.family);
      const hits = after.hit - before.hit;
      const misses = after.miss - before.miss;
      console.log(describeLoad(`cached   ${route.label}`, on));
      console.log(describeLoad(`uncached ${route.label}`, off));
      console.log(
        `cache ratio ${route.label} (cached / uncached req/s): ${(on.requestsPerSecond / off.requestsPerSecond).toFixed(2)}  (target >= 2.00)  hit ratio ${(hits / Math.max(1, hits + misses)).toFixed(4)}`,
      );
    }
  } finally {
    await cached.stop();
    await uncached.stop();
  }
}
