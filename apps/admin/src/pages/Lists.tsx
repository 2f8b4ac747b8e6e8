// Jobs, candidates and submissions: the public API's lists, as an admin sees them.
import { useState } from 'react';
import { date, Loaded, PagedTable, Table, useApi } from '../ui';
import type { Page } from '../api';
import type { CandidateView, JobView, SubmissionView } from '../api-client/types.gen';

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
          { header: 'Title', cell: (j) => j.title },
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
          { header: 'Name', cell: (c) => (c.erasedAt ? <em>erased</em> : c.name) },
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
          <PagedTable<Submission>
            testId="submissions"
            path={`/v1/submissions${params.size ? `?${params}` : ''}`}
            columns={[
              { header: 'Submission', cell: (s) => s.id.slice(0, 8) },
              { header: 'Stage', cell: (s) => s.status + (s.disqualificationReason ? ` (${s.disqualificationReason})` : '') },
              { header: 'AI check', cell: (s) => (s.aiCheck ? `${s.aiCheck.score} ${s.aiCheck.passed ? 'pass' : 'fail'}` : '—') },
              { header: 'Submitted', cell: (s) => date(s.createdAt) },
            ]}
          />
        </>
      )}
    </Loaded>
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
