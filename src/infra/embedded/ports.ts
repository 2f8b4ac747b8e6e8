// Free local ports outside the kernel's ephemeral range. Outgoing connections take their local
// ports from that range, so a port chosen there and bound a moment later can already be gone;
// a second port derived from the first (the worker's PORT + 1, a Redis Cluster node's bus port
// 10000 above) is not even checked by asking the kernel for a free one.
import fs from 'node:fs';
import net from 'node:net';

/** The lowest port of the kernel's ephemeral range. */
export function ephemeralLow(): number {
  try {
    return Number(fs.readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]) || 32768;
  } catch {
    return 32768;
  }
}

/** Whether `port` can be bound on `host` now. */
export function isFree(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}

/**
 * A port from 10000 up whose companion ports (`port + offset` for each offset) are free too, all
 * below the ephemeral range.
 */
export async function freePortWith(offsets: number[], host = '127.0.0.1'): Promise<number> {
  const low = 10_000;
  const high = Math.max(low + 1_000, ephemeralLow() - Math.max(0, ...offsets) - 1);
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = low + Math.floor(Math.random() * (high - low));
    let free = await isFree(port, host);
    for (const offset of offsets) free = free && (await isFree(port + offset, host));
    if (free) return port;
  }
  throw new Error(`no free port between ${low} and ${high} with ${offsets.map((o) => `port + ${o}`).join(', ')} free too`);
}
