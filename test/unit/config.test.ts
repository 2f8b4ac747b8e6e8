import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from '../../src/config/app-config.js';

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
    assert.deepEqual(found.map((p) => p.split(' ')[0]).sort(), ['LOG_LEVEL', 'PORT', 'REDIS_URL']);
    assert.ok(found.some((p) => p.includes('redis:// or rediss://')));
  });

  it('treats an empty value as missing', () => {
    assert.match(problems({ ...valid, REDIS_URL: '' })[0], /^REDIS_URL is required/);
  });

  it('refuses the development identity provider in production, and needs a JWKS there', () => {
    const found = problems({ ...valid, NODE_ENV: 'production', AUTH_DEV_IDP: 'true' });
    assert.ok(found.some((p) => p.startsWith('AUTH_DEV_IDP must be false in production')), found.join('\n'));
    const missingJwks = problems({ ...valid, NODE_ENV: 'production', AUTH_DEV_IDP: 'false' });
    assert.deepEqual(missingJwks.map((p) => p.split(' ')[0]), ['AUTH_JWKS_URI', 'FINGERPRINT_SECRET']);
    const short = problems({ ...valid, NODE_ENV: 'production', AUTH_DEV_IDP: 'false', FINGERPRINT_SECRET: 'too-short' });
    assert.ok(short.some((p) => p.startsWith('FINGERPRINT_SECRET must be at least 32 characters')), short.join('\n'));
    const ok = loadConfig({
      ...valid,
      NODE_ENV: 'production',
      AUTH_DEV_IDP: 'false',
      AUTH_JWKS_URI: 'https://idp.example/.well-known/jwks.json',
      FINGERPRINT_SECRET: 'a-production-secret-of-at-least-32-chars',
    });
    assert.equal(ok.AUTH_DEV_IDP, false);
  });
});
