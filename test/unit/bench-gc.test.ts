// The http benchmark reports how much of the API's CPU time went to garbage collection during
// its trivial rounds, from the API's own /metrics: the figures must come from the exposition
// prom-client prints on this Node.js (young-generation collections as kind="minor").
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { describeGc, gcTotals } from '../../bench/http.bench.js';

async function serving(body: () => Promise<string>, run: (url: string) => Promise<void>): Promise<void> {
  const server = http.createServer((_req, res) => void body().then((text) => res.end(text)));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    await run(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}

describe('benchmark garbage-collection report', () => {
  it('reads young and full collections from a prom-client registry of this process', async () => {
    const registry = new Registry();
    collectDefaultMetrics({ register: registry });
    await serving(
      () => registry.metrics(),
      async (url) => {
        const before = await gcTotals(url);
        // Enough short-lived garbage for several young-generation collections.
        let keep = 0;
        for (let i = 0; i < 2_000_000; i++) keep += { i, s: `x${i}` }.s.length;
        assert.ok(keep > 0);
        await new Promise((resolve) => setTimeout(resolve, 50)); // gc entries are delivered asynchronously
        const after = await gcTotals(url);
        assert.ok(after.minor.count > (before.minor?.count ?? 0), `young collections counted: ${JSON.stringify({ before, after })}`);
        assert.ok(after.minor.seconds > (before.minor?.seconds ?? 0));
      },
    );
  });

  it('gives the pauses between two readings as a share of the CPU time used meanwhile', () => {
    const before = { minor: { seconds: 1, count: 10 }, major: { seconds: 0.5, count: 1 } };
    const after = { minor: { seconds: 1.25, count: 30 }, major: { seconds: 0.5, count: 1 }, incremental: { seconds: 0.05, count: 2 } };
    assert.equal(describeGc(before, after, 2.5), '20 young-generation collections, 250 ms (10.0 % of its CPU time); 2 full-collection pauses, 50 ms (2.0 %)');
  });

  it('fails naming the URL when the answer has no collections', async () => {
    await serving(
      () => Promise.resolve('process_cpu_seconds_total 1\n'),
      async (url) => {
        await assert.rejects(gcTotals(url), new RegExp(`${url}/metrics has no nodejs_gc_duration_seconds`));
      },
    );
  });
});
