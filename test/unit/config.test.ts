import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from '../../src/config/config-loader.js';

const valid = { MONGODB_URI: 'mongodb://127.0.0.1:27017/app', REDIS_URL: 'redis://127.0.0.1:6379' };

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    assert.ok(error instanceof ConfigError);
    return error.problems;
  }
  assert.fail('expected a ConfigError');
}

describe('loadConfig', () => {
  it('fills defaults and converts numbers', () => {
    const config = loadConfig({ ...valid, PORT: '8080' });
    assert.equal(config.PORT, 8080);
    assert.equal(config.NODE_ENV, 'development');
    assert.equal(config.WORKER_CONCURRENCY, 4);
    assert.equal(config.REDIS_KEY_PREFIX, 'crowdhire');
  });

  it('names a missing required variable', () => {
    const found = problems({ REDIS_URL: valid.REDIS_URL });
    assert.equal(found.length, 1);
    assert.match(found[0], /^MONGODB_URI is required/);
  });

  it('names every bad variable with the reason', () => {
    const found = problems({ ...valid, PORT: 'eighty', LOG_LEVEL: 'loud', REDIS_URL: 'http://x' });
    assert.deepEqual(found.map((p) => p.split(/[=: ]/)[0]).sort(), ['LOG_LEVEL', 'PORT', 'REDIS_URL']);
    assert.ok(found.some((p) => p.includes('redis:// or rediss://')));
  });

  it('treats an empty value as missing', () => {
    assert.match(problems({ ...valid, REDIS_URL: '' })[0], /^REDIS_URL is required/);
  });

  it('refuses private webhook targets in production', () => {
    const found = problems({ ...valid, NODE_ENV: 'production', AUTH_DEV_IDP: 'false', WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true' });
    assert.ok(found.some((p) => p.startsWith('WEBHOOK_ALLOW_PRIVATE_TARGETS="true": must be false in production')), found.join('\n'));
    assert.equal(loadConfig({ ...valid, WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true' }).WEBHOOK_ALLOW_PRIVATE_TARGETS, true, 'allowed in development');
  });

  it('refuses the development identity provider in production, and needs a JWKS there', () => {
    const found = problems({ ...valid, NODE_ENV: 'production', AUTH_DEV_IDP: 'true' });
    assert.ok(found.some((p) => p.startsWith('AUTH_DEV_IDP="true": must be false in production')), found.join('\n'));
    const missingJwks = problems({ ...valid, NODE_ENV: 'production', AUTH_DEV_IDP: 'false' });
    assert.deepEqual(missingJwks.map((p) => p.split(' ')[0]), ['AUTH_JWKS_URI', 'FINGERPRINT_SECRET']);
    assert.match(missingJwks[0], /^AUTH_JWKS_URI is required: must be an http\(s\) URL/);
    const short = problems({ ...valid, NODE_ENV: 'production', AUTH_DEV_IDP: 'false', FINGERPRINT_SECRET: 'too-short' });
    assert.ok(short.some((p) => p.startsWith('FINGERPRINT_SECRET=(set): must be at least 32 characters')), short.join('\n'));
    const ok = loadConfig({
      ...valid,
      NODE_ENV: 'production',
      AUTH_DEV_IDP: 'false',
      AUTH_JWKS_URI: 'https://idp.example/.well-known/jwks.json',
      FINGERPRINT_SECRET: 'a-production-secret-of-at-least-32-chars',
    });
    assert.equal(ok.AUTH_DEV_IDP, false);
  });

  it('gives one message per variable, naming the key, the value and the rule', () => {
    const found = problems({ ...valid, PORT: 'abc', WORKER_CONCURRENCY: '0', LOG_LEVEL: 'loud', CACHE_ENABLED: 'maybe' });
    assert.deepEqual(found.sort(), [
      'CACHE_ENABLED="maybe": must be true or false',
      'LOG_LEVEL="loud": must be one of fatal, error, warn, info, debug, trace, silent',
      'PORT="abc": must be an integer from 0 to 65535',
      'WORKER_CONCURRENCY="0": must be an integer from 1 to 256',
    ]);
  });

  it('names the unknown key of MATCH_WEIGHTS and the bad entry of CREDIT_PACKS', () => {
    const weights = problems({ ...valid, MATCH_WEIGHTS: 'mustHave:35,niceToHave:15,text:20,experience:10,seniority:8,location:7,salray:5' });
    assert.equal(weights.length, 1);
    assert.match(weights[0], /^MATCH_WEIGHTS="[^"]+": has an unknown weight "salray" \(known: mustHave, .*salary\)$/);
    assert.match(problems({ ...valid, MATCH_WEIGHTS: 'mustHave:35' })[0], /lacks a weight for niceToHave, text/);
    assert.match(problems({ ...valid, CREDIT_PACKS: 'calibration:10:25000:USD,bad' })[0], /^CREDIT_PACKS="[^"]+": has "bad", not name:credits:price:currency/);
  });

  it('masks secrets in its messages', () => {
    const found = problems({ ...valid, NODE_ENV: 'production', AUTH_DEV_IDP: 'false', AUTH_JWKS_URI: 'https://idp.example/jwks', FINGERPRINT_SECRET: 'short-secret-value' });
    assert.ok(found.every((p) => !p.includes('short-secret-value')), found.join('\n'));
  });
});
