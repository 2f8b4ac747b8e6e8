// A worker killed with SIGKILL in the middle of processing a CV: once another worker takes the
// job over (after the lock lapses), the upload still ends processed, exactly once.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { MongoClient } from 'mongodb';
import { loadConfig } from '../../src/config/config-loader.js';
import { runScript, startTestApi, type TestApi } from '../support/apps.js';
import { makePdf } from '../support/cv-files.js';
import { testEnv } from '../support/env.js';
import { makeCandidate } from '../support/factories.js';
import { Sessions } from '../support/session.js';
import { waitFor } from '../support/wait.js';
import { CV_LINES, settled, uploadCv } from '../support/uploads.js';

describe('CV processing survives a killed worker', () => {
  const storageDir = fs.mkdtempSync(path.join(os.tmpdir(), 'crowdhire-storage-'));
  const env = testEnv('cvcrash', { STORAGE_LOCAL_DIR: storageDir, WORKER_LOCK_MS: '2000', CV_MAX_PAGES: '400', UPLOAD_MAX_BYTES: String(5 * 1024 * 1024) });
  const config = loadConfig(env);
  let api: TestApi;

  before(async () => {
    api = await startTestApi(config);
  });
  after(async () => {
    await api?.close();
    fs.rmSync(storageDir, { recursive: true, force: true });
  });

  it('ends processed exactly once after SIGKILL mid-processing', { timeout: 90_000 }, async () => {
    const sessions = new Sessions(config, api.url);
    const sourcer = await sessions.asSourcer();
    const candidate = await makeCandidate(sourcer, { name: 'Long CV', contact: { links: [] }, skills: [], experience: [], location: {} });
    // Long enough (about two seconds of extraction) to be caught in the middle.
    const filler = Array.from({ length: 55 }, (_, i) => `Line ${i}: payments platform engineering with TypeScript and PostgreSQL on Kubernetes`);
    const pdf = await makePdf([CV_LINES, ...Array.from({ length: 250 }, () => filler)]);
    const upload = await uploadCv(sourcer, candidate.id, pdf);
    assert.equal(upload.status, 202, JSON.stringify(upload.body));

    const first = runScript('src/worker.js', env);
    await first.ready;
    await waitFor('processing to start', async () => ((await sourcer.get(`/v1/uploads/${upload.body.id}`)).body.status === 'processing' ? true : undefined), 30_000);
    first.child.kill('SIGKILL');
    await first.exit;
    assert.equal((await sourcer.get(`/v1/uploads/${upload.body.id}`)).body.status, 'processing', 'killed before it finished');

    const second = runScript('src/worker.js', env);
    try {
      await second.ready;
      const done = await settled(sourcer, upload.body.id, 60_000);
      assert.equal(done.status, 'processed');
      assert.equal(done.attempts, 2, 'the job ran again after the crash');
      const mongo = await MongoClient.connect(config.MONGODB_URI);
      try {
        const doc = await mongo.db().collection<{ _id: string; completions: number }>('uploads').findOne({ _id: upload.body.id });
        assert.equal(doc?.completions, 1, 'completed exactly once');
      } finally {
        await mongo.close();
      }
      const profile = (await sourcer.get(`/v1/candidates/${candidate.id}`)).body;
      assert.deepEqual(profile.parsed.emails, ['jane.roe@example.org']);
      assert.deepEqual(profile.skills, ['TypeScript', 'PostgreSQL', 'Kubernetes']);
    } finally {
      second.child.kill('SIGTERM');
      await second.exit;
    }
  });

  it('settles an upload whose worker crashed on it twice as failed, with a reason, and an admin can retry it', { timeout: 120_000 }, async () => {
    const sessions = new Sessions(config, api.url);
    const sourcer = await sessions.asSourcer();
    const admin = await sessions.asAdmin();
    const candidate = await makeCandidate(sourcer, { name: 'Crash Twice', skills: [], experience: [] });
    const filler = Array.from({ length: 55 }, (_, i) => `Line ${i}: payments platform engineering with TypeScript and PostgreSQL on Kubernetes`);
    const pdf = await makePdf([CV_LINES, ...Array.from({ length: 250 }, () => filler)]);
    const upload = await uploadCv(sourcer, candidate.id, pdf);
    assert.equal(upload.status, 202, JSON.stringify(upload.body));
    const attempts = async () => (await admin.get(`/v1/uploads/${upload.body.id}`)).body.attempts as number;

    for (const attempt of [1, 2]) {
      const worker = runScript('src/worker.js', env);
      await worker.ready;
      await waitFor(`attempt ${attempt} to start`, async () => ((await attempts()) >= attempt ? true : undefined), 30_000);
      worker.child.kill('SIGKILL');
      await worker.exit;
    }
    assert.equal((await admin.get(`/v1/uploads/${upload.body.id}`)).body.status, 'processing', 'killed twice before it finished');

    const last = runScript('src/worker.js', env);
    try {
      await last.ready;
      const failed = await settled(sourcer, upload.body.id, 45_000);
      assert.equal(failed.status, 'failed', 'not left processing');
      assert.equal(failed.failure.reason, 'STALLED');
      assert.match(failed.failure.message, /retry/);
      const listed = (await admin.get('/v1/admin/uploads?status=failed')).body.items.map((u: any) => u.id);
      assert.ok(listed.includes(upload.body.id), 'admins find it among the failures');

      assert.equal((await sourcer.post(`/v1/admin/uploads/${upload.body.id}/retry`)).status, 403);
      const retried = await admin.post(`/v1/admin/uploads/${upload.body.id}/retry`);
      assert.equal(retried.status, 202, JSON.stringify(retried.body));
      assert.equal(retried.body.status, 'queued');
      assert.equal((await admin.post(`/v1/admin/uploads/${upload.body.id}/retry`)).body.code, 'UPLOAD_NOT_FAILED');
      assert.equal((await settled(sourcer, upload.body.id, 60_000)).status, 'processed');
    } finally {
      last.child.kill('SIGTERM');
      await last.exit;
    }
  });
});
