// The chart itself (Recharts), loaded on first use through charts.tsx so the dashboard's first
// load does not wait for it: daily or weekly series with axes, a grid, tooltips with readable
// labels, a legend, and an empty state instead of a flat line when there is nothing to show.
import { Bar, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { TrendChartProps } from './charts';

const dayLabel = (iso: string) => new Date(`${iso}T00:00:00Z`).toLocaleDateString('en', { month: 'short', day: 'numeric', timeZone: 'UTC' });
const asPercent = (v: number) => `${Math.round(v * 100)}%`;

export default function TrendChart({ data, series, title, empty, testId, height = 260 }: TrendChartProps) {
  const values = data.flatMap((d) => series.map((s) => d[s.key]));
  // Rates are null on days without a check; counts are 0. Nothing but those: nothing to draw.
  const hasData = values.some((v) => v !== null && v !== undefined && v !== 0);
  const rates = series.some((s) => s.rate);
  const counts = series.some((s) => !s.rate);
  return (
    <figure className="chart" data-testid={testId} aria-label={title}>
      <figcaption>{title}</figcaption>
      {!hasData ? (
        <p className="muted chart-empty" data-testid={`${testId}-empty`}>
          {empty}
        </p>
      ) : (
        <ResponsiveContainer width="100%" height={height}>
          <ComposedChart data={data} margin={{ top: 8, right: rates && counts ? 8 : 16, bottom: 4, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="#e5e7eb" />
            <XAxis dataKey="date" tickFormatter={dayLabel} minTickGap={24} tick={{ fontSize: 12 }} />
            {counts && <YAxis yAxisId="count" allowDecimals={false} width={40} tick={{ fontSize: 12 }} />}
            {rates && <YAxis yAxisId="rate" orientation={counts ? 'right' : 'left'} domain={[0, 1]} tickFormatter={asPercent} width={44} tick={{ fontSize: 12 }} />}
            <Tooltip
              itemSorter={(item) => series.findIndex((s) => s.label === item.name)}
              labelFormatter={(label) => dayLabel(String(label))}
              formatter={(value, name) => {
                const s = series.find((x) => x.label === name);
                return [value === null || value === undefined ? '—' : s?.rate ? asPercent(Number(value)) : String(value), name];
              }}
            />
            <Legend itemSorter={(item) => series.findIndex((s) => s.label === item.value)} />
            {series.map((s) =>
              s.kind === 'bar' ? (
                <Bar key={s.key} yAxisId={s.rate ? 'rate' : 'count'} dataKey={s.key} name={s.label} fill={s.color} isAnimationActive={false} />
              ) : (
                <Line key={s.key} yAxisId={s.rate ? 'rate' : 'count'} type="monotone" dataKey={s.key} name={s.label} stroke={s.color} strokeWidth={2} dot={false} connectNulls isAnimationActive={false} />
              ),
            )}
          </ComposedChart>
        </ResponsiveContainer>
      )}
    </figure>
  );
}
