import { useState } from 'react';
import { call, type Page } from '../api';
import { paymentsControllerAdjust } from '../api-client/sdk.gen';
import type { CompanyView, MetaControllerMetaResponse, PaymentsControllerCreditsStatementResponse, PaymentsControllerEventsResponse } from '../api-client/types.gen';
import { date, ErrorBox, Loaded, Loading, PagedTable, Table, useApi } from '../ui';

type Company = CompanyView;
type Statement = PaymentsControllerCreditsStatementResponse;
type StripeEvent = PaymentsControllerEventsResponse['items'][number];

export function PaymentsPage() {
  // Payments may be off on this deployment: say so up front instead of failing on the ledgers.
  const meta = useApi<MetaControllerMetaResponse>('/v1/meta');
  const paymentsOn = meta.data?.features.payments === true;
  const companies = useApi<Page<Company>>(paymentsOn ? '/v1/companies?limit=100' : null);
  const [companyId, setCompanyId] = useState('');
  const statement = useApi<Statement>(paymentsOn && companyId ? `/v1/payments/credits?companyId=${companyId}&limit=50` : null);
  return (
    <>
      <h2>Credit ledgers</h2>
      {meta.data && !paymentsOn && (
        <p className="notice" data-testid="payments-off">
          Payments are off on this deployment (<code>PAYMENTS_ENABLED=false</code>): no credit packs are sold and no ledgers or payouts are kept. Stripe events received earlier are listed below.
        </p>
      )}
      {paymentsOn && <Loaded state={companies}>
        {(page) => (
          <select value={companyId} onChange={(e) => setCompanyId(e.target.value)} aria-label="Company">
            <option value="">choose a company</option>
            {page.items.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        )}
      </Loaded>}
      {companyId &&
        (statement.error ? (
          <ErrorBox error={statement.error} onRetry={statement.reload} />
        ) : statement.loading || !statement.data ? (
          <Loading />
        ) : (
          <>
            <p>
              Balance: <strong data-testid="credit-balance">{statement.data.balance}</strong> credits
            </p>
            <AdjustmentForm companyId={companyId} onDone={statement.reload} />
            <Table
              rows={statement.data.entries}
              columns={[
                { header: '#', cell: (e) => e.seq },
                { header: 'Kind', cell: (e) => e.kind },
                { header: 'Credits', cell: (e) => e.credits },
                { header: 'Balance after', cell: (e) => e.balanceAfter },
                { header: 'Reason', cell: (e) => e.reason ?? '' },
                { header: 'When', cell: (e) => date(e.at) },
              ]}
            />
          </>
        ))}
      <h2>Stripe webhook events</h2>
      <PagedTable<StripeEvent>
        testId="webhook-events"
        path="/v1/admin/payments/events"
        empty="No webhook events received."
        columns={[
          { header: 'Event', cell: (e) => e.id },
          { header: 'Type', cell: (e) => e.type },
          { header: 'Status', cell: (e) => e.status },
          { header: 'Result', cell: (e) => e.result ?? '' },
          { header: 'Received', cell: (e) => date(e.receivedAt) },
        ]}
      />
    </>
  );
}

/** An admin's correction of a company's credits, with its reason (recorded in the audit log). */
function AdjustmentForm({ companyId, onDone }: { companyId: string; onDone: () => void }) {
  const [credits, setCredits] = useState('');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<Error | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      // One key per attempt: a double click or a retried request adjusts once.
      await call(paymentsControllerAdjust({ body: { companyId, credits: Number(credits), reason }, headers: { 'idempotency-key': crypto.randomUUID() } }));
      setCredits('');
      setReason('');
      onDone();
    } catch (e) {
      setError(e as Error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form
      className="card"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <strong>Adjust credits</strong>{' '}
      <input type="number" step={1} required placeholder="+5 or -2" value={credits} onChange={(e) => setCredits(e.target.value)} aria-label="Credits" />
      <input required maxLength={500} placeholder="Reason" value={reason} onChange={(e) => setReason(e.target.value)} aria-label="Reason" />
      <button type="submit" className="primary" disabled={busy}>
        Adjust
      </button>
      {error && <ErrorBox error={error} />}
    </form>
  );
}
