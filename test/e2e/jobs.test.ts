// Jobs end to end: employers write and move their company's jobs; sourcers search published
// ones with filters, full text and cursor pages; the cache never serves a stale read.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApi, type TestApi } from '../support/apps.js';
import { testConfig } from '../support/env.js';
import { jobBody, makeJob } from '../support/factories.js';
import { type Session, Sessions } from '../support/session.js';

describe('jobs', () => {
  let api: TestApi;
  let other: TestApi;
  let sessions: Sessions;
  let employer: Session;
  let sourcer: Session;

  before(async () => {
    const config = testConfig('jobs');
    [api, other] = await Promise.all([startTestApi(config), startTestApi(config)]);
    sessions = new Sessions(config, api.url);
    ({ employer } = await sessions.makeCompany());
    sourcer = await sessions.asSourcer();
  });
  after(() => Promise.all([api?.close(), other?.close()]));

  it('creates a draft in the employer’s company, invisible to sourcers until published', async () => {
    const draft = await makeJob(employer, {}, false);
    assert.equal(draft.status, 'draft');
    assert.equal((await sourcer.get(`/v1/jobs/${draft.id}`)).status, 404);
    const published = await employer.post(`/v1/jobs/${draft.id}/publish`);
    assert.equal(published.body.status, 'published');
    assert.ok(published.body.publishedAt);
    assert.equal((await sourcer.get(`/v1/jobs/${draft.id}`)).status, 200);
    assert.deepEqual(published.body.history.map((h: { to: string }) => h.to), ['draft', 'published']);
  });

  it('refuses mass assignment of status, company or owner', async () => {
    const res = await employer.post('/v1/jobs', { ...jobBody(), status: 'published', companyId: 'x', createdBy: 'y' });
    assert.equal(res.status, 400);
    assert.deepEqual(res.body.details.map((d: { field: string }) => d.field).sort(), ['companyId', 'createdBy', 'status']);
    assert.equal((await employer.patch(`/v1/jobs/${(await makeJob(employer)).id}`, { status: 'closed' })).status, 400);
  });

  it('validates a job: salary band order, currency, seniority', async () => {
    const res = await employer.post('/v1/jobs', jobBody({ salary: { min: 10, max: 5, currency: 'euro' }, seniority: 'god' }));
    assert.equal(res.status, 400);
    assert.deepEqual(res.body.details.map((d: { field: string }) => d.field).sort(), ['salary.currency', 'salary.max', 'seniority']);
  });

  it('moves draft -> published -> paused -> published -> closed and answers 409 to an invalid move', async () => {
    const job = await makeJob(employer);
    assert.equal((await employer.post(`/v1/jobs/${job.id}/pause`)).body.status, 'paused');
    assert.equal((await employer.post(`/v1/jobs/${job.id}/publish`)).body.status, 'published');
    assert.equal((await employer.post(`/v1/jobs/${job.id}/close`)).body.status, 'closed');
    const invalid = await employer.post(`/v1/jobs/${job.id}/publish`);
    assert.equal(invalid.status, 409);
    assert.equal(invalid.body.code, 'INVALID_JOB_TRANSITION');
    assert.deepEqual(invalid.body.details, { from: 'closed', to: 'published' });
    const edit = await employer.patch(`/v1/jobs/${job.id}`, { title: 'Too late' });
    assert.equal(edit.body.code, 'JOB_CLOSED');
  });

  it('keeps another company’s jobs out of reach (404)', async () => {
    const job = await makeJob(employer, {}, false);
    const { employer: rival } = await sessions.makeCompany();
    assert.equal((await rival.get(`/v1/jobs/${job.id}`)).status, 404);
    assert.equal((await rival.patch(`/v1/jobs/${job.id}`, { title: 'Mine now' })).status, 404);
    assert.equal((await rival.post(`/v1/jobs/${job.id}/publish`)).status, 404);
    assert.ok(!(await rival.get('/v1/jobs?limit=100')).body.items.some((j: { id: string }) => j.id === job.id));
  });

  it('reads its own write through the cache, on this instance and another', async () => {
    const job = await makeJob(employer);
    // Warm both instances' view of the job and the published list.
    assert.equal((await sourcer.get(`/v1/jobs/${job.id}`)).body.title, job.title);
    assert.equal((await sourcer.on(other.url).get(`/v1/jobs/${job.id}`)).body.title, job.title);
    await sourcer.get('/v1/jobs?limit=100');
    const edited = await employer.on(other.url).patch(`/v1/jobs/${job.id}`, { title: 'Staff Engineer (edited)' });
    assert.equal(edited.status, 200);
    assert.equal((await sourcer.get(`/v1/jobs/${job.id}`)).body.title, 'Staff Engineer (edited)');
    assert.equal((await employer.get(`/v1/jobs/${job.id}`)).body.title, 'Staff Engineer (edited)');
    const list = await sourcer.get('/v1/jobs?limit=100');
    assert.equal(list.body.items.find((j: { id: string }) => j.id === job.id)?.title, 'Staff Engineer (edited)');
    await employer.post(`/v1/jobs/${job.id}/pause`);
    assert.ok(!(await sourcer.on(other.url).get('/v1/jobs?limit=100')).body.items.some((j: { id: string }) => j.id === job.id), 'paused jobs leave the list at once');
  });

  it('counts cache hits and misses in /metrics', async () => {
    const job = await makeJob(employer);
    await sourcer.get(`/v1/jobs/${job.id}`);
    await sourcer.get(`/v1/jobs/${job.id}`);
    const metrics = await (await fetch(`${api.url}/metrics`)).text();
    assert.match(metrics, /cache_requests_total\{family="job",result="hit"\} [1-9]/);
    assert.match(metrics, /cache_requests_total\{family="job",result="miss"\} [1-9]/);
  });
});

describe('job search', () => {
  let api: TestApi;
  let sourcer: Session;
  const ids: Record<string, string> = {};

  before(async () => {
    const config = testConfig('jobsearch');
    api = await startTestApi(config);
    const sessions = new Sessions(config, api.url);
    const { employer } = await sessions.makeCompany();
    sourcer = await sessions.asSourcer();
    const specs: Record<string, Record<string, unknown>> = {
      goBerlin: { title: 'Go developer', description: 'Distributed systems in Go', workplace: 'onsite', seniority: 'mid', location: { city: 'Berlin', country: 'DE' }, mustHave: [{ skill: 'Go' }], niceToHave: [] },
      reactRemote: { title: 'Frontend engineer', description: 'React and design systems', workplace: 'remote', seniority: 'senior', location: {}, mustHave: [{ skill: 'React' }], niceToHave: [{ skill: 'TypeScript' }] },
      dataMunich: { title: 'Data engineer', description: 'Pipelines with Python and Spark', workplace: 'hybrid', seniority: 'senior', location: { city: 'Munich', country: 'DE' }, mustHave: [{ skill: 'Python' }], niceToHave: [{ skill: 'Spark' }] },
      tsLisbon: { title: 'TypeScript backend engineer', description: 'Node.js services', workplace: 'remote', seniority: 'junior', location: { city: 'Lisbon', country: 'PT' }, mustHave: [{ skill: 'TypeScript' }], niceToHave: [] },
    };
    for (const [name, spec] of Object.entries(specs)) ids[name] = (await makeJob(employer, spec)).id;
    ids.draft = (await makeJob(employer, { title: 'Secret Go draft', mustHave: [{ skill: 'Go' }] }, false)).id;
  });
  after(() => api?.close());

  const search = async (query: string) => {
    const res = await sourcer.get(`/v1/jobs?${query}`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return (res.body.items as { id: string }[]).map((j) => j.id);
  };
  const named = (...names: string[]) => names.map((n) => ids[n]);

  it('filters by skill (any case), location, remote and seniority; never shows drafts', async () => {
    assert.deepEqual(await search('skill=go'), named('goBerlin'));
    assert.deepEqual(await search('skill=golang'), named('goBerlin'), 'aliases from the skills taxonomy');
    assert.deepEqual((await search('skill=ts')).sort(), named('reactRemote', 'tsLisbon').sort());
    assert.deepEqual((await search('skill=TYPESCRIPT')).sort(), named('reactRemote', 'tsLisbon').sort());
    assert.deepEqual((await search('location=mun')).sort(), named('dataMunich'));
    assert.deepEqual((await search('location=DE')).sort(), named('goBerlin', 'dataMunich').sort());
    assert.deepEqual((await search('remote=true')).sort(), named('reactRemote', 'tsLisbon').sort());
    assert.deepEqual((await search('remote=false&seniority=senior')).sort(), named('dataMunich'));
  });

  it('searches title and description in full text', async () => {
    assert.deepEqual(await search('q=spark'), named('dataMunich'));
    assert.deepEqual(await search('q=distributed'), named('goBerlin'));
  });

  it('escapes user regex and rejects MongoDB operators', async () => {
    assert.deepEqual(await search(`location=${encodeURIComponent('.*')}`), []);
    const op = await sourcer.get('/v1/jobs?skill[$ne]=x');
    assert.equal(op.status, 400);
    assert.equal(op.body.code, 'MONGO_OPERATOR_REJECTED');
    const body = await sourcer.post('/v1/candidates', { name: 'x', contact: { email: { $ne: null } } });
    assert.equal(body.status, 400);
    assert.equal(body.body.code, 'MONGO_OPERATOR_REJECTED');
    const where = await sourcer.post('/v1/candidates', { name: 'x', $where: 'sleep(1000)' });
    assert.equal(where.body.code, 'MONGO_OPERATOR_REJECTED');
  });

  it('pages newest first with a stable cursor and no duplicates', async () => {
    const all = await search('limit=100');
    assert.deepEqual(all, named('tsLisbon', 'dataMunich', 'reactRemote', 'goBerlin'));
    const first = await sourcer.get('/v1/jobs?limit=3');
    assert.equal(first.body.items.length, 3);
    const second = await sourcer.get(`/v1/jobs?limit=3&cursor=${first.body.nextCursor}`);
    assert.deepEqual([...first.body.items, ...second.body.items].map((j: { id: string }) => j.id), all);
    assert.equal(second.body.nextCursor, null);
  });
});
