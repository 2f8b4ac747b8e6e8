// The embedded engine behind the loopback bridge, as every process of ours reaches it.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { MongoClient } from 'mongodb';
import { testEnv } from '../support/env.js';

describe('embedded MongoDB through the bridge', () => {
  let client: MongoClient;
  const uri = testEnv('bridge').MONGODB_URI;

  before(async () => {
    client = await new MongoClient(uri).connect();
  });
  after(() => client.close());

  it('answers the session commands itself, and the engine keeps serving', async () => {
    const admin = client.db('admin');
    const started = await admin.command({ startSession: 1 });
    assert.equal(started.ok, 1);
    assert.equal(started.timeoutMinutes, 30);
    assert.ok(started.id?.id);
    for (const command of [{ endSessions: [started.id] }, { killSessions: [] }, { refreshSessions: [] }]) {
      assert.equal((await admin.command(command)).ok, 1);
    }
    const items = client.db().collection('items');
    await items.insertOne({ name: 'still alive' });
    assert.equal(await items.countDocuments(), 1);
  });

  it('survives clients closing (the driver sends endSessions) and reconnecting', async () => {
    for (let i = 0; i < 3; i++) {
      const other = await new MongoClient(uri).connect();
      await other.db().collection('pings').insertOne({ i });
      await other.close();
    }
    assert.equal(await client.db().collection('pings').countDocuments(), 3);
  });

  it('is the real engine: unique indexes, $text search and aggregation', async () => {
    const jobs = client.db().collection('jobs');
    await jobs.createIndex({ slug: 1 }, { unique: true });
    await jobs.createIndex({ title: 'text', description: 'text' });
    await jobs.insertMany([
      { slug: 'a', title: 'Senior TypeScript engineer', description: 'NestJS and MongoDB', team: 'api' },
      { slug: 'b', title: 'Data analyst', description: 'SQL and dashboards', team: 'data' },
      { slug: 'c', title: 'Backend engineer', description: 'TypeScript services', team: 'api' },
    ]);
    await assert.rejects(jobs.insertOne({ slug: 'a' }), /E11000/);
    const found = await jobs.find({ $text: { $search: 'typescript' } }).project({ slug: 1, _id: 0 }).toArray();
    assert.deepEqual(found.map((d) => d.slug).sort(), ['a', 'c']);
    const perTeam = await jobs.aggregate([{ $group: { _id: '$team', n: { $sum: 1 } } }, { $sort: { _id: 1 } }]).toArray();
    assert.deepEqual(perTeam, [{ _id: 'api', n: 2 }, { _id: 'data', n: 1 }]);
  });
});
