// Tokens verified once are trusted again only by their exact text, only until their own expiry
// (plus the clock tolerance verification allowed) and at most a minute, in bounded memory.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { VerifiedTokens } from '../../src/modules/auth/verified-tokens.js';

describe('verified tokens', () => {
  let now = 1_000_000_000_000;
  const clock = () => now;

  it('gives back the claims of the exact token verified, and nothing for any other text', () => {
    const tokens = new VerifiedTokens(30, clock);
    const claims = { sub: 'a', exp: now / 1000 + 3600 };
    tokens.remember('header.payload.signature', claims);
    assert.deepEqual(tokens.get('header.payload.signature'), claims);
    assert.equal(tokens.get('header.payload.signaturf'), undefined);
    assert.equal(tokens.get('header.payload.signature '), undefined);
  });

  it('forgets a token at its expiry plus the clock tolerance', () => {
    const tokens = new VerifiedTokens(30, clock);
    tokens.remember('t', { exp: now / 1000 + 10 });
    now += 39_000;
    assert.ok(tokens.get('t'));
    now += 1_000;
    assert.equal(tokens.get('t'), undefined);
  });

  it('verifies again after a minute, so a key withdrawn from the JWKS stops working', () => {
    const tokens = new VerifiedTokens(30, clock);
    tokens.remember('t', { exp: now / 1000 + 3600 });
    now += 59_999;
    assert.ok(tokens.get('t'));
    now += 1;
    assert.equal(tokens.get('t'), undefined);
  });

  it('keeps at most 10,000 tokens, dropping the oldest', () => {
    const tokens = new VerifiedTokens(30, clock);
    for (let i = 0; i <= 10_000; i++) tokens.remember(`t${i}`, { exp: now / 1000 + 3600 });
    assert.equal(tokens.size, 10_000);
    assert.equal(tokens.get('t0'), undefined);
    assert.ok(tokens.get('t10000'));
  });
});
