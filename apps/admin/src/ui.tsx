// Small building blocks every page uses: data loading with loading and error states, tables,
// cursor pagination, figures, links to detail views and JSON values.
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

/** A link to a detail view of the dashboard (#/<page>/<id>). */
export function Go({ to, id, children, testId }: { to: 'submissions' | 'jobs' | 'candidates' | 'sourcers'; id: string; children: ReactNode; testId?: string }) {
  return (
    <a href={`#/${to}/${encodeURIComponent(id)}`} data-testid={testId}>
      {children}
    </a>
  );
}

/** A stored value (an audit entry's before or after) as indented JSON; nothing for null. */
export function Json({ value }: { value: unknown }) {
  if (value === null || value === undefined) return <span className="muted">—</span>;
  return <pre className="json">{JSON.stringify(value, null, 2)}</pre>;
}

/** Label and value pairs. */
export function Facts({ rows }: { rows: [string, ReactNode][] }) {
  return (
    <dl className="facts">
      {rows.map(([label, value]) => (
        <div key={label} style={{ display: 'contents' }}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
