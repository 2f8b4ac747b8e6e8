import type { AdminControllerOverviewResponse } from '../api-client/types.gen';
import { OUTCOME_SERIES, TrendChart } from '../charts';
import { Figure, Loaded, money, percent, useApi } from '../ui';

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
          <div className="charts">
            <TrendChart
              title="Activity, last 30 days"
              testId="activity-chart"
              empty="No submissions, deliveries, hires or credit sales in the last 30 days."
              data={o.days}
              series={[
                { key: 'submitted', label: 'Submitted', color: '#2563eb' },
                { key: 'delivered', label: 'Delivered', color: '#16a34a' },
                { key: 'hired', label: 'Hired', color: '#9333ea' },
                { key: 'creditsSold', label: 'Credits sold', color: '#ea580c', kind: 'bar' },
              ]}
            />
            <TrendChart
              title="AI check and sourcer quality, by day of the check"
              testId="quality-chart"
              empty="No AI checks in the last 30 days."
              data={o.days}
              series={OUTCOME_SERIES}
            />
          </div>
        </>
      )}
    </Loaded>
  );
}
