// Jobs, candidates and submissions: the public API's lists, as an admin sees them.
import { useState } from 'react';
import { date, Go, Loaded, PagedTable, Table, useApi } from '../ui';
import type { Page } from '../api';
import type { CandidateView, JobView, NamedSubmission, SubmissionView } from '../api-client/types.gen';

type Job = JobView;

export function JobsPage() {
  const [status, setStatus] = useState('');
  return (
    <>
      <label>
        Status{' '}
        <select value={status} onChange={(e) => setStatus(e.target.value)}>
          <option value="">any</option>
          {['draft', 'published', 'paused', 'closed'].map((s) => (
            <option key={s}>{s}</option>
          ))}
        </select>
      </label>
      <PagedTable<Job>
        testId="jobs"
        path={`/v1/jobs${status ? `?status=${status}` : ''}`}
        columns={[
          { header: 'Title', cell: (j) => <Go to="jobs" id={j.id}>{j.title}</Go> },
          { header: 'Status', cell: (j) => j.status },
          { header: 'Seniority', cell: (j) => j.seniority },
          { header: 'Workplace', cell: (j) => j.workplace },
          { header: 'Published', cell: (j) => date(j.publishedAt) },
        ]}
      />
    </>
  );
}

type Candidate = CandidateView;

export function CandidatesPage() {
  const [query, setQuery] = useState('');
  const [search, setSearch] = useState('');
  return (
    <>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          setSearch(query);
        }}
      >
        <input placeholder="Search by name" value={query} onChange={(e) => setQuery(e.target.value)} aria-label="Search candidates" />
        <button type="submit">Search</button>
      </form>
      <PagedTable<Candidate>
        testId="candidates"
        path={`/v1/candidates${search ? `?q=${encodeURIComponent(search)}` : ''}`}
        columns={[
          { header: 'Name', cell: (c) => (c.erasedAt ? <em>erased</em> : <Go to="candidates" id={c.id}>{c.name}</Go>) },
          { header: 'Skills', cell: (c) => c.skills.slice(0, 6).join(', ') },
          { header: 'Location', cell: (c) => [c.location.city, c.location.country].filter(Boolean).join(', ') || '—' },
          { header: 'Added', cell: (c) => date(c.createdAt) },
        ]}
      />
    </>
  );
}

const STAGES = ['submitted', 'awaiting_credit', 'delivered', 'shortlisted', 'contacted', 'interviewing', 'hired', 'disqualified', 'withdrawn'];

type Submission = SubmissionView;

export function SubmissionsPage() {
  const jobs = useApi<Page<Job>>('/v1/jobs?limit=100');
  const [jobId, setJobId] = useState('');
  const [stage, setStage] = useState('');
  const params = new URLSearchParams();
  if (jobId) params.set('jobId', jobId);
  if (stage) params.set('status', stage);
  return (
    <Loaded state={jobs}>
      {(page) => (
        <>
          <label>
            Job{' '}
            <select value={jobId} onChange={(e) => setJobId(e.target.value)} aria-label="Job">
              <option value="">all jobs</option>
              {page.items.map((j) => (
                <option key={j.id} value={j.id}>
                  {j.title} ({j.status})
                </option>
              ))}
            </select>
          </label>{' '}
          <label>
            Stage{' '}
            <select value={stage} onChange={(e) => setStage(e.target.value)} aria-label="Stage">
              <option value="">all stages</option>
              {STAGES.map((s) => (
                <option key={s}>{s}</option>
              ))}
            </select>
          </label>
          {jobId && <StageCounts jobId={jobId} />}
          <SubmissionsTable query={params.toString()} testId="submissions" />
        </>
      )}
    </Loaded>
  );
}

/** Submissions with the names an operator knows them by, each linking to its detail view. */
export function SubmissionsTable({ query, testId }: { query: string; testId: string }) {
  return (
    <PagedTable<NamedSubmission>
      testId={testId}
      path={`/v1/admin/submissions${query ? `?${query}` : ''}`}
      empty="No submissions."
      columns={[
        { header: 'Candidate', cell: (s) => <Go to="submissions" id={s.id}>{s.candidate.erased ? 'erased' : (s.candidate.name ?? s.candidate.id.slice(0, 8))}</Go> },
        { header: 'Job', cell: (s) => <Go to="jobs" id={s.job.id}>{s.job.title ?? s.job.id.slice(0, 8)}</Go> },
        { header: 'Company', cell: (s) => s.company.name ?? '—' },
        { header: 'Sourcer', cell: (s) => <Go to="sourcers" id={s.sourcer.id}>{s.sourcer.name ?? s.sourcer.email ?? s.sourcer.id.slice(0, 8)}</Go> },
        { header: 'Stage', cell: (s) => s.status + (s.disqualificationReason ? ` (${s.disqualificationReason})` : '') },
        { header: 'AI check', cell: (s) => (s.aiCheck ? `${s.aiCheck.score.toFixed(2)} ${s.aiCheck.passed ? 'pass' : 'fail'}` : '—') },
        { header: 'Submitted', cell: (s) => date(s.createdAt) },
      ]}
    />
  );
}

function StageCounts({ jobId }: { jobId: string }) {
  const state = useApi<Page<Submission>>(`/v1/submissions?jobId=${jobId}&limit=100`);
  return (
    <Loaded state={state}>
      {(page) => (
        <Table
          rows={STAGES.map((stage) => ({ stage, n: page.items.filter((s) => s.status === stage).length }))}
          columns={[
            { header: 'Stage', cell: (r) => r.stage },
            { header: page.nextCursor ? 'Count (first 100)' : 'Count', cell: (r) => r.n },
          ]}
        />
      )}
    </Loaded>
  );
}
