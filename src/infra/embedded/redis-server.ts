// Runs Debian's redis-server as a child process on a free loopback port, for `npm start`
// (persistent, append-only) and for tests (throwaway). Never used when REDIS_URL is set.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { findCommand, installHint, REDIS_SERVER } from './system-packages.js';
import { StartupProblem } from './startup-problem.js';

export interface RedisServerOptions {
  /** Working directory for the AOF files; with `persistent: false` nothing is written there. */
  directory: string;
  persistent: boolean;
  port?: number;
  /** More redis-server arguments (e.g. cluster mode). */
  args?: string[];
  /** A configuration file, read before the arguments (a sentinel needs one it may rewrite). */
  configFile?: string;
}

export interface RedisServer {
  readonly url: string;
  readonly port: number;
  readonly pid: number | undefined;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.once('error', () => done(false));
    // Something else on the port that hangs up without a word is not Redis either.
    socket.once('close', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => done(data.toString().startsWith('+PONG')));
  });
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/** The command line of a live process, or null. */
function commandLine(pid: number): string | null {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
  } catch {
    return null;
  }
}

/**
 * A redis-server left running on this data directory by a start that was killed (its pid file
 * says so): it is stopped, so it cannot hold the port or files of the new one.
 */
async function stopLeftover(pidFile: string, log: (line: string) => void): Promise<void> {
  const pid = Number(fs.existsSync(pidFile) ? fs.readFileSync(pidFile, 'utf8').trim() : NaN);
  if (!Number.isInteger(pid) || pid <= 1) return;
  const command = commandLine(pid);
  if (!command?.includes('redis-server')) return;
  log(`stopping a redis-server (pid ${pid}) left running by an earlier start`);
  process.kill(pid, 'SIGTERM');
  for (let i = 0; i < 100 && commandLine(pid) !== null; i++) await sleep(100);
  if (commandLine(pid) !== null) process.kill(pid, 'SIGKILL');
}

export async function startRedisServer(options: RedisServerOptions, binary = findCommand(REDIS_SERVER.command), log: (line: string) => void = () => undefined): Promise<RedisServer> {
  if (!binary) throw new StartupProblem('redis-server is not installed', `install with: ${installHint([REDIS_SERVER])}`);
  fs.mkdirSync(options.directory, { recursive: true });
  const pidFile = path.join(options.directory, 'redis-server.pid');
  await stopLeftover(pidFile, log);
  const port = options.port ?? (await freePort());
  const args = [
    ...(options.configFile ? [options.configFile] : []),
    '--pidfile', pidFile,
    '--port', String(port),
    '--bind', '127.0.0.1',
    '--dir', options.directory,
    '--save', '',
    '--appendonly', options.persistent ? 'yes' : 'no',
    '--appendfsync', 'everysec',
    '--daemonize', 'no',
    '--protected-mode', 'yes',
    '--loglevel', 'warning',
    '--logfile', '',
    ...(options.args ?? []),
  ];
  // With --logfile '' redis logs to stdout: why it stopped (a port in use) is said there.
  const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let output = '';
  const keep = (d: Buffer) => void (output = (output + d.toString()).slice(-4_000));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const deadline = Date.now() + 10_000;
  while (!(await ping(port))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`redis-server did not start on port ${port}: ${output.trim() || 'no output'}`);
    }
    await sleep(50);
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    pid: child.pid,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM'); // redis flushes the AOF and exits on SIGTERM
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited(child);
      clearTimeout(timer);
    },
  };
}
