// The HTTP request duration histogram, observed without allocating: one series per (route,
// method, status), found through nested maps and counted in a typed array, where prom-client's
// own Histogram builds and hashes a label object on every observation. prom-client's registry
// reads it at scrape time (get()) and prints it like any histogram.

interface Series {
  labels: { route: string; method: string; status: string };
  /** Count per bucket (not cumulative); the last slot is +Inf. */
  buckets: Float64Array;
  sum: number;
  count: number;
}

/** One line of the exposition, as prom-client's metrics give them from get(). */
interface Sample {
  labels: Record<string, string | number>;
  value: number;
  metricName: string;
}

export class RequestDurations {
  readonly name = 'http_request_duration_seconds';
  readonly help = 'HTTP request duration by route, method and status';
  readonly type = 'histogram';
  readonly aggregator = 'sum';
  private readonly byRoute = new Map<string, Map<string, Map<number, Series>>>();

  constructor(private readonly upperBounds: readonly number[]) {}

  observe(route: string, method: string, status: number, seconds: number): void {
    let byMethod = this.byRoute.get(route);
    if (!byMethod) this.byRoute.set(route, (byMethod = new Map()));
    let byStatus = byMethod.get(method);
    if (!byStatus) byMethod.set(method, (byStatus = new Map()));
    let series = byStatus.get(status);
    if (!series) byStatus.set(status, (series = { labels: { route, method, status: String(status) }, buckets: new Float64Array(this.upperBounds.length + 1), sum: 0, count: 0 }));
    let i = 0;
    while (i < this.upperBounds.length && seconds > this.upperBounds[i]) i++;
    series.buckets[i]++;
    series.sum += seconds;
    series.count++;
  }

  get(): Promise<{ name: string; help: string; type: string; aggregator: string; values: Sample[] }> {
    const values: Sample[] = [];
    for (const byMethod of this.byRoute.values()) {
      for (const byStatus of byMethod.values()) {
        for (const s of byStatus.values()) {
          let cumulative = 0;
          s.buckets.forEach((n, i) => {
            cumulative += n;
            values.push({ labels: { le: i < this.upperBounds.length ? this.upperBounds[i] : '+Inf', ...s.labels }, value: cumulative, metricName: `${this.name}_bucket` });
          });
          values.push({ labels: s.labels, value: s.sum, metricName: `${this.name}_sum` });
          values.push({ labels: s.labels, value: s.count, metricName: `${this.name}_count` });
        }
      }
    }
    return Promise.resolve({ name: this.name, help: this.help, type: this.type, aggregator: this.aggregator, values });
  }

  reset(): void {
    this.byRoute.clear();
  }
}
