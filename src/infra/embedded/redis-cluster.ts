// A real Redis Cluster on loopback ports from Debian's redis-server, for the tests and the
// benchmarks: N masters with R replicas each, created with `redis-cli --cluster create`. A
// node can be killed (a failover follows after the node timeout) and started again.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePortWith } from './ports.js';
import { type RedisServer, startRedisServer } from './redis-server.js';
import { findCommand } from './system-packages.js';

export interface RedisClusterOptions {
  directory: string;
  masters?: number;
  replicasPerMaster?: number;
  /** How long a node may be unreachable before a replica takes over (and how fast tests fail over). */
  nodeTimeoutMs?: number;
}

export interface RedisCluster {
  /** host:port of every node, as REDIS_CLUSTER_NODES wants them. */
  readonly nodes: string[];
  readonly ports: number[];
  /** Current masters' ports. */
  masters(): Promise<number[]>;
  kill(port: number): Promise<void>;
  restart(port: number): Promise<void>;
  stop(): Promise<void>;
}

/** One command to one node, over a raw socket (no client library, no cluster redirects). */
export function command(port: number, ...args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let data = '';
    socket.setTimeout(2_000, () => socket.destroy(new Error('timeout')));
    socket.on('error', reject);
    // After an answer this changes nothing; before one, the node hung up on the command.
    socket.on('close', () => reject(new Error(`node ${port} closed the connection before answering ${args[0]}`)));
    socket.on('data', (chunk) => {
      data += chunk.toString();
      // A bulk string: "$<length>\r\n<body>\r\n"; anything else is one line.
      const bulk = /^\$(\d+)\r\n/.exec(data);
      if ((bulk && data.length >= bulk[0].length + Number(bulk[1]) + 2) || (!bulk && data.endsWith('\r\n') && !data.startsWith('$'))) {
        socket.end();
        resolve(bulk ? data.slice(bulk[0].length, bulk[0].length + Number(bulk[1])) : data.trim());
      }
    });
    socket.on('connect', () => socket.write(`*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`));
  });
}

async function clusterOk(ports: number[]): Promise<boolean> {
  for (const port of ports) {
    const info = await command(port, 'CLUSTER', 'INFO').catch(() => '');
    if (!/cluster_state:ok/.test(info) || !/cluster_slots_assigned:16384/.test(info)) return false;
  }
  return true;
}

/** A node binds its port and, 10000 above it, its cluster bus port. */
const BUS_OFFSET = 10_000;

/**
 * A port for a cluster node: it and its bus port free, both below the ephemeral range. A port
 * from the kernel (freePort) put the bus port inside that range, where any outgoing connection
 * could take it before the node bound it (the node then exited at once).
 */
export function clusterNodePort(): Promise<number> {
  return freePortWith([BUS_OFFSET]);
}

export async function startRedisCluster(options: RedisClusterOptions): Promise<RedisCluster> {
  const masters = options.masters ?? 3;
  const replicas = options.replicasPerMaster ?? 1;
  const timeout = options.nodeTimeoutMs ?? 1_000;
  const cli = findCommand('redis-cli');
  if (!cli) throw new Error('redis-cli is missing (Debian package redis-tools, which redis-server depends on)');
  const servers = new Map<number, RedisServer>();
  const startOn = async (port: number) => {
    // Each node's directory is named by its port, so a restarted node finds its nodes.conf.
    const dir = path.join(options.directory, `node-${port}`);
    fs.mkdirSync(dir, { recursive: true });
    const server = await startRedisServer(
      {
        directory: dir,
        persistent: false,
        port,
        args: ['--cluster-enabled', 'yes', '--cluster-config-file', path.join(dir, 'nodes.conf'), '--cluster-node-timeout', String(timeout), '--cluster-require-full-coverage', 'no'],
      },
    );
    servers.set(server.port, server);
    return server;
  };
  // A restarted node needs its own port; a new one takes another port if another process took
  // the one chosen (or its bus port) in the moment before the node bound it.
  const start = async (wanted?: number) => {
    if (wanted !== undefined) return startOn(wanted);
    for (let attempt = 1; ; attempt++) {
      const port = await clusterNodePort();
      try {
        return await startOn(port);
      } catch (error) {
        if (attempt >= 3) throw error;
        fs.rmSync(path.join(options.directory, `node-${port}`), { recursive: true, force: true });
      }
    }
  };
  try {
    for (let i = 0; i < masters * (1 + replicas); i++) await start();
    const ports = [...servers.keys()];
    const created = spawnSync(cli, ['--cluster', 'create', ...ports.map((p) => `127.0.0.1:${p}`), '--cluster-replicas', String(replicas), '--cluster-yes'], { encoding: 'utf8' });
    if (created.status !== 0) throw new Error(`redis-cli --cluster create failed: ${created.stdout}${created.stderr}`);
    const deadline = Date.now() + 20_000;
    while (!(await clusterOk(ports))) {
      if (Date.now() > deadline) throw new Error('the Redis Cluster did not reach cluster_state:ok within 20 s');
      await sleep(100);
    }
    return {
      nodes: ports.map((p) => `127.0.0.1:${p}`),
      ports,
      async masters() {
        const lines = (await command(ports.find((p) => servers.has(p))!, 'CLUSTER', 'NODES')).split('\n');
        return lines
          .map((l) => l.split(' '))
          .filter((f) => f.length > 2 && f[2].split(',').includes('master') && !f[2].includes('fail'))
          .map((f) => Number(/:(\d+)@/.exec(f[1])![1]));
      },
      async kill(port) {
        const server = servers.get(port);
        if (!server) return;
        servers.delete(port);
        if (server.pid) process.kill(server.pid, 'SIGKILL');
        await server.stop();
      },
      async restart(port) {
        await start(port);
      },
      async stop() {
        await Promise.all([...servers.values()].map((s) => s.stop()));
      },
    };
  } catch (error) {
    await Promise.all([...servers.values()].map((s) => s.stop()));
    throw error;
  }
}
