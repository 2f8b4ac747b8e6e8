import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { retryAfterMs } from '../../src/common/http/retry-after.js';

describe('Retry-After', () => {
  const now = Date.parse('2026-12-04T10:00:00Z');
  it('reads delay-seconds and an HTTP date, a date in the past as no wait', () => {
    assert.equal(retryAfterMs('120', now), 120_000);
    assert.equal(retryAfterMs(' 0 ', now), 0);
    assert.equal(retryAfterMs('Fri, 04 Dec 2026 10:00:30 GMT', now), 30_000);
    assert.equal(retryAfterMs('Fri, 04 Dec 2026 09:00:00 GMT', now), 0);
  });
  it('ignores what is absent or unreadable', () => {
    for (const value of [undefined, null, '', '  ', '-5', '1.5', 'soon']) assert.equal(retryAfterMs(value, now), undefined, String(value));
  });
});
