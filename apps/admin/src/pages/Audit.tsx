// The audit log of admin actions: who did what to which target, when, and the target's state
// before and after; filtered, paged, and exported as CSV.
import { useState } from 'react';
import { ApiError, session } from '../api';
import type { AuditView } from '../api-client/types.gen';
import { date, ErrorBox, Json, PagedTable } from '../ui';

const ACTIONS = [
  'board.open',
  'candidate.erase',
  'candidate.update',
  'company.attach_employer',
  'company.create',
  'company.detach_employer',
  'credits.adjust',
  'job.close',
  'job.pause',
  'job.publish',
  'job.update',
  'matching.refit',
  'payouts.run',
  'queue.remove',
  'queue.retry',
  'submission.move',
  'upload.retry',
  'webhook.create',
  'webhook.remove',
  'webhook.replay',
  'webhook.update',
];

/** Downloads the CSV with the session's token (a plain link could not carry it). */
async function download(query: string): Promise<void> {
  const res = await fetch(`/v1/admin/audit/export${query ? `?${query}` : ''}`, { headers: { authorization: `Bearer ${session.token ?? ''}` } });
  if (!res.ok) {
    const body = (await res.json().catch(() => ({}))) as { code?: string; message?: string };
    throw new ApiError(res.status, body.code ?? 'HTTP_ERROR', body.message ?? res.statusText);
  }
  const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? 'crowdhire-audit.csv';
  const link = document.createElement('a');
  link.href = URL.createObjectURL(await res.blob());
  link.download = name;
  link.click();
  URL.revokeObjectURL(link.href);
}

export function AuditPage() {
  const [action, setAction] = useState('');
  const [target, setTarget] = useState('');
  const [applied, setApplied] = useState({ action: '', target: '' });
  const [error, setError] = useState<Error | null>(null);
  const params = new URLSearchParams();
  if (applied.action) params.set('action', applied.action);
  if (applied.target) params.set('targetId', applied.target);
  const query = params.toString();
  return (
    <>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          setApplied({ action, target: target.trim() });
        }}
      >
        <select value={action} onChange={(e) => setAction(e.target.value)} aria-label="Action">
          <option value="">every action</option>
          {ACTIONS.map((a) => (
            <option key={a}>{a}</option>
          ))}
        </select>
        <input placeholder="Target id" value={target} onChange={(e) => setTarget(e.target.value)} aria-label="Target id" />
        <button type="submit">Filter</button>{' '}
        <button type="button" onClick={() => download(query).then(() => setError(null), setError)}>
          Export CSV
        </button>
      </form>
      {error && <ErrorBox error={error} />}
      <PagedTable<AuditView>
        testId="audit"
        path={`/v1/admin/audit${query ? `?${query}` : ''}`}
        empty="No admin actions recorded."
        columns={[
          { header: 'When', cell: (e) => date(e.at) },
          { header: 'Who', cell: (e) => e.actor.name ?? e.actor.email ?? e.actor.sub },
          { header: 'Action', cell: (e) => <strong>{e.action}</strong> },
          { header: 'Target', cell: (e) => `${e.targetType}${e.targetId ? ` ${e.targetId}` : ''}` },
          { header: 'Outcome', cell: (e) => <span className={e.outcome === 'succeeded' ? 'pass' : e.outcome === 'failed' ? 'fail' : ''}>{e.outcome + (e.error ? ` (${e.error.code})` : '')}</span> },
          { header: 'Before', cell: (e) => <Json value={e.before} /> },
          { header: 'After', cell: (e) => <Json value={e.after} /> },
        ]}
      />
    </>
  );
}
