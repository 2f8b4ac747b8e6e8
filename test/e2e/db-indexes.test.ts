// Indexes as a deploy step: production starts with autoIndex off and `npm run db:indexes`
// builds every index the schemas declare, failing clearly when one cannot be built.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { MongoClient } from 'mongodb';
import { loadConfig } from '../../src/config/config-loader.js';
import { testEnv } from '../support/env.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

function dbIndexes(env: Record<string, string>): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn('npm', ['run', '--silent', 'db:indexes'], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d));
    child.stderr.on('data', (d: Buffer) => (out += d));
    child.once('exit', (code) => resolve({ code, out }));
  });
}

describe('npm run db:indexes', () => {
  const env = testEnv('dbindexes', { MONGO_AUTO_INDEX: 'false' });
  let mongo: MongoClient;
  before(async () => {
    mongo = await MongoClient.connect(env.MONGODB_URI);
  });
  after(() => mongo?.close());

  it('is what builds indexes in production (autoIndex is off there by default)', () => {
    const production = { ...env, NODE_ENV: 'production', AUTH_DEV_IDP: 'false', AUTH_JWKS_URI: 'https://idp.example/jwks', FINGERPRINT_SECRET: 'a-production-secret-of-at-least-32-chars' };
    assert.equal(loadConfig(production).MONGO_AUTO_INDEX, false);
    assert.equal(loadConfig(env).MONGO_AUTO_INDEX, false);
    assert.equal(loadConfig({ ...env, MONGO_AUTO_INDEX: '' }).MONGO_AUTO_INDEX, true, 'on by default in development and tests');
  });

  it('creates every declared index, and fails naming the collection when duplicates block a unique one', { timeout: 120_000 }, async () => {
    const first = await dbIndexes(env);
    assert.equal(first.code, 0, first.out);
    assert.match(first.out, /every index is in place/);
    const ledger = mongo.db().collection('credit_entries');
    const unique = (await ledger.indexes()).find((i) => i.unique && JSON.stringify(i.key) === JSON.stringify({ account: 1, ref: 1 }));
    assert.ok(unique, 'the unique (account, ref) index that stands in for transactions exists');
    assert.ok((await mongo.db().collection('submissions').indexes()).some((i) => i.key['aiCheck.passed'] === 1));

    await ledger.dropIndex(unique!.name!);
    const row = { account: 'company-1', seq: 1, delta: 1, balanceAfter: 1, kind: 'grant', ref: 'grant:duplicated', createdAt: new Date() };
    await ledger.insertMany([{ _id: 'a', ...row } as never, { _id: 'b', ...row, seq: 2, balanceAfter: 2 } as never]);
    const second = await dbIndexes(env);
    assert.equal(second.code, 1, second.out);
    assert.match(second.out, /credit_entries: an index could not be built: .*(E11000|duplicate key)/);
    assert.match(second.out, /remove or merge them, then run again/);
  });
});
