// Pure domain rules: the pipeline, the quality score, fingerprints, cursors, operator guard.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findOperatorKey, inspectInput } from '../../src/common/http/reject-operators.js';
import { decodeCursor, encodeCursor, keyset } from '../../src/common/pagination/cursor.js';
import { fingerprints, normalizeEmail, normalizePhone, normalizeProfileUrl } from '../../src/modules/candidates/fingerprints.js';
import { checkMove } from '../../src/modules/submissions/pipeline.js';
import { type OutcomeCounts, quality } from '../../src/modules/submissions/quality.js';

describe('pipeline moves', () => {
  it('allows only the next stage, or disqualification/withdrawal, from a live stage', () => {
    assert.deepEqual(checkMove('delivered', 'shortlisted', 'employer'), { ok: true });
    assert.equal(checkMove('delivered', 'contacted', 'employer').ok, false);
    assert.equal(checkMove('hired', 'disqualified', 'admin', 'not_quite_right').ok, false);
    assert.equal(checkMove('withdrawn', 'submitted', 'admin').ok, false);
  });
  it('gives each actor only its moves', () => {
    assert.equal((checkMove('submitted', 'delivered', 'employer') as { code: string }).code, 'STAGE_MOVE_FORBIDDEN');
    assert.deepEqual(checkMove('submitted', 'delivered', 'system'), { ok: true });
    assert.equal((checkMove('delivered', 'shortlisted', 'system') as { code: string }).code, 'STAGE_MOVE_FORBIDDEN');
    assert.deepEqual(checkMove('interviewing', 'withdrawn', 'sourcer'), { ok: true });
    assert.equal((checkMove('delivered', 'withdrawn', 'employer') as { code: string }).code, 'STAGE_MOVE_FORBIDDEN');
  });
  it('requires a reason exactly for disqualification', () => {
    assert.equal((checkMove('delivered', 'disqualified', 'employer') as { code: string }).code, 'REASON_REQUIRED');
    assert.equal((checkMove('delivered', 'shortlisted', 'employer', 'not_quite_right') as { code: string }).code, 'REASON_NOT_ALLOWED');
  });
});

describe('quality score', () => {
  const settings = { minDecided: 10, capNew: 5, capGood: 10, capPoor: 2 };
  const counts = (delivered: number, nqr: number, ti: number, early = 0): OutcomeCounts => ({
    submitted: delivered + early,
    delivered,
    hired: 0,
    withdrawn: 0,
    open: 0,
    disqualified: { already_connected: 0, not_quite_right: nqr, totally_irrelevant: ti },
    disqualifiedBeforeDelivery: early,
  });

  it('treats a sourcer with few decisions as new', () => {
    const q = quality(counts(3, 0, 0), settings);
    assert.deepEqual({ tier: q.tier, cap: q.capPerJob, score: q.score }, { tier: 'new', cap: 5, score: null });
  });
  it('is good under both thresholds and poor at either', () => {
    assert.equal(quality(counts(100, 20, 3), settings).tier, 'good');
    assert.equal(quality(counts(100, 20, 3), settings).capPerJob, 10);
    assert.equal(quality(counts(100, 25, 0), settings).tier, 'poor', '25% not quite right is at the threshold');
    assert.equal(quality(counts(1000, 0, 35), settings).tier, 'poor', '3.5% totally irrelevant is at the threshold');
    assert.equal(quality(counts(100, 25, 0), settings).capPerJob, 2);
  });
  it('scores acceptance minus penalties over the thresholds', () => {
    assert.equal(quality(counts(80, 10, 0, 20), settings).score, 80);
    assert.equal(quality(counts(100, 50, 0), settings).score, 50);
    assert.equal(quality(counts(100, 0, 20), settings).score, 0);
  });
});

describe('fingerprints', () => {
  it('normalises email, phone and profile URLs', () => {
    assert.equal(normalizeEmail(' J.Doe+jobs@GoogleMail.com '), 'jdoe@gmail.com');
    assert.equal(normalizeEmail('a.b@corp.example'), 'a.b@corp.example');
    assert.equal(normalizeEmail('nonsense'), null);
    assert.equal(normalizePhone('(030) 1234567', 'DE'), '+49301234567');
    assert.equal(normalizePhone('+49 30 1234567', 'US'), '+49301234567');
    assert.equal(normalizePhone('12', 'DE'), null);
    assert.equal(normalizeProfileUrl('https://www.LinkedIn.com/in/Jane-Doe/?utm=x#top'), 'linkedin.com/in/jane-doe');
    assert.equal(normalizeProfileUrl('linkedin.com/in/jane-doe'), 'linkedin.com/in/jane-doe');
    assert.equal(normalizeProfileUrl('javascript:alert(1)'), null);
  });
  it('gives the same sorted keyed hashes for the same person, different ones under another key', () => {
    const a = fingerprints({ email: 'Jane@x.io', phone: '+1 415 555 2671', links: ['linkedin.com/in/jane'] }, 'k1', 'US');
    const b = fingerprints({ email: 'jane@X.IO', phone: '(415) 555-2671', links: ['https://www.linkedin.com/in/jane/'] }, 'k1', 'US');
    assert.equal(a.length, 3);
    assert.deepEqual(a, b);
    assert.deepEqual(a, [...a].sort());
    assert.notDeepEqual(fingerprints({ email: 'jane@x.io' }, 'k2', 'US'), fingerprints({ email: 'jane@x.io' }, 'k1', 'US'));
    assert.ok(!a.some((h) => h.includes('jane')), 'no readable personal data');
  });
});

describe('cursors', () => {
  it('round-trips dates and builds the after-cursor filter', () => {
    const at = new Date('2026-01-02T03:04:05.000Z');
    const decoded = decodeCursor(encodeCursor(at, 'id-1'));
    assert.deepEqual(decoded, { value: at, id: 'id-1' });
    const { filter, sort } = keyset({ field: 'createdAt', direction: -1 }, encodeCursor(at, 'id-1'));
    assert.deepEqual(sort, { createdAt: -1, _id: -1 });
    assert.deepEqual(filter, { $or: [{ createdAt: { $lt: at } }, { createdAt: at, _id: { $lt: 'id-1' } }] });
  });
  it('refuses a cursor it did not make', () => {
    assert.throws(() => decodeCursor('not-a-cursor'), { code: 'INVALID_CURSOR' });
    assert.throws(() => decodeCursor(Buffer.from('{"v":{"$gt":1},"id":"x"}').toString('base64url')), { code: 'INVALID_CURSOR' });
  });
});

describe('operator guard', () => {
  it('finds operator keys at any depth, in bodies and bracketed query keys', () => {
    assert.equal(findOperatorKey({ email: { $ne: null } }), 'email.$ne');
    assert.equal(findOperatorKey({ a: [{ b: { $where: 'x' } }] }), 'a.0.b.$where');
    assert.equal(findOperatorKey({ 'status[$ne]': 'x' }), 'status[$ne]');
    assert.equal(findOperatorKey({ price: '$100', note: 'costs $5' }), null);
  });

  it('finds a lone surrogate in any string or key, and lets paired ones (emoji) and other text through', () => {
    assert.deepEqual(inspectInput({ contact: { email: '\ud800@x.io' } }), { kind: 'text', path: 'contact.email' });
    assert.deepEqual(inspectInput({ skills: ['Go', 'tail\udc00'] }), { kind: 'text', path: 'skills.1' });
    assert.deepEqual(inspectInput({ ['k\ud83d']: 1 }), { kind: 'text', path: 'k\ufffd' });
    assert.deepEqual(inspectInput('\udfff'), { kind: 'text', path: '' });
    assert.equal(inspectInput({ name: 'Zoë 🚀 \u0000 李', nested: [{ note: '\ud83d\ude80' }] }), null);
  });
});
