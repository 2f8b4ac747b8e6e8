// A benchmark's processes share the runner's dev signing key, kept in the runner's temporary
// directory (removed at the end), so that a run leaves no key file behind in the system's /tmp.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { benchEnv } from '../../bench/support.js';

describe('benchmark environment', () => {
  it("keeps the runner's key file and the benchmark's own settings", () => {
    const env = benchEnv({ NODE_ENV: 'test', DEV_IDP_KEY_FILE: '/tmp/crowdhire-bench-run/dev-idp-key.json' }, { WORKER_HEALTH_PORT: '0' });
    assert.equal(env.DEV_IDP_KEY_FILE, '/tmp/crowdhire-bench-run/dev-idp-key.json');
    assert.equal(env.WORKER_HEALTH_PORT, '0');
    assert.equal(env.LOG_LEVEL, 'warn');
  });
});
