// A queue's connection errors are logged once per kind of error per quiet spell (30 s).
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { describe, it } from 'node:test';
import type { Logger } from 'pino';
import { CONNECTION_ERROR_QUIET_MS, logConnectionErrors } from '../../src/queues/connection-errors.js';

describe('queue connection errors', () => {
  it('logs the first of a run of the same error, then that error again only after the quiet spell', () => {
    const logged: unknown[] = [];
    const logger = { warn: (fields: unknown) => void logged.push(fields) } as unknown as Logger;
    const source = new EventEmitter();
    let now = 1_000;
    logConnectionErrors(source, logger, { queue: 'files' }, () => now);
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6379'), { code: 'ECONNREFUSED' });
    for (let i = 0; i < 50; i++) {
      source.emit('error', refused);
      now += 100;
    }
    assert.equal(logged.length, 1, 'fifty reconnect attempts in five seconds are one warning');
    assert.deepEqual(logged[0], { queue: 'files', err: refused });
    source.emit('error', new Error('Connection is closed.'));
    assert.equal(logged.length, 2, 'another kind of error is logged at once');
    now += CONNECTION_ERROR_QUIET_MS;
    source.emit('error', refused);
    assert.equal(logged.length, 3, 'the same error after the quiet spell is logged again');
  });
});
