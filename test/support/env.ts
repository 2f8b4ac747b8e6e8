// Configuration for one test file: the runner's MongoDB and Redis (scripts/test.ts), with a
// database and key prefix of the file's own, so files never see each other's data.
import { randomBytes } from 'node:crypto';
import { type AppConfig } from '../../src/config/app-config.js';
import { loadConfig } from '../../src/config/config-loader.js';

export function uniqueName(label: string): string {
  return `${label.replace(/[^a-z0-9]/gi, '').slice(0, 20)}-${randomBytes(4).toString('hex')}`;
}

/** The environment a test process of ours gets: isolated database and Redis prefix. */
export function testEnv(label: string, overrides: Record<string, string> = {}): Record<string, string> {
  const { MONGODB_URI, REDIS_URL } = process.env;
  if (!MONGODB_URI || !REDIS_URL) throw new Error('run tests with `npm test`: it starts MongoDB and Redis');
  const name = uniqueName(label);
  const uri = new URL(MONGODB_URI);
  uri.pathname = `/${name}`;
  // The second pass of `npm test` runs some files against a Redis Cluster (scripts/test.ts).
  const cluster: Record<string, string> = process.env.CROWDHIRE_TEST_REDIS === 'cluster' && !('REDIS_URL' in overrides) ? { REDIS_URL: '', REDIS_CLUSTER_NODES: process.env.TEST_REDIS_CLUSTER_NODES ?? '' } : {};
  return {
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
    MONGODB_URI: uri.toString(),
    REDIS_URL,
    REDIS_KEY_PREFIX: name,
    WORKER_HEARTBEAT_INTERVAL_MS: '500',
    WORKER_HEALTH_PORT: '0',
    OUTBOX_POLL_MS: '200',
    SHUTDOWN_GRACE_MS: '5000',
    DEV_IDP_KEY_FILE: process.env.DEV_IDP_KEY_FILE ?? '',
    // npm test imports ../shared/data's taxonomy once when it is there (scripts/local-taxonomy.ts).
    TAXONOMY_DATA_DIR: process.env.TAXONOMY_DATA_DIR ?? '',
    ...cluster,
    ...overrides,
  };
}

export function testConfig(label: string, overrides: Record<string, string> = {}): AppConfig {
  return loadConfig(testEnv(label, overrides));
}
