// Data factories over the HTTP API: a test says what matters to it and takes defaults for the rest.
import { randomBytes } from 'node:crypto';
import type { Session } from './session.js';

let counter = 0;
const unique = () => `${++counter}-${randomBytes(3).toString('hex')}`;

function ok<T>(res: { status: number; body: T }, expected: number, what: string): T {
  if (res.status !== expected) throw new Error(`${what}: expected ${expected}, got ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export function jobBody(overrides: Record<string, unknown> = {}) {
  return {
    title: 'Senior Backend Engineer',
    description: 'Build our payments platform in TypeScript and PostgreSQL.',
    workplace: 'remote',
    seniority: 'senior',
    location: { city: 'Berlin', country: 'DE' },
    salary: { min: 8_000_000, max: 11_000_000, currency: 'EUR' },
    mustHave: [{ skill: 'TypeScript', minYears: 3 }],
    niceToHave: [{ skill: 'PostgreSQL' }],
    languages: ['English'],
    ...overrides,
  };
}

export async function makeJob(employer: Session, overrides: Record<string, unknown> = {}, publish = true): Promise<any> {
  const job = ok(await employer.post('/v1/jobs', jobBody(overrides)), 201, 'create job');
  return publish ? ok(await employer.post(`/v1/jobs/${job.id}/publish`), 200, 'publish job') : job;
}

export function candidateBody(overrides: Record<string, unknown> = {}) {
  const id = unique();
  return {
    name: `Jane Doe ${id}`,
    contact: { email: `jane.${id}@example.com`, phone: `+49 30 ${String(Math.floor(1e6 + Math.random() * 8e6))}`, links: [`https://www.linkedin.com/in/jane-${id}`] },
    location: { city: 'Berlin', country: 'DE' },
    skills: ['TypeScript', 'PostgreSQL'],
    experience: [{ title: 'Backend Engineer', company: 'Acme', start: '2018-01', end: '2024-06' }],
    summary: 'Backend engineer with payments experience.',
    ...overrides,
  };
}

export async function makeCandidate(sourcer: Session, overrides: Record<string, unknown> = {}): Promise<any> {
  return ok(await sourcer.post('/v1/candidates', candidateBody(overrides)), 201, 'create candidate');
}

export async function submit(sourcer: Session, jobId: string, candidateId: string): Promise<any> {
  return ok(await sourcer.post('/v1/submissions', { jobId, candidateId, pitch: 'Strong match.' }), 201, 'submit');
}

export async function move(session: Session, submissionId: string, to: string, reason?: string): Promise<any> {
  return ok(await session.post(`/v1/submissions/${submissionId}/moves`, reason ? { to, reason } : { to }), 200, `move to ${to}`);
}
