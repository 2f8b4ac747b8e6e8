// Ports for the tests that start the product the way a person does (`npm start`,
// scripts/start.js): PORT for the API and PORT + 1 for the worker's health port. Both come from
// below the kernel's ephemeral range, so no outgoing connection (of which the suite makes
// thousands) can take PORT + 1 between the check and the worker binding it, as happened when
// PORT came from the ephemeral range (freePort).
import fs from 'node:fs';
import net from 'node:net';

function ephemeralLow(): number {
  try {
    return Number(fs.readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]) || 32768;
  } catch {
    return 32768;
  }
}

const isFree = (port: number) =>
  new Promise<boolean>((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '0.0.0.0', () => server.close(() => resolve(true)));
  });

/** A port whose next one is free too, outside the ephemeral range. */
export async function freePortPair(): Promise<number> {
  const low = 10_000;
  const high = Math.max(low + 1_000, ephemeralLow() - 2);
  for (let attempt = 0; attempt < 100; attempt++) {
    const port = low + Math.floor(Math.random() * (high - low));
    if ((await isFree(port)) && (await isFree(port + 1))) return port;
  }
  throw new Error(`no two free ports next to each other between ${low} and ${high}`);
}
