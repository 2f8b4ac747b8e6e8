// Small building blocks every page uses: data loading with loading and error states, tables,
// cursor pagination, figures and a chart.
import { type ReactNode, useCallback, useEffect, useState } from 'react';
import { api, ApiError, type Page } from './api';

export function useApi<T>(path: string | null): { data: T | null; error: ApiError | Error | null; loading: boolean; reload: () => void } {
  const [state, setState] = useState<{ data: T | null; error: Error | null; loading: boolean }>({ data: null, error: null, loading: true });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    if (!path) return;
    let live = true;
    setState((s) => ({ ...s, loading: true, error: null }));
    api<T>(path).then(
      (data) => live && setState({ data, error: null, loading: false }),
      (error: Error) => live && setState({ data: null, error, loading: false }),
    );
    return () => {
      live = false;
    };
  }, [path, tick]);
  return { ...state, reload: useCallback(() => setTick((t) => t + 1), []) };
}

export function Loading() {
  return (
    <p className="muted" role="status">
      Loading…
    </p>
  );
}

export function ErrorBox({ error, onRetry }: { error: Error; onRetry?: () => void }) {
  return (
    <div className="error" role="alert">
      <strong>{error instanceof ApiError ? error.code : 'Error'}</strong>: {error.message}
      {onRetry && (
        <button type="button" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}

/** Renders loading, error or content for one request. */
export function Loaded<T>({ state, children }: { state: ReturnType<typeof useApi<T>>; children: (data: T) => ReactNode }) {
  if (state.error) return <ErrorBox error={state.error} onRetry={state.reload} />;
  if (state.loading || !state.data) return <Loading />;
  return <>{children(state.data)}</>;
}

export interface Column<T> {
  header: string;
  cell: (row: T) => ReactNode;
}

export function Table<T>({ rows, columns, empty = 'Nothing here yet.', testId }: { rows: T[]; columns: Column<T>[]; empty?: string; testId?: string }) {
  if (rows.length === 0) return <p className="muted">{empty}</p>;
  return (
    <div className="table-wrap">
    <table data-testid={testId}>
      <thead>
        <tr>
          {columns.map((c) => (
            <th key={c.header}>{c.header}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row, i) => (
          <tr key={i}>
            {columns.map((c) => (
              <td key={c.header}>{c.cell(row)}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
    </div>
  );
}

/** A cursor-paged list from one API path (`?limit=&cursor=` added here). */
export function PagedTable<T>({ path, columns, empty, testId }: { path: string; columns: Column<T>[]; empty?: string; testId?: string }) {
  const [cursors, setCursors] = useState<string[]>([]);
  useEffect(() => setCursors([]), [path]);
  const cursor = cursors.at(-1);
  const sep = path.includes('?') ? '&' : '?';
  const state = useApi<Page<T>>(`${path}${sep}limit=20${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
  return (
    <Loaded state={state}>
      {(page) => (
        <>
          <Table rows={page.items} columns={columns} empty={empty} testId={testId} />
          <div className="pager">
            <button type="button" disabled={cursors.length === 0} onClick={() => setCursors((c) => c.slice(0, -1))}>
              Previous
            </button>
            <span className="muted">Page {cursors.length + 1}</span>
            <button type="button" disabled={!page.nextCursor} onClick={() => page.nextCursor && setCursors((c) => [...c, page.nextCursor!])}>
              Next
            </button>
          </div>
        </>
      )}
    </Loaded>
  );
}

export function Figure({ label, value, testId }: { label: string; value: ReactNode; testId?: string }) {
  return (
    <div className="figure">
      <div className="value" data-testid={testId}>
        {value}
      </div>
      <div className="label">{label}</div>
    </div>
  );
}

export const percent = (v: number | null | undefined) => (v === null || v === undefined ? '—' : `${(v * 100).toFixed(1)}%`);
export const money = (amount: number, currency: string) => new Intl.NumberFormat('en', { style: 'currency', currency }).format(amount / 100);
export const date = (v: string | null | undefined) => (v ? new Date(v).toLocaleString() : '—');

/** A plain SVG line chart of daily series. */
export function LineChart({ days, series }: { days: { date: string; [k: string]: number | string }[]; series: { key: string; color: string }[] }) {
  const width = 720;
  const height = 200;
  const max = Math.max(1, ...days.flatMap((d) => series.map((s) => Number(d[s.key]))));
  const x = (i: number) => 30 + (i * (width - 40)) / Math.max(1, days.length - 1);
  const y = (v: number) => height - 20 - (v * (height - 40)) / max;
  return (
    <figure>
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label="Activity over the last days">
        <line x1={30} y1={height - 20} x2={width - 10} y2={height - 20} stroke="#ccc" />
        <text x={4} y={24} fontSize="11" fill="#666">
          {max}
        </text>
        {series.map((s) => (
          <polyline key={s.key} fill="none" stroke={s.color} strokeWidth={2} points={days.map((d, i) => `${x(i)},${y(Number(d[s.key]))}`).join(' ')} />
        ))}
        <text x={30} y={height - 4} fontSize="11" fill="#666">
          {days[0]?.date}
        </text>
        <text x={width - 80} y={height - 4} fontSize="11" fill="#666">
          {days.at(-1)?.date}
        </text>
      </svg>
      <figcaption>
        {series.map((s) => (
          <span key={s.key} style={{ color: s.color, marginRight: 12 }}>
            ■ {s.key}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}
