import { useState } from 'react';
import { call } from '../api';
import { adminControllerRemove, adminControllerRetry } from '../api-client/sdk.gen';
import type { AdminControllerFailedResponse, AdminControllerQueueCountsResponse } from '../api-client/types.gen';
import { date, ErrorBox, Loaded, Table, useApi } from '../ui';

type Counts = AdminControllerQueueCountsResponse['queues'];
type FailedJob = AdminControllerFailedResponse['items'][number];

export function QueuesPage() {
  const counts = useApi<{ queues: Counts }>('/v1/admin/queues');
  const [queue, setQueue] = useState('files');
  return (
    <Loaded state={counts}>
      {(data) => (
        <>
          <button type="button" onClick={counts.reload}>
            Refresh
          </button>
          <Table
            testId="queue-counts"
            rows={Object.entries(data.queues)}
            columns={[
              { header: 'Queue', cell: ([name]) => name },
              ...['waiting', 'active', 'delayed', 'completed', 'failed'].map((state) => ({ header: state, cell: ([, c]: [string, Record<string, number>]) => c[state] ?? 0 })),
            ]}
          />
          <h2>Failed jobs</h2>
          <select value={queue} onChange={(e) => setQueue(e.target.value)} aria-label="Queue">
            {Object.keys(data.queues).map((q) => (
              <option key={q}>{q}</option>
            ))}
          </select>
          <FailedJobs key={queue} queue={queue} onChange={counts.reload} />
        </>
      )}
    </Loaded>
  );
}

const PAGE = 20;

function FailedJobs({ queue, onChange }: { queue: string; onChange: () => void }) {
  const [offset, setOffset] = useState(0);
  const state = useApi<{ items: FailedJob[]; total: number }>(`/v1/admin/queues/${queue}/failed?limit=${PAGE}&offset=${offset}`);
  const [actionError, setActionError] = useState<Error | null>(null);
  const act = async (id: string, action: 'retry' | 'remove') => {
    setActionError(null);
    try {
      if (action === 'retry') await call(adminControllerRetry({ path: { queue, id } }));
      else await call(adminControllerRemove({ path: { queue, id } }));
    } catch (error) {
      setActionError(error as Error);
    }
    state.reload();
    onChange();
  };
  return (
    <>
      {actionError && <ErrorBox error={actionError} />}
      <Loaded state={state}>
        {(data) => (
          <>
          <Table
            testId="failed-jobs"
            rows={data.items}
            empty="No failed jobs."
            columns={[
              { header: 'Job', cell: (j) => j.id },
              { header: 'Name', cell: (j) => j.name },
              { header: 'Error', cell: (j) => j.failedReason },
              { header: 'Attempts', cell: (j) => j.attemptsMade },
              { header: 'Failed', cell: (j) => date(j.failedAt) },
              {
                header: 'Actions',
                // BullMQ's job id is optional in its type; a failed job always has one.
                cell: (j) => (
                  <>
                    <button type="button" disabled={!j.id} onClick={() => act(j.id ?? '', 'retry')}>
                      Retry
                    </button>{' '}
                    <button type="button" disabled={!j.id} onClick={() => act(j.id ?? '', 'remove')}>
                      Remove
                    </button>
                  </>
                ),
              },
            ]}
          />
          <div className="pager">
            <button type="button" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>
              Previous
            </button>
            <span className="muted">
              {data.total === 0 ? 0 : offset + 1}–{Math.min(offset + PAGE, data.total)} of {data.total}
            </span>
            <button type="button" disabled={offset + PAGE >= data.total} onClick={() => setOffset(offset + PAGE)}>
              Next
            </button>
          </div>
          </>
        )}
      </Loaded>
    </>
  );
}
