import type { AdminControllerSourcersResponse } from '../api-client/types.gen';
import { Go, money, PagedTable, percent } from '../ui';

type SourcerRow = AdminControllerSourcersResponse['items'][number];

const flag = (share: number | null, limit: number) => <span className={share !== null && share >= limit ? 'bad' : ''}>{percent(share)}</span>;

export function SourcersPage() {
  return (
    <PagedTable<SourcerRow>
      testId="sourcers"
      path="/v1/admin/sourcers"
      columns={[
        { header: 'Sourcer', cell: (s) => <Go to="sourcers" id={s.id}>{s.name ?? s.email ?? s.id.slice(0, 8)}</Go> },
        { header: 'Submitted', cell: (s) => s.submitted },
        { header: 'Acceptance', cell: (s) => percent(s.acceptanceRate) },
        { header: 'Not quite right (< 25%)', cell: (s) => flag(s.shares.not_quite_right, s.thresholds.not_quite_right) },
        { header: 'Totally irrelevant (< 3.5%)', cell: (s) => flag(s.shares.totally_irrelevant, s.thresholds.totally_irrelevant) },
        { header: 'Quality', cell: (s) => `${s.tier}${s.score === null ? '' : ` ${s.score}`} (cap ${s.capPerJob})` },
        { header: 'Earnings', cell: (s) => money(s.earnings, 'USD') },
      ]}
    />
  );
}
