// Candidates and submissions end to end: ownership of a person per company (one winner in a
// race, nothing revealed to the loser), the pipeline with recorded moves, caps by quality,
// contact visibility, and candidates' rights (export, erasure that keeps statistics).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApi, type TestApi } from '../support/apps.js';
import { testConfig } from '../support/env.js';
import { candidateBody, makeCandidate, makeJob, move, submit } from '../support/factories.js';
import { type Session, Sessions } from '../support/session.js';

describe('candidates and submissions', () => {
  let api: TestApi;
  let sessions: Sessions;
  let admin: Session;
  let employer: Session;
  let companyId: string;
  let sourcer: Session;

  before(async () => {
    const config = testConfig('submissions', { SUBMISSION_CAP_NEW: '3' });
    api = await startTestApi(config);
    sessions = new Sessions(config, api.url);
    admin = await sessions.asAdmin();
    ({ id: companyId, employer } = await sessions.makeCompany());
    sourcer = await sessions.asSourcer();
  });
  after(() => api?.close());

  it('keeps a sourcer’s candidates to themselves', async () => {
    const candidate = await makeCandidate(sourcer);
    assert.equal(candidate.contact.email.startsWith('jane.'), true);
    const rival = await sessions.asSourcer();
    assert.equal((await rival.get(`/v1/candidates/${candidate.id}`)).status, 404);
    assert.equal((await rival.patch(`/v1/candidates/${candidate.id}`, { name: 'Stolen' })).status, 404);
    assert.ok(!(await rival.get('/v1/candidates')).body.items.some((c: { id: string }) => c.id === candidate.id));
    assert.equal((await employer.get(`/v1/candidates/${candidate.id}`)).status, 404, 'not delivered to the employer');
    assert.equal((await sourcer.post('/v1/candidates', { ...candidateBody(), ownerId: 'someone', fingerprints: [] })).status, 400);
  });

  it('lets exactly one of two racing sourcers represent a person; the other learns only that', async () => {
    const job = await makeJob(employer);
    const [a, b] = [await sessions.asSourcer(), await sessions.asSourcer()];
    // Same person, found by both: one has her email, the other her gmail variant and LinkedIn.
    const ca = await makeCandidate(a, { contact: { email: 'maria.lopez@gmail.com', links: [] } });
    const cb = await makeCandidate(b, { contact: { email: 'Maria.Lopez+jobs@googlemail.com', links: ['https://linkedin.com/in/marialopez'] } });
    const results = await Promise.all([
      a.post('/v1/submissions', { jobId: job.id, candidateId: ca.id, pitch: 'A' }),
      b.post('/v1/submissions', { jobId: job.id, candidateId: cb.id, pitch: 'B' }),
    ]);
    assert.deepEqual(results.map((r) => r.status).sort(), [201, 409]);
    const loser = results.find((r) => r.status === 409)!;
    assert.equal(loser.body.code, 'CANDIDATE_ALREADY_REPRESENTED');
    assert.equal(loser.body.details, undefined);
    assert.doesNotMatch(JSON.stringify(loser.body), new RegExp(`${a.sub}|${b.sub}|${ca.id}|${cb.id}`), 'reveals nothing about the owner');
    // The same person to another job of the same company: still represented by the winner.
    const job2 = await makeJob(employer);
    const loserSession = results[0].status === 409 ? a : b;
    const loserCandidate = results[0].status === 409 ? ca : cb;
    assert.equal((await loserSession.post('/v1/submissions', { jobId: job2.id, candidateId: loserCandidate.id, pitch: 'again' })).body.code, 'CANDIDATE_ALREADY_REPRESENTED');
    // Another company is free to receive her from the other sourcer.
    const { employer: other } = await sessions.makeCompany();
    const otherJob = await makeJob(other);
    assert.equal((await loserSession.post('/v1/submissions', { jobId: otherJob.id, candidateId: loserCandidate.id, pitch: 'x' })).status, 201);
  });

  it('refuses a submission to a job that is not published, and a second one of the same person', async () => {
    const draft = await makeJob(employer, {}, false);
    const candidate = await makeCandidate(sourcer);
    assert.equal((await sourcer.post('/v1/submissions', { jobId: draft.id, candidateId: candidate.id, pitch: 'x' })).status, 404);
    const job = await makeJob(employer);
    await employer.post(`/v1/jobs/${job.id}/pause`);
    assert.equal((await sourcer.post('/v1/submissions', { jobId: job.id, candidateId: candidate.id, pitch: 'x' })).body.code, 'JOB_NOT_OPEN');
    await employer.post(`/v1/jobs/${job.id}/publish`);
    await submit(sourcer, job.id, candidate.id);
    assert.equal((await sourcer.post('/v1/submissions', { jobId: job.id, candidateId: candidate.id, pitch: 'x' })).body.code, 'ALREADY_SUBMITTED');
  });

  it('moves through the pipeline, recording who and when, and refuses invalid moves', async () => {
    const job = await makeJob(employer);
    const candidate = await makeCandidate(sourcer);
    const s = await submit(sourcer, job.id, candidate.id);
    assert.equal(s.status, 'submitted');
    assert.equal((await employer.get(`/v1/submissions/${s.id}`)).status, 404, 'employers see only delivered submissions');
    const forbidden = await employer.post(`/v1/submissions/${s.id}/moves`, { to: 'delivered' });
    assert.equal(forbidden.status, 404);
    await move(admin, s.id, 'delivered');
    assert.equal((await sourcer.post(`/v1/submissions/${s.id}/moves`, { to: 'shortlisted' })).status, 403, 'sourcers may only withdraw');
    const skip = await employer.post(`/v1/submissions/${s.id}/moves`, { to: 'hired' });
    assert.equal(skip.status, 409);
    assert.equal(skip.body.code, 'INVALID_STAGE_MOVE');
    for (const to of ['shortlisted', 'contacted', 'interviewing', 'hired']) await move(employer, s.id, to);
    const final = (await employer.get(`/v1/submissions/${s.id}`)).body;
    assert.deepEqual(final.history.map((h: { to: string }) => h.to), ['submitted', 'delivered', 'shortlisted', 'contacted', 'interviewing', 'hired']);
    assert.deepEqual(final.history.map((h: { role: string }) => h.role), ['sourcer', 'admin', 'employer', 'employer', 'employer', 'employer']);
    assert.ok(final.history.every((h: { by: string; at: string }) => h.by && !Number.isNaN(Date.parse(h.at))));
    assert.equal((await employer.post(`/v1/submissions/${s.id}/moves`, { to: 'disqualified', reason: 'not_quite_right' })).body.code, 'INVALID_STAGE_MOVE');
  });

  it('needs a known reason to disqualify, and shows contacts to the employer only once delivered', async () => {
    const job = await makeJob(employer);
    const candidate = await makeCandidate(sourcer);
    const s = await submit(sourcer, job.id, candidate.id);
    await move(admin, s.id, 'delivered');
    const seen = await employer.get(`/v1/candidates/${candidate.id}`);
    assert.equal(seen.status, 200);
    assert.equal(seen.body.contact.email, candidate.contact.email);
    assert.equal((await employer.post(`/v1/submissions/${s.id}/moves`, { to: 'disqualified' })).body.code, 'REASON_REQUIRED');
    assert.equal((await employer.post(`/v1/submissions/${s.id}/moves`, { to: 'disqualified', reason: 'meh' })).status, 400);
    const dq = await move(employer, s.id, 'disqualified', 'already_connected');
    assert.equal(dq.disqualificationReason, 'already_connected');
  });

  it('caps a sourcer’s open submissions per job by quality, and frees a slot on withdrawal', async () => {
    const capped = await sessions.asSourcer();
    const job = await makeJob(employer);
    const subs = [];
    for (let i = 0; i < 3; i++) subs.push(await submit(capped, job.id, (await makeCandidate(capped)).id));
    const over = await capped.post('/v1/submissions', { jobId: job.id, candidateId: (await makeCandidate(capped)).id, pitch: 'one more' });
    assert.equal(over.status, 409);
    assert.equal(over.body.code, 'SUBMISSION_CAP_REACHED');
    assert.equal(over.body.details.cap, 3);
    const stats = (await capped.get('/v1/sourcers/me/stats')).body;
    assert.equal(stats.tier, 'new');
    assert.equal(stats.capPerJob, 3);
    assert.equal(stats.counts.open, 3);
    await move(capped, subs[0].id, 'withdrawn');
    assert.equal((await capped.post('/v1/submissions', { jobId: job.id, candidateId: (await makeCandidate(capped)).id, pitch: 'now' })).status, 201);
  });

  it('does not count a race of first submissions to a job as reaching the cap', async () => {
    for (let round = 0; round < 5; round++) {
      const racer = await sessions.asSourcer();
      const job = await makeJob(employer);
      const people = await Promise.all([0, 1, 2].map(() => makeCandidate(racer)));
      // Three first submissions at once (the cap is 3): the slot document is created by one of them.
      const replies = await Promise.all(people.map((p) => racer.post('/v1/submissions', { jobId: job.id, candidateId: p.id, pitch: 'race' })));
      assert.deepEqual(replies.map((r) => r.status), [201, 201, 201], JSON.stringify(replies.map((r) => r.body.code)));
    }
  });

  it('reports disqualification shares against the thresholds, to the sourcer and admins', async () => {
    const s2 = await sessions.asSourcer();
    const job = await makeJob(employer);
    const reasons = ['not_quite_right', 'totally_irrelevant', null];
    for (const reason of reasons) {
      const s = await submit(s2, job.id, (await makeCandidate(s2)).id);
      await move(admin, s.id, 'delivered');
      if (reason) await move(employer, s.id, 'disqualified', reason);
    }
    const mine = (await s2.get('/v1/sourcers/me/stats')).body;
    assert.equal(mine.decided, 3);
    assert.equal(mine.acceptanceRate, 1);
    assert.deepEqual(mine.shares, { already_connected: 0, not_quite_right: 1 / 3, totally_irrelevant: 1 / 3 });
    assert.deepEqual(mine.thresholds, { not_quite_right: 0.25, totally_irrelevant: 0.035 });
    const viaAdmin = (await admin.get(`/v1/sourcers/${mine.sourcerId}/stats`)).body;
    assert.deepEqual(viaAdmin, mine);
    assert.equal((await s2.get(`/v1/sourcers/${mine.sourcerId}/stats`)).status, 403);
  });

  it('exports everything about a person and erases it, keeping statistics intact', async () => {
    const s3 = await sessions.asSourcer();
    const job = await makeJob(employer);
    const candidate = await makeCandidate(s3, { contact: { email: 'erase.me@example.com', links: [] } });
    const s = await submit(s3, job.id, candidate.id);
    await move(admin, s.id, 'delivered');
    await move(employer, s.id, 'disqualified', 'not_quite_right');
    const before = (await s3.get('/v1/sourcers/me/stats')).body;

    const exported = await s3.get(`/v1/candidates/${candidate.id}/export`);
    assert.equal(exported.status, 200);
    assert.equal(exported.body.candidate.contact.email, 'erase.me@example.com');
    assert.equal(exported.body.submissions[0].pitch, 'Strong match.');
    assert.equal(exported.body.candidate.fingerprints, undefined);
    assert.equal((await employer.get(`/v1/candidates/${candidate.id}/export`)).status, 403);

    // Read it once so the erasure must also clear the cached profile.
    assert.equal((await employer.get(`/v1/candidates/${candidate.id}`)).body.name, candidate.name);
    assert.equal((await s3.delete(`/v1/candidates/${candidate.id}`)).status, 204);
    const after = (await s3.get(`/v1/candidates/${candidate.id}`)).body;
    assert.equal(after.name, 'Erased candidate');
    assert.deepEqual(after.contact, { links: [] });
    assert.ok(after.erasedAt);
    assert.equal((await employer.get(`/v1/candidates/${candidate.id}`)).body.name, 'Erased candidate');
    const sub = (await admin.get(`/v1/submissions/${s.id}`)).body;
    assert.equal(sub.pitch, null);
    assert.equal(sub.status, 'disqualified');
    assert.deepEqual((await s3.get('/v1/sourcers/me/stats')).body, before, 'statistics unchanged');
    assert.equal((await s3.delete(`/v1/candidates/${candidate.id}`)).status, 204, 'erasure is repeatable');

    // Ownership went with the person: someone else may now submit her to that company.
    const other = await sessions.asSourcer();
    const again = await makeCandidate(other, { contact: { email: 'erase.me@example.com', links: [] } });
    assert.equal((await other.post('/v1/submissions', { jobId: (await makeJob(employer)).id, candidateId: again.id, pitch: 'x' })).status, 201);
    void companyId;
  });
});
