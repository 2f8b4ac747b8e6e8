// Companies: admins create them and attach employers; an employer sees their own company and
// nothing of another's; membership changes reach every API instance at once.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { AppConfig } from '../../src/config/app-config.js';
import { startTestApi, type TestApi } from '../support/apps.js';
import { testConfig } from '../support/env.js';
import { type Session, Sessions } from '../support/session.js';

describe('companies', () => {
  let config: AppConfig;
  let api: TestApi;
  let other: TestApi;
  let sessions: Sessions;
  let admin: Session;

  before(async () => {
    config = testConfig('companies');
    [api, other] = await Promise.all([startTestApi(config), startTestApi(config)]);
    sessions = new Sessions(config, api.url);
    admin = await sessions.asAdmin();
  });
  after(() => Promise.all([api?.close(), other?.close()]));

  it('lets an admin create a company and refuses everyone else', async () => {
    const created = await admin.post('/v1/companies', { name: 'Acme', website: 'https://acme.example' });
    assert.equal(created.status, 201);
    assert.equal(created.body.name, 'Acme');
    assert.match(created.body.id, /^[0-9a-f-]{36}$/);
    const employer = await sessions.asEmployer(created.body.id);
    assert.equal((await employer.post('/v1/companies', { name: 'Mine' })).status, 403);
    assert.equal((await (await sessions.asSourcer()).post('/v1/companies', { name: 'Mine' })).status, 403);
  });

  it('validates the body and rejects unknown properties', async () => {
    const res = await admin.post('/v1/companies', { name: '', createdBy: 'me' });
    assert.equal(res.status, 400);
    assert.equal(res.body.code, 'VALIDATION_FAILED');
    assert.deepEqual(res.body.details.map((d: { field: string }) => d.field).sort(), ['createdBy', 'name']);
  });

  it('attaches an employer who has not signed in yet; /v1/me then shows the company on every instance', async () => {
    const { body: company } = await admin.post('/v1/companies', { name: 'Globex' });
    const employer = await sessions.asEmployer(undefined, { sub: 'auth0|hank' });
    assert.equal((await employer.get('/v1/me')).body.company, null, 'not a member yet');
    // Read through the other instance too, so both have the user cached before the change.
    assert.equal((await employer.on(other.url).get('/v1/me')).body.company, null);

    const attached = await admin.post(`/v1/companies/${company.id}/employers`, { sub: 'auth0|hank' });
    assert.equal(attached.status, 200);
    assert.equal(attached.body.companyId, company.id);

    for (const url of [api.url, other.url]) {
      const me = await employer.on(url).get('/v1/me');
      assert.deepEqual(me.body.company, { id: company.id, name: 'Globex', website: null, createdAt: company.createdAt });
      assert.equal((await employer.on(url).get(`/v1/companies/${company.id}`)).status, 200);
    }
    const members = await employer.get(`/v1/companies/${company.id}/employers`);
    assert.deepEqual(members.body.items.map((u: { sub: string }) => u.sub), ['auth0|hank']);

    assert.equal((await admin.delete(`/v1/companies/${company.id}/employers/${attached.body.id}`)).status, 204);
    assert.equal((await employer.on(other.url).get('/v1/me')).body.company, null);
    assert.equal((await employer.on(other.url).get(`/v1/companies/${company.id}`)).status, 404);
    assert.equal((await admin.delete(`/v1/companies/${company.id}/employers/${attached.body.id}`)).body.code, 'EMPLOYER_NOT_FOUND');
  });

  it('gives the company from the token claim (npm run token --company)', async () => {
    const { id, employer } = await sessions.makeCompany('Initech');
    const me = await employer.get('/v1/me');
    assert.equal(me.body.company.id, id);
    assert.equal(me.body.company.name, 'Initech');
  });

  it('answers 404, not 403, for another company: employer A cannot see or change B', async () => {
    const a = await sessions.makeCompany('A Corp');
    const b = await sessions.makeCompany('B Corp');
    const res = await a.employer.get(`/v1/companies/${b.id}`);
    assert.equal(res.status, 404);
    assert.equal(res.body.code, 'COMPANY_NOT_FOUND');
    const missing = await a.employer.get('/v1/companies/00000000-0000-0000-0000-000000000000');
    assert.deepEqual({ status: missing.status, code: missing.body.code }, { status: res.status, code: res.body.code }, 'indistinguishable from a missing id');
    assert.equal((await a.employer.get(`/v1/companies/${b.id}/employers`)).status, 404);
    assert.equal((await a.employer.post(`/v1/companies/${b.id}/employers`, { sub: 'auth0|mole' })).status, 403);
  });

  it('pages the company list with an opaque cursor, in a stable order', async () => {
    for (let i = 0; i < 5; i++) await admin.post('/v1/companies', { name: `Paged ${i}` });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { status: number; body: { items: { id: string }[]; nextCursor: string | null } } = await admin.get(
        `/v1/companies?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      assert.equal(page.status, 200);
      assert.ok(page.body.items.length <= 2);
      seen.push(...page.body.items.map((c) => c.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    const all = (await admin.get('/v1/companies?limit=100')).body.items.map((c: { id: string }) => c.id);
    assert.deepEqual(seen, all);
    assert.equal(new Set(seen).size, seen.length);
    assert.equal((await admin.get('/v1/companies?cursor=garbage')).body.code, 'INVALID_CURSOR');
    assert.equal((await admin.get('/v1/companies?limit=5000')).status, 200, 'page sizes are clamped, not refused');
    assert.equal((await admin.get('/v1/companies?limit=abc')).status, 400);
  });
});
