// Object storage: the driver is chosen by configuration; the local driver keeps keys inside
// its directory and stores a key once.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from '../../src/config/config-loader.js';
import { LocalDiskStorage } from '../../src/modules/storage/local-disk.storage.js';
import { createStorage, S3Storage } from '../../src/modules/storage/s3.storage.js';

const base = { MONGODB_URI: 'mongodb://localhost/x', REDIS_URL: 'redis://localhost:6379' };

describe('object storage', () => {
  it('is chosen by STORAGE_DRIVER, and S3 needs a bucket', () => {
    const local = () => new LocalDiskStorage(os.tmpdir());
    assert.ok(createStorage(loadConfig(base), local) instanceof LocalDiskStorage);
    const s3 = createStorage(loadConfig({ ...base, STORAGE_DRIVER: 's3', S3_BUCKET: 'cvs', S3_ENDPOINT: 'http://127.0.0.1:9000', S3_FORCE_PATH_STYLE: 'true' }), local);
    assert.ok(s3 instanceof S3Storage);
    assert.throws(() => loadConfig({ ...base, STORAGE_DRIVER: 's3' }), (e: unknown) => e instanceof ConfigError && /S3_BUCKET/.test(e.message));
  });

  it('keeps local files under its root, once per key', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'storage-'));
    const storage = new LocalDiskStorage(root);
    const source = path.join(root, 'source');
    fs.writeFileSync(source, 'hello');
    await storage.putFile('cv/abc', source);
    fs.writeFileSync(source, 'changed');
    await storage.putFile('cv/abc', source);
    assert.equal((await storage.read('cv/abc')).toString(), 'hello', 'a stored key is never overwritten');
    await storage.putBytes('snapshots/one', Buffer.from('bytes'));
    await storage.putBytes('snapshots/one', Buffer.from('other'));
    assert.equal((await storage.read('snapshots/one')).toString(), 'bytes', 'stored from memory, once');
    assert.deepEqual(fs.readdirSync(path.join(root, 'snapshots')), ['one'], 'nothing left beside it');
    await assert.rejects(storage.read('../etc/passwd'), /invalid storage key/);
    await storage.delete('cv/abc');
    assert.equal(await storage.exists('cv/abc'), false);
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('stores one key written twice at once (the same CV uploaded twice) without failing either', async (t) => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'storage-'));
    const source = path.join(root, 'source');
    fs.writeFileSync(source, 'same bytes');
    const storage = new LocalDiskStorage(root);
    t.mock.method(Date, 'now', () => 1_800_000_000_000); // both in the same millisecond
    await Promise.all([storage.putFile('cv/same', source), storage.putFile('cv/same', source), storage.putBytes('cv/same', Buffer.from('same bytes'))]);
    assert.equal((await storage.read('cv/same')).toString(), 'same bytes');
    assert.deepEqual(fs.readdirSync(path.join(root, 'cv')), ['same'], 'nothing left beside it');
    fs.rmSync(root, { recursive: true, force: true });
  });
});
