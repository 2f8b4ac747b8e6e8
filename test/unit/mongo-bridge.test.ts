import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { serialize } from 'bson';
import { commandName } from '../../src/infra/embedded/mongo-bridge.js';

function opMsg(body: Record<string, unknown>, sequences: Buffer[] = []): Buffer {
  const doc = Buffer.from(serialize(body));
  const parts = [...sequences, Buffer.concat([Buffer.from([0]), doc])];
  const payload = Buffer.concat(parts);
  const header = Buffer.alloc(20);
  header.writeInt32LE(20 + payload.length, 0);
  header.writeInt32LE(7, 4);
  header.writeInt32LE(0, 8);
  header.writeInt32LE(2013, 12);
  header.writeUInt32LE(0, 16);
  return Buffer.concat([header, payload]);
}

describe('commandName', () => {
  it('reads the first field of the body section', () => {
    assert.equal(commandName(opMsg({ endSessions: [], $db: 'admin' })), 'endSessions');
    assert.equal(commandName(opMsg({ find: 'jobs', filter: {} })), 'find');
  });

  it('skips document sequences that come before the body', () => {
    const docs = Buffer.from(serialize({ a: 1 }));
    const id = Buffer.from('documents\0');
    const size = Buffer.alloc(4);
    size.writeInt32LE(4 + id.length + docs.length);
    const sequence = Buffer.concat([Buffer.from([1]), size, id, docs]);
    assert.equal(commandName(opMsg({ insert: 'jobs' }, [sequence])), 'insert');
  });

  it('answers undefined for other op codes and truncated messages', () => {
    const legacy = opMsg({ isMaster: 1 });
    legacy.writeInt32LE(2004, 12);
    assert.equal(commandName(legacy), undefined);
    assert.equal(commandName(Buffer.alloc(10)), undefined);
  });
});
