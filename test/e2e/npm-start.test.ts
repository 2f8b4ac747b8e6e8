// `npm start` as a new user runs it: it stops completely on SIGTERM to the npm process, keeps
// the product up when the worker crashes, comes up again after its supervisor was SIGKILLed
// (no stale lock, no leftover Redis), and refuses a bad configuration before starting anything,
// saying so once. Slow by nature (real processes, the real engine): about a minute.
import assert from 'node:assert/strict';
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';
import { NODE_FLAGS } from '../../src/bootstrap/node-flags.js';
import { freePortPair } from '../support/ports.js';
import { isRunning } from '../support/apps.js';
import { waitFor } from '../support/wait.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

interface NpmStart {
  npm: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function npmStart(env: Record<string, string>): NpmStart {
  const npm = spawn('npm', ['start'], {
    cwd: ROOT,
    // A clean environment, as a person's shell would have: not the test runner's services.
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? os.tmpdir(), LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  npm.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  npm.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => npm.once('exit', (code) => resolve(code)));
  return { npm, output: () => output, exited };
}

/** Every process below `pid`, from ps. */
function descendants(pid: number): number[] {
  const rows = execFileSync('ps', ['-eo', 'pid=,ppid='], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((l) => l.trim().split(/\s+/).map(Number));
  const found: number[] = [];
  const walk = (parent: number) => rows.filter(([, ppid]) => ppid === parent).forEach(([child]) => (found.push(child), walk(child)));
  walk(pid);
  return found;
}

const commandOf = (pid: number) => {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    return '';
  }
};

/** Waits for the product to say it runs; a timeout says what it printed instead. */
async function started(run: NpmStart, what: string): Promise<void> {
  await waitFor(what, () => (run.output().includes('Crowdhire is running') ? true : undefined), 60_000).catch((error: Error) => {
    throw new Error(`${error.message}; npm start printed:\n${run.output().slice(-3000)}`);
  });
}

describe('npm start', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'crowdhire-npmstart-'));
  const env = (port: number) => ({ PORT: String(port), CROWDHIRE_DATA_DIR: dataDir, DEV_IDP_KEY_FILE: path.join(dataDir, 'dev-idp.json') });
  after(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('restarts a crashed worker while the API stays up, and leaves nothing running after SIGTERM to npm', { timeout: 120_000 }, async () => {
    const port = await freePortPair();
    const run = npmStart(env(port));
    await started(run, 'Crowdhire is running');
    const tree = descendants(run.npm.pid!);
    const kinds = tree.map(commandOf);
    for (const part of ['scripts/run.mjs start', 'services-host.js', 'src/main.js', 'src/worker.js', 'redis-server']) {
      assert.ok(kinds.some((k) => k.includes(part)), `${part} is running: ${kinds.join(' | ')}`);
    }
    const api = kinds.find((k) => k.includes('src/main.js'))!;
    for (const flag of NODE_FLAGS.api) assert.ok(api.includes(flag), `the API runs with ${flag} (node-flags.ts): ${api}`);
    const worker = tree.find((p) => commandOf(p).includes('src/worker.js'))!;
    process.kill(worker, 'SIGKILL');
    await waitFor('the worker to be restarted', () => (descendants(run.npm.pid!).some((p) => p !== worker && commandOf(p).includes('src/worker.js')) ? true : undefined), 20_000);
    assert.match(run.output(), /worker exited unexpectedly .*restarting it/);
    assert.equal((await fetch(`http://127.0.0.1:${port}/health/live`)).status, 200, 'the API stayed up');

    const everything = [...new Set([...tree, ...descendants(run.npm.pid!)])];
    run.npm.kill('SIGTERM');
    await waitFor('every process of the product to stop', () => (everything.every((p) => !isRunning(p)) ? true : undefined), 20_000);
    await run.exited;
  });

  it('comes up again after its supervisor was killed with SIGKILL', { timeout: 120_000 }, async () => {
    const port = await freePortPair();
    const first = npmStart(env(port));
    await started(first, 'the first start');
    const tree = descendants(first.npm.pid!);
    const supervisor = tree.find((p) => commandOf(p).includes('scripts/run.mjs start'))!;
    process.kill(supervisor, 'SIGKILL');
    const printedBefore = first.output().length;
    // The data services stop at once; the API and the worker may find them gone, and each stops
    // within its bound (the worker: the 10 s grace period and 7 s more, create-worker.ts).
    await waitFor('its children to notice and stop', () => (tree.every((p) => !isRunning(p)) ? true : undefined), 30_000).catch((error: Error) => {
      const left = tree.filter(isRunning).map((p) => `${p} ${commandOf(p)}`);
      const since = first.output().slice(printedBefore);
      throw new Error(`${error.message}; still running: ${left.join(' | ')}; printed since the SIGKILL:\n${since.slice(0, 3000)}${since.length > 4000 ? `\n...\n${since.slice(-1000)}` : since.slice(3000)}`);
    });

    const second = npmStart(env(port));
    try {
      await waitFor('the second start', () => (second.output().includes('Crowdhire is running') || second.output().includes('did not start') ? true : undefined), 60_000);
      assert.ok(second.output().includes('Crowdhire is running'), second.output());
      assert.equal((await fetch(`http://127.0.0.1:${port}/health/live`)).status, 200);
    } finally {
      second.npm.kill('SIGTERM');
      await second.exited;
    }
  });

  it('checks the configuration before starting anything, and says what is wrong once', { timeout: 60_000 }, async () => {
    const run = npmStart({ ...env(await freePortPair()), PORT: 'abc', MATCH_WEIGHTS: 'mustHave:35,niceToHave:15,text:20,experience:10,seniority:8,location:7,salray:5' });
    assert.equal(await run.exited, 78);
    const out = run.output();
    assert.ok(!/Redis \(|MongoDB \(/.test(out), `nothing was started:\n${out}`);
    assert.equal(out.match(/PORT="abc": must be an integer from 0 to 65535/g)?.length, 1, out);
    assert.equal(out.match(/unknown weight "salray"/g)?.length, 1, out);
    assert.equal(out.match(/did not start/g)?.length, 1, 'said once');
    assert.match(out, /What to do: fix these in \.env/);
  });

  it('says what to do when the port is taken', { timeout: 60_000 }, async () => {
    const port = await freePortPair();
    const blocker = (await import('node:net')).createServer().listen(port, '0.0.0.0');
    try {
      const run = npmStart(env(port));
      assert.equal(await run.exited, 1);
      assert.match(run.output(), new RegExp(`port ${port} \\(PORT\\) is already in use[\\s\\S]*What to do: .*PORT=${port + 2} npm start`));
    } finally {
      blocker.close();
      await sleep(10);
    }
  });
});
