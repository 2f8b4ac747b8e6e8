// Cached reads against the same reads with the cache off, in the same run and on the same
// data: GET /v1/jobs/:id and a published-jobs page, as a sourcer (auth included on both sides).
import { loadConfig } from '../src/config/config-loader.js';
import { benchEnv, compare, describeLoad, load, publishedJobs, ratioOf, serve } from './support.js';

export const name = 'cache';

async function cacheCounts(url: string, family: string): Promise<{ hit: number; miss: number }> {
  const text = await fetch(`${url}/metrics`, { signal: AbortSignal.timeout(30_000) }).then(async (res) => {
    if (res.status !== 200) throw new Error(`GET /metrics: ${res.status} ${await res.text()}`);
    return res.text();
  });
  const count = (result: string) => Number(new RegExp(`cache_requests_total\\{family="${family}",result="${result}"\\} (\\d+)`).exec(text)?.[1] ?? 0);
  return { hit: count('hit') + count('coalesced'), miss: count('miss') };
}

export async function run(env: Record<string, string>): Promise<void> {
  const base = benchEnv(env);
  const config = loadConfig(base);
  const cached = await serve('src/main.js', base);
  const uncached = await serve('src/main.js', { ...base, CACHE_ENABLED: 'false' });
  try {
    const skills = ['TypeScript', 'Go', 'Python', 'React', 'Kubernetes'];
    const { bearer, jobIds } = await publishedJobs(cached.url, config, 200, (i) => ({
      title: `Engineer ${i}`,
      description: `Work on service ${i} with ${skills[i % 5]} and friends. `.repeat(20),
      workplace: i % 2 ? 'remote' : 'onsite',
      seniority: 'senior',
      mustHave: [{ skill: skills[i % 5], minYears: 2 }],
      niceToHave: [{ skill: skills[(i + 1) % 5] }],
    }));
    const sourcer = await bearer('bench-sourcer', ['sourcer']);
    const routes = [
      { label: 'GET /v1/jobs/:id', path: `/v1/jobs/${jobIds.at(-1)}`, family: 'job' },
      { label: 'GET /v1/jobs?skill&limit=20', path: '/v1/jobs?skill=typescript&limit=20', family: 'job-list' },
    ];
    for (const route of routes) {
      const before = await cacheCounts(cached.url, route.family);
      const [on, off] = await compare([() => load(`${cached.url}${route.path}`, 5, 32, sourcer), () => load(`${uncached.url}${route.path}`, 5, 32, sourcer)]);
      const after = await cacheCounts(cached.url, route.family);
      const hits = after.hit - before.hit;
      const misses = after.miss - before.miss;
      console.log(describeLoad(`cached   ${route.label}`, on));
      console.log(describeLoad(`uncached ${route.label}`, off));
      console.log(
        `cache ratio ${route.label} (cached / uncached req/s): ${ratioOf(on, off)}  (target >= 2.00)  hit ratio ${(hits / Math.max(1, hits + misses)).toFixed(4)}`,
      );
    }
  } finally {
    await cached.stop();
    await uncached.stop();
  }
}
