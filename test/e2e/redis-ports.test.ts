// Ports of the Redis servers the project starts: a redis-server that cannot bind its port fails
// with Redis's own reason (it logs to stdout, which was thrown away: the failover test once
// failed with "no output"), and a Cluster node's port and bus port (10000 above) are both free
// and below the kernel's ephemeral range, where an outgoing connection cannot take them.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { ephemeralLow } from '../../src/infra/embedded/ports.js';
import { clusterNodePort } from '../../src/infra/embedded/redis-cluster.js';
import { startRedisServer } from '../../src/infra/embedded/redis-server.js';

const listening = (port: number) =>
  new Promise<net.Server>((resolve, reject) => {
    // Whoever connects (the start's readiness probe) is hung up on, so close() has nothing to wait for.
    const server = net.createServer((socket) => socket.destroy());
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });

describe('Redis server ports', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crowdhire-redis-ports-'));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("reports Redis's own reason when its port is taken", async () => {
    const taken = await listening(0);
    const port = (taken.address() as net.AddressInfo).port;
    try {
      await assert.rejects(startRedisServer({ directory: path.join(dir, 'taken'), persistent: false, port }), (error: Error) => {
        assert.match(error.message, new RegExp(`did not start on port ${port}`));
        assert.match(error.message, /address already in use/i);
        return true;
      });
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
  });

  it('gives a Cluster node a port whose bus port is free too, both below the ephemeral range', async () => {
    const low = ephemeralLow();
    for (let i = 0; i < 20; i++) {
      const port = await clusterNodePort();
      assert.ok(port + 10_000 < low, `${port} + 10000 is below ${low}`);
      // Both can be bound now.
      const servers = [await listening(port), await listening(port + 10_000)];
      await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
    }
  });
});
