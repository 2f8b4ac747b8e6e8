// The request duration histogram counts like prom-client's own: cumulative buckets with le,
// +Inf, sum and count per (route, method, status), printed by a prom-client registry.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Histogram, Registry } from 'prom-client';
import { RequestDurations } from '../../src/common/metrics/request-durations.js';

describe('request durations', () => {
  it('prints the same exposition as a prom-client Histogram fed the same observations', async () => {
    const buckets = [0.005, 0.01, 0.1, 1];
    const observations: [string, string, number, number][] = [
      ['/v1/jobs', 'GET', 200, 0.003],
      ['/v1/jobs', 'GET', 200, 0.01],
      ['/v1/jobs', 'GET', 200, 0.5],
      ['/v1/jobs', 'GET', 200, 3],
      ['/v1/jobs', 'POST', 201, 0.02],
      ['unmatched', 'GET', 404, 0.001],
    ];
    const ours = new Registry();
    const durations = new RequestDurations(buckets);
    ours.registerMetric(durations as unknown as Histogram);
    const theirs = new Registry();
    const reference = new Histogram({ name: 'http_request_duration_seconds', help: 'HTTP request duration by route, method and status', labelNames: ['route', 'method', 'status'], buckets, registers: [theirs] });
    for (const [route, method, status, seconds] of observations) {
      durations.observe(route, method, status, seconds);
      reference.observe({ route, method, status: String(status) }, seconds);
    }
    assert.equal(await ours.metrics(), await theirs.metrics());
    durations.reset();
    assert.doesNotMatch(await ours.metrics(), /_count/);
  });
});
