// CV uploads end to end with a real worker: real PDF and DOCX files become exactly the parsed
// profile they contain; bad files end with the right status code or failure reason while the
// worker stays up; identical files are stored once.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import mongoose from 'mongoose';
import { cachePrefix } from '../../src/common/cache/fenced-redis.store.js';
import { createRedis, RedisKeys, topologyFor } from '../../src/common/redis/redis.js';
import type { RunningWorker } from '../../src/bootstrap/create-worker.js';
import type { AppConfig } from '../../src/config/app-config.js';
import { startTestApi, startTestWorker, type TestApi } from '../support/apps.js';
import {
  makeBlankPdf,
  makeCorruptPdf,
  makeDocx,
  makeDocxBomb,
  makeEncryptedPdf,
  makeExecutable,
  makePdf,
  makePlainZip,
} from '../support/cv-files.js';
import { testConfig } from '../support/env.js';
import { makeCandidate } from '../support/factories.js';
import { type Session, Sessions } from '../support/session.js';
import { CV_LINES, settled, uploadCv } from '../support/uploads.js';

describe('CV uploads', () => {
  let config: AppConfig;
  let api: TestApi;
  let worker: RunningWorker;
  let sessions: Sessions;
  let sourcer: Session;
  const storageDir = fs.mkdtempSync(path.join(os.tmpdir(), 'crowdhire-storage-'));

  before(async () => {
    config = testConfig('uploads', { UPLOAD_MAX_BYTES: String(300 * 1024), DOCX_MAX_UNCOMPRESSED_BYTES: String(2 * 1024 * 1024), STORAGE_LOCAL_DIR: storageDir });
    [api, worker] = await Promise.all([startTestApi(config), startTestWorker(config)]);
    sessions = new Sessions(config, api.url);
    sourcer = await sessions.asSourcer();
  });
  after(async () => {
    await api?.close();
    await worker?.stop();
    fs.rmSync(storageDir, { recursive: true, force: true });
  });

  const blank = () => makeCandidate(sourcer, { name: 'From CV', contact: { links: [] }, skills: [], experience: [], location: {}, summary: undefined });

  for (const [kind, build] of [
    ['PDF', () => makePdf([CV_LINES])],
    ['DOCX', async () => makeDocx(CV_LINES)],
  ] as const) {
    it(`turns a ${kind} into exactly the parsed profile it contains`, async () => {
      const candidate = await blank();
      const res = await uploadCv(sourcer, candidate.id, await build(), `cv.${kind.toLowerCase()}`);
      assert.equal(res.status, 202, JSON.stringify(res.body));
      assert.equal(res.body.status, 'queued');
      const done = await settled(sourcer, res.body.id);
      assert.equal(done.status, 'processed', JSON.stringify(done.failure));
      assert.equal(done.progress, 100);
      const profile = (await sourcer.get(`/v1/candidates/${candidate.id}`)).body;
      const { uploadId, parsedAt, years, ...parsed } = profile.parsed;
      assert.equal(uploadId, res.body.id);
      assert.ok(parsedAt && years > 10);
      assert.deepEqual(parsed, {
        emails: ['jane.roe@example.org'],
        phones: ['+4930901820'],
        links: ['https://linkedin.com/in/jane-roe'],
        skills: ['TypeScript', 'PostgreSQL', 'Kubernetes'],
        experience: [
          { title: 'Senior Software Engineer, Acme GmbH', start: '2020-01' },
          { title: 'Software Developer, Initech', start: '2016-03', end: '2019-12' },
        ],
        location: { city: 'Berlin', country: 'DE' },
      });
      // The empty fields the sourcer left are filled from the CV.
      assert.equal(profile.contact.email, 'jane.roe@example.org');
      assert.deepEqual(profile.skills, ['TypeScript', 'PostgreSQL', 'Kubernetes']);
      assert.deepEqual(profile.location, { city: 'Berlin', country: 'DE' });
    });
  }

  it('never overwrites what the sourcer entered, and stores identical files once', async () => {
    const candidate = await makeCandidate(sourcer, { contact: { email: 'own@example.com', links: [] }, skills: ['Go'] });
    const pdf = await makePdf([CV_LINES]);
    const first = await uploadCv(sourcer, candidate.id, pdf);
    await settled(sourcer, first.body.id);
    const profile = (await sourcer.get(`/v1/candidates/${candidate.id}`)).body;
    assert.equal(profile.contact.email, 'own@example.com');
    assert.deepEqual(profile.skills, ['Go']);
    assert.deepEqual(profile.parsed.emails, ['jane.roe@example.org']);
    const again = await uploadCv(sourcer, (await blank()).id, pdf, 'renamed.pdf');
    assert.equal(again.body.sha256, first.body.sha256);
    assert.equal(fs.readdirSync(path.join(storageDir, 'cv')).filter((f) => !f.endsWith('.tmp')).length >= 1, true);
    assert.equal(fs.existsSync(path.join(storageDir, 'cv', first.body.sha256)), true);
    assert.equal(fs.readdirSync(path.join(storageDir, 'cv')).filter((f) => f === first.body.sha256).length, 1);
  });

  it('refuses wrong types by content, whatever the name says (415)', async () => {
    const candidate = await blank();
    for (const [file, name] of [
      [makeExecutable(), 'cv.pdf'],
      [makePlainZip(), 'cv.docx'],
    ] as const) {
      const res = await uploadCv(sourcer, candidate.id, file, name);
      assert.equal(res.status, 415, name);
      assert.equal(res.body.code, 'UNSUPPORTED_FILE_TYPE');
    }
    const text = await uploadCv(sourcer, candidate.id, Buffer.from(CV_LINES.join('\n')), 'cv.exe');
    assert.equal(text.status, 202, 'plain text is accepted whatever its name');
    assert.equal(text.body.fileName, 'cv.exe');
  });

  it('answers 413 for an oversize file, declared or streamed', async () => {
    const candidate = await blank();
    const big = Buffer.alloc(400 * 1024, 'a');
    const declared = await uploadCv(sourcer, candidate.id, big, 'big.txt');
    assert.equal(declared.status, 413);
    assert.equal(declared.body.code, 'FILE_TOO_LARGE');
    // No Content-Length: the limit is enforced while streaming.
    const boundary = 'x-boundary';
    const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.txt"\r\nContent-Type: text/plain\r\n\r\n`);
    const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
    const chunks = [head, big, tail];
    const stream = new ReadableStream({
      pull(controller) {
        const next = chunks.shift();
        if (next) controller.enqueue(new Uint8Array(next));
        else controller.close();
      },
    });
    const res = await fetch(`${api.url}/v1/candidates/${candidate.id}/cv`, {
      method: 'POST',
      body: stream,
      duplex: 'half',
      headers: { authorization: `Bearer ${sourcer.token}`, 'content-type': `multipart/form-data; boundary=${boundary}` },
    } as RequestInit);
    assert.equal(res.status, 413);
    assert.equal(((await res.json()) as { code: string }).code, 'FILE_TOO_LARGE');
  });

  it('fails unreadable files with a reason, does not retry them, and keeps the worker up', async () => {
    const candidate = await blank();
    const cases: [Buffer, string, string][] = [
      [makeEncryptedPdf(), 'encrypted.pdf', 'ENCRYPTED'],
      [makeCorruptPdf(), 'corrupt.pdf', 'CORRUPT'],
      [makeDocxBomb(20 * 1024 * 1024), 'bomb.docx', 'TOO_LARGE_UNCOMPRESSED'],
      [await makeBlankPdf(2000), 'long.pdf', 'TOO_MANY_PAGES'],
    ];
    for (const [file, name, reason] of cases) {
      const res = await uploadCv(sourcer, candidate.id, file, name);
      assert.equal(res.status, 202, `${name}: ${JSON.stringify(res.body)}`);
      const done = await settled(sourcer, res.body.id);
      assert.equal(done.status, 'failed', name);
      assert.equal(done.failure.reason, reason, name);
      assert.equal(done.attempts, 1, `${name} is not retried`);
    }
    // Nothing else was affected: a good CV still goes through.
    const ok = await uploadCv(sourcer, (await blank()).id, makeDocx(CV_LINES), 'ok.docx');
    assert.equal((await settled(sourcer, ok.body.id)).status, 'processed');
  });

  it('leaves the CV text out of the candidate as read, listed and cached, and keeps it in the export', async () => {
    // Up to CV_MAX_CHARS (200,000) characters that only matching and the export read: a
    // candidate's cached copy, a list page or a match list must not carry it.
    const marker = `Marker${Date.now()}`;
    const candidate = await blank();
    const lines = Array.from({ length: 40 }, (_, i) => `${marker} line ${i}: built payment services in TypeScript on Kubernetes`);
    const res = await uploadCv(sourcer, candidate.id, await makePdf([[...CV_LINES, ...lines]]));
    assert.equal((await settled(sourcer, res.body.id)).status, 'processed');

    const reads: { method: string; args: unknown[] }[] = [];
    mongoose.set('debug', (collection: string, method: string, ...args: unknown[]) => void (collection === 'candidates' && reads.push({ method, args })));
    try {
      assert.equal((await sourcer.get(`/v1/candidates/${candidate.id}`)).status, 200);
      const page = await sourcer.get('/v1/candidates?limit=100');
      assert.equal(page.status, 200);
      assert.ok(page.body.items.some((c: { id: string }) => c.id === candidate.id));
    } finally {
      mongoose.set('debug', false);
    }
    const finds = reads.filter((r) => r.method === 'find' || r.method === 'findOne');
    assert.ok(finds.length >= 2, JSON.stringify(reads));
    for (const { args } of finds) assert.equal((args[1] as { projection?: Record<string, unknown> })?.projection?.cvText, 0, `a read without the CV text: ${JSON.stringify(args)}`);

    const redis = createRedis(topologyFor(config, 'cache'), { name: 'test', forQueues: false });
    await new Promise((resolve) => redis.once('ready', resolve));
    try {
      const key = `${cachePrefix(new RedisKeys(config.REDIS_KEY_PREFIX).prefix)}{candidate:${candidate.id}}`;
      const cached = (await redis.get(key)) ?? '';
      assert.ok(cached?.includes('From CV'), `the candidate is cached under ${key}`);
      assert.ok(!cached.includes(marker), 'the cached copy has no CV text');
    } finally {
      await redis.quit();
    }

    const exported = (await sourcer.get(`/v1/candidates/${candidate.id}/export`)).body;
    assert.ok(String(exported.candidate.cvText).includes(`${marker} line 39`), 'the export has the CV text');
  });

  it('keeps uploads to their owner; admins see failures', async () => {
    const candidate = await blank();
    const res = await uploadCv(sourcer, candidate.id, makeCorruptPdf(), 'bad.pdf');
    await settled(sourcer, res.body.id);
    const other = await sessions.asSourcer();
    assert.equal((await other.get(`/v1/uploads/${res.body.id}`)).status, 404);
    assert.equal((await uploadCv(other, candidate.id, makeDocx(CV_LINES))).status, 404);
    const admin = await sessions.asAdmin();
    const failed = (await admin.get('/v1/admin/uploads?status=failed&limit=100')).body.items;
    assert.ok(failed.some((u: { id: string; failure: { reason: string } }) => u.id === res.body.id && u.failure.reason === 'CORRUPT'));
  });

  it('deletes stored files when the candidate is erased, unless another upload uses them', async () => {
    const unique = await makePdf([[...CV_LINES, `unique ${Date.now()}`]]);
    const [candidate, twin] = [await blank(), await blank()];
    const res = await uploadCv(sourcer, candidate.id, unique);
    const same = await uploadCv(sourcer, twin.id, unique);
    await settled(sourcer, res.body.id);
    await settled(sourcer, same.body.id);
    const file = path.join(storageDir, 'cv', res.body.sha256);
    assert.ok(fs.existsSync(file));
    const exported = (await sourcer.get(`/v1/candidates/${candidate.id}/export`)).body;
    assert.equal(exported.uploads[0].id, res.body.id);
    assert.equal((await sourcer.delete(`/v1/candidates/${candidate.id}`)).status, 204);
    assert.ok(fs.existsSync(file), 'still used by the other upload');
    assert.equal((await sourcer.get(`/v1/uploads/${res.body.id}`)).status, 404);
    assert.equal((await sourcer.delete(`/v1/candidates/${twin.id}`)).status, 204);
    assert.ok(!fs.existsSync(file), 'gone with its last upload');
  });
});
