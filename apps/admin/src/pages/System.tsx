import type { AdminControllerSystemResponse } from '../api-client/types.gen';
import { date, Loaded, Table, useApi } from '../ui';

type System = AdminControllerSystemResponse;

export function SystemPage() {
  const state = useApi<System>('/v1/admin/system');
  return (
    <Loaded state={state}>
      {(s) => (
        <>
          <Table
            testId="system"
            rows={Object.entries(s.dependencies)}
            columns={[
              { header: 'Dependency', cell: ([name]) => name },
              { header: 'Status', cell: ([, d]) => <span className={d.status === 'up' ? 'good' : 'bad'}>{d.status}</span> },
              { header: 'Latency', cell: ([, d]) => (d.latencyMs === undefined ? '' : `${d.latencyMs} ms`) },
              { header: 'Details', cell: ([, d]) => d.error ?? (d.workers !== undefined ? `${d.workers} worker(s)` : '') },
            ]}
          />
          <p className="muted">Checked {date(s.checkedAt)}</p>
          <button type="button" onClick={state.reload}>
            Check again
          </button>
        </>
      )}
    </Loaded>
  );
}
