// A matching worker writes a snapshot of its compact ranking index to object storage once it
// is far enough ahead of the stored one; a new worker starts from that snapshot (built with the
// same taxonomy and encoding only) and catches up by change number: candidates written while no
// worker ran are ranked too, exactly as a worker that read everything ranks them.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { MongoClient } from 'mongodb';
import mongoose from 'mongoose';
import { MATCHING_FIELDS } from '../../src/modules/candidates/candidate.view.js';
import type { RunningWorker } from '../../src/bootstrap/create-worker.js';
import type { AppConfig } from '../../src/config/app-config.js';
import { MatchingIndexService } from '../../src/modules/matching/matching-index.service.js';
import { RankingSnapshotsService } from '../../src/modules/matching/ranking-snapshots.service.js';
import { startTestApi, startTestWorker, type TestApi } from '../support/apps.js';
import { testConfig } from '../support/env.js';
import { makeCandidate, makeJob } from '../support/factories.js';
import { type Session, Sessions } from '../support/session.js';
import { waitFor } from '../support/wait.js';

const person = (name: string, skills: string[]) => ({ name, skills, experience: [{ title: 'Engineer', start: '2018-01', end: '2024-01', description: `Built services with ${skills.join(' and ')}.` }] });

describe('ranking index snapshots', () => {
  let config: AppConfig;
  let api: TestApi;
  let worker: RunningWorker | undefined;
  let employer: Session;
  let sourcer: Session;
  let mongo: MongoClient;
  let storage: string;

  before(async () => {
    storage = fs.mkdtempSync(path.join(os.tmpdir(), 'snapshots-'));
    config = testConfig('snapshots', { MATCH_SNAPSHOT_CHANGES: '3', STORAGE_LOCAL_DIR: storage });
    api = await startTestApi(config);
    const sessions = new Sessions(config, api.url);
    ({ employer } = await sessions.makeCompany());
    sourcer = await sessions.asSourcer();
    mongo = await MongoClient.connect(config.MONGODB_URI);
  });
  after(async () => {
    await worker?.stop();
    await api?.close();
    await mongo?.close();
    fs.rmSync(storage, { recursive: true, force: true });
  });

  const snapshotDoc = () => mongo.db().collection<{ _id: string; key?: string; seq?: number; fingerprint?: string; candidates?: number }>('ranking_snapshots').findOne({ _id: 'candidates' });
  const matchIds = async (jobId: string, size: number) =>
    waitFor(`matches of ${jobId}`, async () => {
      const res = await employer.get(`/v1/jobs/${jobId}/matches`);
      return res.status === 200 && res.body.status === 'ready' && res.body.items.length >= size ? res.body.items.map((m: any) => m.candidate.id as string) : undefined;
    });

  it('is written once the index is far enough ahead, and a new worker starts from it', async () => {
    worker = await startTestWorker(config);
    const first = [];
    for (let i = 0; i < 4; i++) first.push(await makeCandidate(sourcer, person(`Early ${i}`, ['Go', 'PostgreSQL'])));
    const job = await makeJob(employer, { title: 'Go engineer', description: 'Go services on PostgreSQL.', mustHave: [{ skill: 'Go' }], niceToHave: [{ skill: 'PostgreSQL' }], workplace: 'remote' });
    await matchIds(job.id, 4);
    const stored = await waitFor('a snapshot', async () => {
      const doc = await snapshotDoc();
      return doc?.key && (doc.candidates ?? 0) >= 4 ? doc : undefined;
    });
    const index = worker.app.get(MatchingIndexService);
    assert.equal(stored.fingerprint, index.fingerprint);
    assert.ok(fs.existsSync(path.join(storage, stored.key!)), 'the snapshot object is in storage');
    await index.settled();
    // Once written, catching up does not ask storage again until enough changes came in.
    const snapshots = worker.app.get(RankingSnapshotsService);
    const latest = snapshots.latest.bind(snapshots);
    let asked = 0;
    snapshots.latest = () => (asked++, latest());
    await index.sync();
    await index.sync();
    assert.equal(asked, 0, 'no storage read per catch-up');
    await worker.stop();
    worker = undefined;

    // Written while no worker runs: the next one must catch up on them from the snapshot.
    const late = [];
    for (let i = 0; i < 2; i++) late.push(await makeCandidate(sourcer, person(`Late ${i}`, ['Go', 'PostgreSQL', 'Kafka'])));
    worker = await startTestWorker(config);
    const ids = await matchIds(job.id, 6);
    const restarted = worker.app.get(MatchingIndexService);
    assert.equal(restarted.startedFrom?.from, 'snapshot');
    assert.ok(restarted.startedFrom!.seq >= stored.seq!, 'from the stored change number');
    assert.equal(restarted.index.documents, 6);
    for (const c of [...first, ...late]) assert.ok(ids.includes(c.id), `${c.id} ranked`);
    await restarted.settled();
  });

  it('is not used when built with another taxonomy or encoding: the worker reads every candidate', async () => {
    await worker?.stop();
    await mongo.db().collection('ranking_snapshots').updateOne({ _id: 'candidates' as never }, { $set: { fingerprint: 'another-taxonomy' } });
    const reads: unknown[][] = [];
    mongoose.set('debug', (collection: string, method: string, ...args: unknown[]) => {
      if (collection === 'candidates' && method === 'find') reads.push(args);
    });
    worker = await startTestWorker(config);
    const job = await makeJob(employer, { title: 'Go engineer', description: 'More Go.', mustHave: [{ skill: 'Go' }], workplace: 'remote' });
    await matchIds(job.id, 6);
    mongoose.set('debug', false);
    const index = worker.app.get(MatchingIndexService);
    assert.equal(index.startedFrom?.from, 'candidates');
    // Every candidate read for matching names its fields: no contact details, no whole documents.
    assert.ok(reads.length > 0);
    for (const args of reads) assert.deepEqual(JSON.stringify(args).match(/"projection":\{[^}]*\}/)?.[0], `"projection":${JSON.stringify(MATCHING_FIELDS)}`, JSON.stringify(args));
    assert.equal(index.index.documents, 6);
    await index.settled();
    const doc = await snapshotDoc();
    assert.equal(doc?.fingerprint, index.fingerprint, 'and it stores one built its own way');
  });

  it('is written from memory, with no temporary file: a pod whose /tmp is smaller than the snapshot can write it', async () => {
    const index = worker!.app.get(MatchingIndexService);
    await index.settled();
    const snapshots = worker!.app.get(RankingSnapshotsService);
    const tmpdir = process.env.TMPDIR;
    process.env.TMPDIR = path.join(storage, 'no-such-directory'); // os.tmpdir() now names nothing writable
    try {
      // Another fingerprint, so that the stored snapshot does not make this write unnecessary.
      assert.equal(await snapshots.write(() => ({ index: index.index, seq: 1 }), `${index.fingerprint}-other`), true);
    } finally {
      if (tmpdir === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = tmpdir;
    }
    const doc = await snapshotDoc();
    assert.equal(doc?.fingerprint, `${index.fingerprint}-other`);
    assert.ok(fs.existsSync(path.join(storage, doc!.key!)), 'the snapshot object is in storage');
  });
});
