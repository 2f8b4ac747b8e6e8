// Redis topologies and key names, built in one place so every client (ours and BullMQ's) agrees
// on them. A deployment is one node (REDIS_URL), a Cluster (REDIS_CLUSTER_NODES) or a Sentinel
// group (REDIS_SENTINELS + REDIS_SENTINEL_NAME); queues and the cache may live on different
// deployments (REDIS_QUEUE_URL, REDIS_CACHE_URL). Keys that one script or transaction touches
// share a hash tag (`{...}`), so the same code runs on one node and on a Cluster.
import { Cluster, Redis, type RedisOptions } from 'ioredis';
import type { AppConfig } from '../../config/app-config.js';
import { type Auth, parseHostPorts, parseRedisSpec, redisOptions, type RedisTopology } from './redis-topology.js';

export { parseRedisSpec, type RedisTopology } from './redis-topology.js';

/** One client type for every topology: a single node or Sentinel group (Redis) or a Cluster. */
export type RedisClient = Redis | Cluster;

/**
 * A Lua script as a command of `redis`: run by its SHA (EVALSHA; ioredis loads the script
 * once per node on NOSCRIPT), instead of sending and hashing its whole text on every call.
 */
export function luaScript(redis: RedisClient, name: string, numberOfKeys: number, lua: string): (...keysThenArgs: (string | number)[]) => Promise<unknown> {
  const commands = redis as unknown as Record<string, (...args: (string | number)[]) => Promise<unknown>>;
  if (typeof commands[name] !== 'function') redis.defineCommand(name, { numberOfKeys, lua });
  return (...keysThenArgs) => commands[name](...keysThenArgs);
}

/** The main deployment from REDIS_URL, REDIS_CLUSTER_NODES or REDIS_SENTINELS. */
function mainTopology(config: Pick<AppConfig, 'REDIS_URL' | 'REDIS_CLUSTER_NODES' | 'REDIS_SENTINELS' | 'REDIS_SENTINEL_NAME' | 'REDIS_PASSWORD' | 'REDIS_TLS'>): RedisTopology {
  const auth: Auth = { password: config.REDIS_PASSWORD || undefined, tls: config.REDIS_TLS };
  if (config.REDIS_CLUSTER_NODES.length > 0) return { kind: 'cluster', nodes: parseHostPorts(config.REDIS_CLUSTER_NODES), auth };
  if (config.REDIS_SENTINELS.length > 0) return { kind: 'sentinel', sentinels: parseHostPorts(config.REDIS_SENTINELS), name: config.REDIS_SENTINEL_NAME, auth };
  return { kind: 'single', url: config.REDIS_URL };
}

export type RedisRole = 'queues' | 'cache';

/** The deployment for a role: its own (REDIS_QUEUE_URL / REDIS_CACHE_URL) or the main one. */
export function topologyFor(config: AppConfig, role: RedisRole): RedisTopology {
  const own = role === 'queues' ? config.REDIS_QUEUE_URL : config.REDIS_CACHE_URL;
  return own ? parseRedisSpec(own) : mainTopology(config);
}

export function describeTopology(t: RedisTopology): string {
  if (t.kind === 'single') return t.url.replace(/\/\/([^:@/]+):[^@/]+@/, '//$1:***@');
  if (t.kind === 'cluster') return `cluster ${t.nodes.map((n) => `${n.host}:${n.port}`).join(',')}`;
  return `sentinel ${t.name}@${t.sentinels.map((n) => `${n.host}:${n.port}`).join(',')}`;
}

export interface ClientOptions {
  name: string;
  /**
   * BullMQ's connections must never give up a command (null). Ours fail fast instead of
   * piling up in an offline queue, so health checks and requests see an outage at once.
   */
  forQueues: boolean;
}

export function createRedis(topology: RedisTopology, options: ClientOptions): RedisClient {
  const common: RedisOptions = options.forQueues
    ? { connectionName: options.name, maxRetriesPerRequest: null }
    : { connectionName: options.name, enableOfflineQueue: false, maxRetriesPerRequest: 1, retryStrategy: (attempt) => Math.min(attempt * 200, 2_000) };
  let client: RedisClient;
  if (topology.kind === 'single') client = new Redis({ ...redisOptions(topology.url), ...common });
  else if (topology.kind === 'sentinel') {
    const { username, password, tls } = topology.auth;
    client = new Redis({ ...common, sentinels: topology.sentinels, name: topology.name, username, password, tls: tls ? {} : undefined, sentinelPassword: password });
  } else {
    const { username, password, tls } = topology.auth;
    client = new Cluster(topology.nodes, {
      redisOptions: { ...common, username, password, tls: tls ? {} : undefined },
      enableOfflineQueue: options.forQueues,
      // Slots move during a failover: ask again rather than fail the command.
      retryDelayOnFailover: 200,
      retryDelayOnClusterDown: 300,
      clusterRetryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
    });
  }
  // Connection errors surface where they matter (a command answers 503, readiness says down);
  // without a listener ioredis would print each reconnect attempt to stderr.
  client.on('error', () => undefined);
  return client;
}

/** True once the client can take commands (a Cluster: once its slots are known). */
export const isReady = (client: RedisClient) => client.status === 'ready';

/**
 * Every key name. Hash tags (`{...}`) keep the keys one command touches in one Cluster slot:
 * a queue's keys (BullMQ requires it), a cached value and its fence, a client's rate-limit
 * counters, the fleet's heartbeats.
 */
export class RedisKeys {
  constructor(readonly prefix: string) {}

  /** BullMQ's prefix for one queue: `<prefix>:bull:{<queue>}`, so each queue has a slot of its own. */
  bull(queue: string): string {
    return `${this.prefix}:bull:{${queue}}`;
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
