// Redis connection settings and key names, built in one place from REDIS_URL and
// REDIS_KEY_PREFIX so every client (ours and BullMQ's) agrees on them.
import { Redis, type RedisOptions } from 'ioredis';
import type { AppConfig } from '../../config/app-config.js';

export function redisOptions(url: string): RedisOptions {
  const parsed = new URL(url);
  const db = parsed.pathname.length > 1 ? Number(parsed.pathname.slice(1)) : 0;
  return {
    host: parsed.hostname,
    port: parsed.port ? Number(parsed.port) : 6379,
    username: parsed.username ? decodeURIComponent(parsed.username) : undefined,
    password: parsed.password ? decodeURIComponent(parsed.password) : undefined,
    db: Number.isInteger(db) ? db : 0,
    tls: parsed.protocol === 'rediss:' ? {} : undefined,
  };
}

/**
 * Our own client (not BullMQ's). Commands fail fast while Redis is away instead of piling
 * up in an offline queue, so health checks and heartbeats report the outage promptly.
 */
export function createRedisClient(config: Pick<AppConfig, 'REDIS_URL'>, name: string): Redis {
  const client = new Redis({
    ...redisOptions(config.REDIS_URL),
    connectionName: name,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
    lazyConnect: false,
  });
  // Connection errors surface where they matter (a command answers 503, readiness says down);
  // without a listener ioredis would print each reconnect attempt to stderr.
  client.on('error', () => undefined);
  return client;
}

export class RedisKeys {
  constructor(readonly prefix: string) {}

  /** BullMQ's own prefix, so several deployments (or test files) can share one Redis. */
  get bull(): string {
    return `${this.prefix}:bull`;
  }
  /** The live workers' heartbeats (a sorted set). */
  get workers(): string {
    return `${this.prefix}:{fleet}:workers`;
  }
  /** Which API instance reports fleet-wide figures. */
  get fleetReporter(): string {
    return `${this.prefix}:{fleet}:reporter`;
  }
}
