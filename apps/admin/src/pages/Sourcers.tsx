import { useState } from 'react';
import type { AdminControllerSourcersResponse } from '../api-client/types.gen';
import { Loaded, money, percent, Table, useApi } from '../ui';

type SourcerRow = AdminControllerSourcersResponse['items'][number];

const flag = (share: number | null, limit: number) => <span className={share !== null && share >= limit ? 'bad' : ''}>{percent(share)}</span>;

export function SourcersPage() {
  const [offset, setOffset] = useState(0);
  const state = useApi<{ items: SourcerRow[]; total: number }>(`/v1/admin/sourcers?limit=20&offset=${offset}`);
  return (
    <Loaded state={state}>
      {(page) => (
        <>
          <Table
            testId="sourcers"
            rows={page.items}
            columns={[
              { header: 'Sourcer', cell: (s) => s.name ?? s.id.slice(0, 8) },
              { header: 'Submitted', cell: (s) => s.submitted },
              { header: 'Acceptance', cell: (s) => percent(s.acceptanceRate) },
              { header: 'Not quite right (< 25%)', cell: (s) => flag(s.shares.not_quite_right, s.thresholds.not_quite_right) },
              { header: 'Totally irrelevant (< 3.5%)', cell: (s) => flag(s.shares.totally_irrelevant, s.thresholds.totally_irrelevant) },
              { header: 'Quality', cell: (s) => `${s.tier}${s.score === null ? '' : ` ${s.score}`} (cap ${s.capPerJob})` },
              { header: 'Earnings', cell: (s) => money(s.earnings, 'USD') },
            ]}
          />
          <div className="pager">
            <button type="button" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - 20))}>
              Previous
            </button>
            <span className="muted">
              {page.total === 0 ? 0 : offset + 1}–{Math.min(offset + 20, page.total)} of {page.total}
            </span>
            <button type="button" disabled={offset + 20 >= page.total} onClick={() => setOffset(offset + 20)}>
              Next
            </button>
          </div>
        </>
      )}
    </Loaded>
  );
}
