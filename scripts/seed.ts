// `npm run seed [-- --url <api>]`: fills a running instance (started with `npm start`, on PORT
// from the environment or .env, else 3000) with a realistic demo: companies and employers,
// jobs in every state (draft, published, paused, closed), sourcers, candidates with CVs,
// submissions through the AI check and on to every stage, and credits when payments are on.
// Everything goes through the public API as its users would.
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { retryAfterMs } from '../src/common/http/retry-after.js';
import { apiBaseUrl, cliOptions } from './cli.js';
import { loadDotEnv } from './paths.js';

loadDotEnv();
const USAGE = 'usage: npm run seed [-- --url <api>]';
const values = cliOptions({ url: { type: 'string' } }, USAGE);
const BASE = apiBaseUrl(values.url, process.env.PORT, USAGE);
const RUN = randomBytes(2).toString('hex');

let seed = 42;
const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
const pick = <T>(list: readonly T[]) => list[Math.floor(rnd() * list.length)];

interface Reply {
  id: string;
  status: string;
}

/** How long one request may keep waiting out the API's rate limit before the seed gives up. */
const RATE_LIMIT_PATIENCE_MS = 5 * 60_000;
let rateLimitedUntil = 0;

/**
 * One API call. A 429 (the API's per-client rate limit, shared with everything else this
 * machine sends it, such as the dashboard) is refused before the route runs, so the call is
 * made again once Retry-After has passed, and the seed says why it pauses.
 */
async function call<T = Reply>(token: string | null, method: string, path: string, body?: unknown, expect: number[] = [200, 201, 202, 204]): Promise<T> {
  const isForm = body instanceof FormData;
  const patience = Date.now() + RATE_LIMIT_PATIENCE_MS;
  for (;;) {
    const res = await fetch(`${BASE}${path}`, {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body && !isForm ? { 'content-type': 'application/json' } : {}) },
      body: body === undefined ? undefined : isForm ? body : JSON.stringify(body),
    });
    const text = await res.text();
    if (res.status === 429 && Date.now() < patience) {
      // A 429 from this API always says how long (Retry-After); 1 s to 2 min whatever it says.
      const until = Date.now() + Math.min(Math.max(retryAfterMs(res.headers.get('retry-after')) ?? 0, 1_000), 120_000);
      if (until > rateLimitedUntil + 1_000) console.log(`seed: the API's rate limit for this client is used up (RATE_LIMIT_MAX); going on in ${Math.ceil((until - Date.now()) / 1000)} s`);
      rateLimitedUntil = Math.max(rateLimitedUntil, until);
      await sleep(until - Date.now());
      continue;
    }
    const parsed = text ? JSON.parse(text) : undefined;
    if (!expect.includes(res.status)) throw new Error(`${method} ${path}: ${res.status} ${text}`);
    return parsed as T;
  }
}

/** How many of `ids` the admin list at `path` shows in `status`, every page read (one request a page, not one an id). */
async function countIn(admin: string, path: string, status: string, ids: ReadonlySet<string>): Promise<number> {
  let found = 0;
  let cursor: string | null = null;
  do {
    const page: { items: { id: string }[]; nextCursor: string | null } = await call(admin, 'GET', `${path}?status=${status}&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    found += page.items.filter((item) => ids.has(item.id)).length;
    cursor = page.nextCursor;
  } while (cursor);
  return found;
}

/** Polls for up to a minute; says so (and goes on) if the worker does not finish in time. */
async function waitUntil(what: string, done: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (await done()) return;
    await sleep(1_000);
  }
  console.log(`seed: still waiting for ${what} after a minute (is the worker running?); going on`);
}

async function token(role: 'admin' | 'employer' | 'sourcer', sub: string, name: string): Promise<string> {
  const res = await call<{ access_token: string }>(null, 'POST', '/dev-idp/token', { role, sub, name });
  return res.access_token;
}

const COMPANIES = ['Northwind Payments', 'Globex Logistics', 'Initech Health'];
const ROLES = [
  { title: 'Senior Backend Engineer', description: 'Payments APIs in TypeScript and Node.js on PostgreSQL and Kubernetes.', mustHave: ['TypeScript', 'Node.js'], niceToHave: ['PostgreSQL', 'Kubernetes'], seniority: 'senior' },
  { title: 'Data Engineer', description: 'Batch and streaming pipelines in Python with Spark and Airflow.', mustHave: ['Python', 'Spark'], niceToHave: ['Airflow', 'Kafka'], seniority: 'mid' },
  { title: 'Frontend Engineer', description: 'A React and TypeScript design system and web app.', mustHave: ['React'], niceToHave: ['TypeScript', 'Storybook'], seniority: 'mid' },
  { title: 'Platform Engineer', description: 'AWS infrastructure with Terraform and Kubernetes, CI/CD with GitHub Actions.', mustHave: ['Kubernetes', 'Terraform'], niceToHave: ['AWS'], seniority: 'senior' },
  { title: 'iOS Engineer', description: 'Our consumer app in Swift and SwiftUI.', mustHave: ['Swift', 'iOS'], niceToHave: ['SwiftUI'], seniority: 'mid' },
  { title: 'Machine Learning Engineer', description: 'NLP models in PyTorch served on Kubernetes.', mustHave: ['Python', 'PyTorch'], niceToHave: ['NLP'], seniority: 'senior' },
] as const;
const PEOPLE = ['Ada Lovelace', 'Grace Hopper', 'Alan Turing', 'Edsger Dijkstra', 'Barbara Liskov', 'Ken Thompson', 'Margaret Hamilton', 'Donald Knuth', 'Radia Perlman', 'Linus Torvalds', 'Frances Allen', 'John Backus', 'Katherine Johnson', 'Dennis Ritchie', 'Hedy Lamarr', 'Tim Berners-Lee', 'Anita Borg', 'Guido van Rossum', 'Sophie Wilson', 'Bjarne Stroustrup', 'Shafi Goldwasser', 'Leslie Lamport', 'Jean Sammet', 'Niklaus Wirth'];
const CITIES = [['Berlin', 'Germany'], ['Lisbon', 'Portugal'], ['Madrid', 'Spain'], ['Paris', 'France'], ['London', 'United Kingdom']] as const;
const SKILLSETS = [
  ['TypeScript', 'Node.js', 'PostgreSQL', 'Kubernetes'],
  ['Python', 'Spark', 'Airflow', 'SQL'],
  ['React', 'TypeScript', 'CSS', 'Storybook'],
  ['Kubernetes', 'Terraform', 'AWS', 'Go'],
  ['Swift', 'iOS', 'SwiftUI'],
  ['Python', 'PyTorch', 'NLP', 'Docker'],
  ['Java', 'Spring Boot', 'Oracle'],
];

function cv(name: string, i: number, skills: readonly string[]): string {
  const [city, country] = CITIES[i % CITIES.length];
  const start = 2012 + (i % 8);
  return [
    name,
    `Location: ${city}, ${country}`,
    `${name.toLowerCase().replace(/[^a-z]+/g, '.')}@example.com  +49 30 9018${String(200 + i).padStart(3, '0')}`,
    `Skills: ${skills.join(', ')}`,
    'Experience',
    `Senior Software Engineer, Acme  Jan ${start + 4} - Present`,
    `Built services with ${skills.slice(0, 2).join(' and ')}.`,
    `Software Engineer, Initech  03/${start} - 12/${start + 3}`,
    `Worked on ${skills.at(-1)} and internal tools.`,
  ].join('\n');
}

async function main(): Promise<void> {
  await call(null, 'GET', '/health/live').catch(() => {
    throw new Error(`no Crowdhire API at ${BASE}: start it with \`npm start\` first`);
  });
  const admin = await token('admin', `seed-admin-${RUN}`, 'Demo Admin');
  const payments = (await call<{ features: { payments: boolean } }>(null, 'GET', '/v1/meta')).features.payments;

  const employers: { token: string; companyId: string }[] = [];
  for (const name of COMPANIES) {
    const company = await call(admin, 'POST', '/v1/companies', { name: `${name} ${RUN}`, website: `https://${name.split(' ')[0].toLowerCase()}.example` });
    const sub = `seed-employer-${company.id.slice(0, 8)}`;
    await call(admin, 'POST', `/v1/companies/${company.id}/employers`, { sub });
    employers.push({ token: await token('employer', sub, `Hiring manager at ${name}`), companyId: company.id });
    if (payments) await call(admin, 'POST', '/v1/admin/payments/adjustments', { companyId: company.id, credits: 20, reason: 'Demo credits' });
  }

  const jobs: { id: string; employer: string }[] = [];
  for (const [i, role] of ROLES.entries()) {
    const employer = employers[i % employers.length];
    const job = await call(employer.token, 'POST', '/v1/jobs', {
      title: role.title,
      description: role.description,
      workplace: pick(['remote', 'hybrid', 'onsite'] as const),
      seniority: role.seniority,
      location: { city: CITIES[i % CITIES.length][0] },
      salary: { min: 6_000_000 + i * 500_000, max: 9_000_000 + i * 500_000, currency: 'EUR' },
      mustHave: role.mustHave.map((skill) => ({ skill })),
      niceToHave: role.niceToHave.map((skill) => ({ skill })),
      languages: ['English'],
    });
    await call(employer.token, 'POST', `/v1/jobs/${job.id}/publish`);
    jobs.push({ id: job.id, employer: employer.token });
  }
  // Jobs in the other states too.
  const extra = await call(employers[0].token, 'POST', '/v1/jobs', { title: 'Engineering Manager (draft)', description: 'Lead a team of six.', workplace: 'hybrid', seniority: 'lead', mustHave: [{ skill: 'Leadership' }] });
  const paused = await call(employers[1].token, 'POST', '/v1/jobs', { title: 'QA Engineer', description: 'Cypress and Playwright test automation.', workplace: 'remote', seniority: 'mid', mustHave: [{ skill: 'Cypress' }] });
  await call(employers[1].token, 'POST', `/v1/jobs/${paused.id}/publish`);
  await call(employers[1].token, 'POST', `/v1/jobs/${paused.id}/pause`);
  const closed = await call(employers[2].token, 'POST', '/v1/jobs', { title: 'Support Engineer (filled)', description: 'Second-line support for our API customers.', workplace: 'remote', seniority: 'junior', mustHave: [{ skill: 'SQL' }] });
  await call(employers[2].token, 'POST', `/v1/jobs/${closed.id}/publish`);
  await call(employers[2].token, 'POST', `/v1/jobs/${closed.id}/close`);
  void extra;

  const sourcers = await Promise.all([1, 2, 3, 4].map((n) => token('sourcer', `seed-sourcer-${RUN}-${n}`, `Sourcer ${n}`)));
  const people: { candidateId: string; uploadId: string; sourcer: string; name: string; skills: readonly string[]; i: number }[] = [];
  for (const [i, name] of PEOPLE.entries()) {
    const sourcer = sourcers[i % sourcers.length];
    const skills = SKILLSETS[i % SKILLSETS.length];
    const candidate = await call(sourcer, 'POST', '/v1/candidates', { name: `${name} ${RUN}` });
    const form = new FormData();
    form.append('file', new Blob([cv(name, i, skills)], { type: 'text/plain' }), `${name.split(' ')[1].toLowerCase()}-cv.txt`);
    const upload = await call(sourcer, 'POST', `/v1/candidates/${candidate.id}/cv`, form);
    people.push({ candidateId: candidate.id, uploadId: upload.id, sourcer, name, skills, i });
  }
  // Submit once the CVs are read, so the AI check sees the parsed profiles.
  const uploads = new Set(people.map((p) => p.uploadId));
  await waitUntil('CV processing', async () => (await countIn(admin, '/v1/admin/uploads', 'queued', uploads)) + (await countIn(admin, '/v1/admin/uploads', 'processing', uploads)) === 0);
  const submissions: { id: string; job: (typeof jobs)[number]; sourcer: string }[] = [];
  for (const p of people) {
    // Skill sets 0-5 fit roles 0-5; each person also tries a role that fits less well.
    const fit = p.i % SKILLSETS.length;
    for (const job of [jobs[fit % jobs.length], jobs[(fit + 2) % jobs.length]]) {
      const created = await call(p.sourcer, 'POST', '/v1/submissions', { jobId: job.id, candidateId: p.candidateId, pitch: `${p.name} knows ${p.skills.slice(0, 2).join(' and ')}.` }, [201, 409]);
      if (created?.id) submissions.push({ id: created.id, job, sourcer: p.sourcer });
    }
  }
  console.log(`seed: ${COMPANIES.length} companies, ${jobs.length + 3} jobs, ${PEOPLE.length} candidates with CVs, ${submissions.length} submissions; waiting for the AI check...`);

  const submitted = new Set(submissions.map((x) => x.id));
  await waitUntil('the AI check', async () => (await countIn(admin, '/v1/admin/submissions', 'submitted', submitted)) === 0);

  // Employers decide on what was delivered: every later stage and every reason appears.
  const plan = ['shortlisted', 'contacted', 'interviewing', 'hired', 'dq:not_quite_right', 'dq:already_connected', 'dq:totally_irrelevant', 'keep'];
  let n = 0;
  for (const s of submissions) {
    const current = (await call(admin, 'GET', `/v1/submissions/${s.id}`)).status as string;
    if (current !== 'delivered') continue;
    const step = plan[n++ % plan.length];
    if (step === 'keep') continue;
    if (step.startsWith('dq:')) {
      await call(s.job.employer, 'POST', `/v1/submissions/${s.id}/moves`, { to: 'disqualified', reason: step.slice(3) });
      continue;
    }
    for (const to of ['shortlisted', 'contacted', 'interviewing', 'hired']) {
      await call(s.job.employer, 'POST', `/v1/submissions/${s.id}/moves`, { to });
      if (to === step) break;
    }
  }
  const withdrawable = submissions.find((x) => x);
  if (withdrawable) await call(withdrawable.sourcer, 'POST', `/v1/submissions/${withdrawable.id}/moves`, { to: 'withdrawn' }, [200, 409]);
  console.log(`seed: done${payments ? ' (with 20 demo credits per company)' : ' (payments are off: no credits or payouts)'}. Open ${BASE}/admin/ and sign in as admin.`);
}

main().catch((error: unknown) => {
  console.error(`seed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
