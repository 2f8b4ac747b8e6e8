// Contact details must not leak through match evidence: a CV with an email, a phone number,
// a profile link and the person's name, never submitted to company B, appears in B's job
// matches without any of them, while B still gets 404 for the candidate itself.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RunningWorker } from '../../src/bootstrap/create-worker.js';
import type { AppConfig } from '../../src/config/app-config.js';
import { startTestApi, startTestWorker, type TestApi } from '../support/apps.js';
import { testConfig } from '../support/env.js';
import { makeCandidate, makeJob } from '../support/factories.js';
import { Sessions } from '../support/session.js';
import { settled, uploadCv } from '../support/uploads.js';
import { waitFor } from '../support/wait.js';

describe('match evidence privacy', () => {
  let config: AppConfig;
  let api: TestApi;
  let worker: RunningWorker;
  let sessions: Sessions;

  before(async () => {
    config = testConfig('privacy');
    [api, worker] = await Promise.all([startTestApi(config), startTestWorker(config)]);
    sessions = new Sessions(config, api.url);
  });
  after(async () => {
    await api?.close();
    await worker?.stop();
  });

  it("shows B's employer evidence without email, phone, link or name", async () => {
    const b = await sessions.makeCompany();
    const sourcer = await sessions.asSourcer();
    const person = await makeCandidate(sourcer, { name: 'Quentin Secretson', skills: [], experience: [], summary: undefined, contact: {} });
    const cv = [
      'Quentin Secretson',
      'quentin.secretson@secret-mail.example — +49 30 5550199 — linkedin.com/in/qsecretson',
      'Senior TypeScript engineer building payment services with PostgreSQL since 2016.',
    ].join('\n');
    const upload = await uploadCv(sourcer, person.id, Buffer.from(cv), 'cv.txt');
    assert.equal(upload.status, 202);
    assert.equal((await settled(sourcer, upload.body.id)).status, 'processed');
    const job = await makeJob(b.employer, { mustHave: [{ skill: 'TypeScript' }], niceToHave: [{ skill: 'PostgreSQL' }] });
    const matches = await waitFor('B to see the person in its matches', async () => {
      const res = await b.employer.get(`/v1/jobs/${job.id}/matches`);
      return res.body.items?.some((i: any) => i.candidate.id === person.id) ? res.body : undefined;
    }, 20_000);
    const shown = JSON.stringify(matches);
    for (const leak of ['secret-mail', 'quentin.secretson', '5550199', 'linkedin.com', 'Quentin', 'Secretson']) assert.ok(!shown.includes(leak), `B's matches contain "${leak}": ${shown}`);
    assert.ok(shown.includes('TypeScript'), 'the evidence itself is still there');
    assert.equal((await b.employer.get(`/v1/candidates/${person.id}`)).status, 404);
  });
});
