// The cv benchmark prints each process's CPU per CV by thread, and the Redis server's, and the
// benchmarks how the machine's CPU time went (busy, idle, stolen by the hypervisor): the
// readings come from /proc, by the names Linux gives threads and the title Redis gives itself.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, it } from 'node:test';
import { Worker } from 'node:worker_threads';
import { machineSplit, parseMachineCpu, redisServerPid, threadCpuSeconds } from '../../bench/support.js';

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

  it("splits the machine's CPU time into busy, idle and stolen from /proc/stat's first line", () => {
    // user nice system idle iowait irq softirq steal guest guest_nice (clock ticks)
    const before = parseMachineCpu('cpu  1000 10 200 5000 40 0 50 100 0 0\ncpu0 500 5 100 2500 20 0 25 50 0 0\n');
    assert.deepEqual(before, { busy: 1260, idle: 5040, steal: 100 });
    const after = parseMachineCpu('cpu  1600 10 300 5220 60 0 100 300 0 0\n');
    // 750 busy, 240 idle, 200 stolen of 1,190 ticks
    assert.equal(machineSplit(before, after), 'machine 63 % busy, 20 % idle, 17 % stolen');
    assert.throws(() => parseMachineCpu('intr 1 2 3\n'), /no cpu line/);
  });
});
