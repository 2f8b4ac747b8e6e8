// Debian packages the local start and the tests need (redis-server, chromium, ps, readelf):
// found on PATH, or installed with apt-get when running as root on a machine that has it;
// otherwise a StartupProblem with the exact command to run.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { StartupProblem } from './startup-problem.js';

export interface SystemPackage {
  /** The command (or absolute path) that must exist. */
  command: string;
  /** The Debian package that provides it. */
  package: string;
}

export const REDIS_SERVER: SystemPackage = { command: 'redis-server', package: 'redis-server' };
export const CHROMIUM: SystemPackage = { command: '/usr/bin/chromium', package: 'chromium' };

export function findCommand(command: string): string | undefined {
  if (command.startsWith('/')) return fs.existsSync(command) ? command : undefined;
  const found = spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' });
  const path = found.stdout.trim();
  return found.status === 0 && path ? path : undefined;
}

export const installHint = (packages: SystemPackage[]) => `sudo apt-get update && sudo apt-get install -y --no-install-recommends ${packages.map((p) => p.package).join(' ')}`;

/** Every command's path, installing the missing packages in one apt-get run when possible. */
export function ensureSystemPackages(packages: SystemPackage[], log: (line: string) => void): string[] {
  const missing = packages.filter((p) => !findCommand(p.command));
  if (missing.length > 0) {
    const canInstall = process.getuid?.() === 0 && !!findCommand('apt-get');
    if (!canInstall) throw new StartupProblem(`${missing.map((p) => p.package).join(', ')} ${missing.length > 1 ? 'are' : 'is'} not installed`, `install with: ${installHint(missing)}`);
    log(`installing ${missing.map((p) => p.package).join(', ')} with apt-get (running as root)`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    for (const args of [['update'], ['install', '-y', '--no-install-recommends', ...missing.map((p) => p.package)]]) {
      const run = spawnSync('apt-get', args, { stdio: ['ignore', 'ignore', 'inherit'], env });
      if (run.status !== 0) throw new StartupProblem(`apt-get ${args[0]} failed`, `install with: ${installHint(missing)}`);
    }
  }
  return packages.map((p) => {
    const path = findCommand(p.command);
    if (!path) throw new StartupProblem(`${p.package} is still missing after installing it`, `install with: ${installHint([p])}`);
    return path;
  });
}
