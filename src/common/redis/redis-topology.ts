// Redis deployments as data: one node, a Cluster or a Sentinel group, parsed from settings.
// Pure (no clients, no configuration), so the configuration can validate with it.
import type { RedisOptions } from 'ioredis';

export type RedisTopology =
  | { kind: 'single'; url: string }
  | { kind: 'cluster'; nodes: { host: string; port: number }[]; auth: Auth }
  | { kind: 'sentinel'; sentinels: { host: string; port: number }[]; name: string; auth: Auth };

export interface Auth {
  username?: string;
  password?: string;
  tls: boolean;
}

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

export function parseHostPorts(list: string[]): { host: string; port: number }[] {
  return list.map((entry) => {
    const [host, port] = entry.trim().split(/:(?=\d+$)/);
    return { host, port: Number(port ?? 6379) };
  });
}

/**
 * A deployment written as one string: `redis://` or `rediss://` (one node),
 * `redis+cluster://[user:pass@]host:port,host:port` or
 * `redis+sentinel://[user:pass@]host:port,host:port/<master name>`. Throws on anything else.
 */
export function parseRedisSpec(spec: string): RedisTopology {
  const m = /^(rediss?)(\+cluster|\+sentinel)?:\/\/(?:([^:@/]*)(?::([^@/]*))?@)?([^/?#]+)(?:\/([^?#]*))?$/.exec(spec.trim());
  if (!m) throw new Error(`not a Redis address: ${spec}`);
  const [, scheme, variant, username, password, hosts, path] = m;
  if (!variant) return { kind: 'single', url: spec.trim() };
  const auth: Auth = { username: username ? decodeURIComponent(username) : undefined, password: password ? decodeURIComponent(password) : undefined, tls: scheme === 'rediss' };
  const nodes = parseHostPorts(hosts.split(','));
  if (variant === '+cluster') return { kind: 'cluster', nodes, auth };
  if (!path) throw new Error(`a sentinel address names its master: ${spec}`);
  return { kind: 'sentinel', sentinels: nodes, name: decodeURIComponent(path), auth };
}

