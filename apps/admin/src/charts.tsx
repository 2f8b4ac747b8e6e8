// Charts for the pages: TrendChart draws daily or weekly series (trend-chart.tsx, with Recharts,
// loaded on first use), showing a placeholder of the same size meanwhile.
import { lazy, Suspense } from 'react';

export interface Series {
  key: string;
  label: string;
  color: string;
  /** Bars share the left axis with lines of counts; rates get their own axis on the right. */
  kind?: 'line' | 'bar';
  rate?: boolean;
}

export interface TrendChartProps {
  data: { date: string; [field: string]: string | number | null }[];
  series: Series[];
  title: string;
  /** Shown instead of the chart when every value is zero or missing. */
  empty: string;
  testId: string;
  height?: number;
}

/** The AI check's outcomes over time (overview by day, a sourcer by week): how many, and the shares quality is judged by. */
export const OUTCOME_SERIES: Series[] = [
  { key: 'checked', label: 'Checked', color: '#94a3b8', kind: 'bar' },
  { key: 'passRate', label: 'Pass rate', color: '#16a34a', rate: true },
  { key: 'notQuiteRightShare', label: 'Not quite right (limit 25%)', color: '#f59e0b', rate: true },
  { key: 'irrelevantShare', label: 'Totally irrelevant (limit 3.5%)', color: '#dc2626', rate: true },
];

const Chart = lazy(() => import('./trend-chart'));

export function TrendChart(props: TrendChartProps) {
  return (
    <Suspense fallback={<div className="chart" style={{ minHeight: (props.height ?? 260) + 40 }} aria-busy="true" />}>
      <Chart {...props} />
    </Suspense>
  );
}
