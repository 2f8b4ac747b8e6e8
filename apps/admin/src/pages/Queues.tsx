import { useState } from 'react';
import { call } from '../api';
import { adminControllerBoardSession, adminControllerRemove, adminControllerRetry } from '../api-client/sdk.gen';
import type { AdminControllerFailedResponse, AdminControllerQueueCountsResponse } from '../api-client/types.gen';
import { date, ErrorBox, Loaded, PagedTable, Table, useApi } from '../ui';

type Counts = AdminControllerQueueCountsResponse['queues'];
type Throughput = AdminControllerQueueCountsResponse['throughput'];
type FailedJob = AdminControllerFailedResponse['items'][number];

/** Opens Bull Board in a new tab: the API first sets the board's session cookie for this browser. */
function BoardLink() {
  const [error, setError] = useState<Error | null>(null);
  const open = async () => {
    setError(null);
    // Opened before the request, so the browser does not take the new tab for a pop-up.
    const tab = window.open('about:blank', '_blank');
    try {
      const { url } = await call(adminControllerBoardSession());
      if (tab) tab.location.href = url;
      else location.assign(url);
    } catch (e) {
      tab?.close();
      setError(e as Error);
    }
  };
  return (
    <>
      <button type="button" className="primary" onClick={() => void open()}>
        Open Bull Board
      </button>
      <span className="muted"> every job of every queue, with its data, logs and history</span>
      {error && <ErrorBox error={error} />}
    </>
  );
}

export function QueuesPage() {
  const counts = useApi<{ queues: Counts; throughput: Throughput }>('/v1/admin/queues');
  const [queue, setQueue] = useState('files');
  return (
    <Loaded state={counts}>
      {(data) => (
        <>
          <p>
            <BoardLink />
          </p>
          <button type="button" onClick={counts.reload}>
            Refresh
          </button>
          <Table
            testId="queue-counts"
            rows={Object.entries(data.queues)}
            columns={[
              { header: 'Queue', cell: ([name]) => name },
              ...['waiting', 'active', 'delayed', 'failed'].map((state) => ({ header: state, cell: ([, c]: [string, Record<string, number>]) => c[state] ?? 0 })),
              // Completed jobs are removed (the last QUEUE_KEEP_COMPLETED stay): throughput comes from the workers' per-minute counts.
              { header: 'completed (24 h)', cell: ([name]) => data.throughput[name as keyof Throughput]?.completed24h ?? 0 },
              { header: 'failed (24 h)', cell: ([name]) => data.throughput[name as keyof Throughput]?.failed24h ?? 0 },
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

function FailedJobs({ queue, onChange }: { queue: string; onChange: () => void }) {
  // A new key after an action reloads the list from its first page.
  const [version, setVersion] = useState(0);
  const [actionError, setActionError] = useState<Error | null>(null);
  const act = async (id: string, action: 'retry' | 'remove') => {
    setActionError(null);
    try {
      if (action === 'retry') await call(adminControllerRetry({ path: { queue, id } }));
      else await call(adminControllerRemove({ path: { queue, id } }));
    } catch (error) {
      setActionError(error as Error);
    }
    setVersion((v) => v + 1);
    onChange();
  };
  return (
    <>
      {actionError && <ErrorBox error={actionError} />}
      <PagedTable<FailedJob>
        key={`${queue}:${version}`}
        testId="failed-jobs"
        path={`/v1/admin/queues/${queue}/failed`}
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
    </>
  );
}
