// The cv benchmark prints each process's CPU per CV by thread, and the Redis server's: the
// readings come from /proc, by the names Linux gives threads and the title Redis gives itself.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, it } from 'node:test';
import { Worker } from 'node:worker_threads';
import { redisServerPid, threadCpuSeconds } from '../../bench/support.js';

describe('benchmark CPU readings', () => {
  it('counts the CPU of a worker thread under its own name, apart from the main thread', async () => {
    const before = threadCpuSeconds(process.pid);
    assert.ok(before.has('node') || [...before.keys()].some((name) => name.includes('MainThread')), `main thread among ${[...before.keys()].join(', ')}`);
    const worker = new Worker('const end = Date.now() + 300; while (Date.now() < end);', { eval: true });
    await new Promise((resolve) => setTimeout(resolve, 250)); // read while it still spins
    const during = threadCpuSeconds(process.pid);
    await once(worker, 'exit');
    const spent = (during.get('WorkerThread') ?? 0) - (before.get('WorkerThread') ?? 0);
    assert.ok(spent >= 0.1, `WorkerThread used ${spent} s of CPU: ${JSON.stringify([...during])}`);
  });

  it('finds the Redis server of a URL by the title it gives itself, and only that port', async () => {
    const port = 40000 + (process.pid % 20000);
    // What Redis leaves in /proc/<pid>/cmdline: `/usr/bin/redis-server 127.0.0.1:<port>`.
    const fake = spawn('bash', ['-c', `exec -a "/usr/bin/redis-server 127.0.0.1:${port}" sleep 30`], { stdio: 'ignore' });
    try {
      await new Promise((resolve) => setTimeout(resolve, 200));
      assert.equal(redisServerPid(`redis://127.0.0.1:${port}`), fake.pid);
      assert.equal(redisServerPid(`redis://127.0.0.1:${String(port).slice(0, -1)}`), undefined);
    } finally {
      fake.kill();
    }
  });
});
