import type { AdminControllerOverviewResponse } from '../api-client/types.gen';
import { Figure, LineChart, Loaded, money, percent, useApi } from '../ui';

type Overview = AdminControllerOverviewResponse;

export function OverviewPage() {
  const state = useApi<Overview>('/v1/admin/overview?days=30');
  return (
    <Loaded state={state}>
      {(o) => (
        <>
          <div className="figures">
            <Figure label="Open jobs" value={o.openJobs} testId="open-jobs" />
            <Figure label="Candidates" value={o.candidates} testId="candidates" />
            <Figure label="Submissions" value={o.submissions} testId="submissions" />
            <Figure label={`AI-check pass rate (${o.aiCheck.passed}/${o.aiCheck.checked})`} value={percent(o.aiCheck.passRate)} testId="ai-pass-rate" />
            <Figure label="Delivery rate" value={percent(o.deliveryRate)} testId="delivery-rate" />
            <Figure label="Hire rate (of delivered)" value={percent(o.hireRate)} testId="hire-rate" />
            <Figure label="Credits sold" value={o.creditsSold} testId="credits-sold" />
            <Figure label="Revenue" value={o.revenue.length ? o.revenue.map((r) => money(r.amount, r.currency)).join(' + ') : '—'} testId="revenue" />
          </div>
          <h2>Last 30 days</h2>
          <LineChart
            days={o.days}
            series={[
              { key: 'submitted', color: '#2563eb' },
              { key: 'delivered', color: '#16a34a' },
              { key: 'hired', color: '#9333ea' },
              { key: 'creditsSold', color: '#ea580c' },
            ]}
          />
        </>
      )}
    </Loaded>
  );
}
