// Detail views, reached from the lists (#/<page>/<id>): a submission with its evidence card,
// pipeline history and ledger entries; a job with its ranked matches; a candidate with uploads,
// submissions and matches; a sourcer with quality over time.
import type {
  AdminControllerSourcerResponse,
  AdminControllerSubmissionResponse,
  CandidateView,
  JobView,
  MatchingControllerForCandidateResponse,
  MatchingControllerForJobResponse,
  UploadsControllerListResponse,
} from '../api-client/types.gen';
import { OUTCOME_SERIES, TrendChart } from '../charts';
import { date, Facts, Figure, Go, Loaded, money, PagedTable, percent, Table, useApi } from '../ui';
import { SubmissionsTable } from './Lists';

type SubmissionDetail = AdminControllerSubmissionResponse;
type JobMatches = MatchingControllerForJobResponse;
type CandidateMatches = MatchingControllerForCandidateResponse;
type Upload = UploadsControllerListResponse['items'][number];
type Sourcer = AdminControllerSourcerResponse;

const place = (l: { city?: string; country?: string }) => [l.city, l.country].filter(Boolean).join(', ') || '—';
const score = (v: number) => v.toFixed(2);

/** The AI check's verdict and its evidence: what each requirement was matched against. */
function EvidenceCard({ check }: { check: SubmissionDetail['aiCheck'] }) {
  if (!check) return <p className="muted">The AI check has not run yet.</p>;
  return (
    <div data-testid="evidence">
      <p>
        <span className={check.passed ? 'pass' : 'fail'}>{check.passed ? 'Passed' : 'Failed'}</span>: score {score(check.score)} against threshold {score(check.threshold)}, checked {date(check.checkedAt)}.
      </p>
      <Table
        rows={check.evidence}
        empty="No evidence recorded."
        columns={[
          { header: 'Requirement', cell: (e) => e.requirement },
          { header: 'Kind', cell: (e) => e.kind },
          { header: 'Found', cell: (e) => <span className={e.status === 'found' ? 'pass' : e.status === 'missing' ? 'fail' : ''}>{e.status}</span> },
          { header: 'Evidence', cell: (e) => e.snippet ?? '—' },
        ]}
      />
      <Table
        rows={Object.entries(check.components)}
        columns={[
          { header: 'Component', cell: ([name]) => name },
          { header: 'Score', cell: ([, v]) => (v === null ? '—' : score(v)) },
        ]}
      />
    </div>
  );
}

export function SubmissionDetailPage({ id }: { id: string }) {
  const state = useApi<SubmissionDetail>(`/v1/admin/submissions/${encodeURIComponent(id)}`);
  return (
    <Loaded state={state}>
      {(s) => (
        <div data-testid="submission-detail">
          <p className="crumbs">
            <a href="#/submissions">Submissions</a> / {s.id}
          </p>
          <div className="card">
            <Facts
              rows={[
                ['Candidate', s.candidate.erased ? <em>erased</em> : <Go to="candidates" id={s.candidate.id}>{s.candidate.name ?? s.candidate.id}</Go>],
                ['Job', <Go key="job" to="jobs" id={s.job.id}>{s.job.title ?? s.job.id}</Go>],
                ['Company', s.company.name ?? s.company.id],
                ['Sourcer', <Go key="sourcer" to="sourcers" id={s.sourcer.id}>{s.sourcer.name ?? s.sourcer.email ?? s.sourcer.id}</Go>],
                ['Stage', <strong key="stage" data-testid="stage">{s.status + (s.disqualificationReason ? ` (${s.disqualificationReason})` : '')}</strong>],
                ['Pitch', s.pitch ?? '—'],
                ['Submitted', date(s.createdAt)],
                ['Delivered', date(s.deliveredAt)],
              ]}
            />
          </div>
          <div className="card">
            <h2>AI check: evidence</h2>
            <EvidenceCard check={s.aiCheck} />
          </div>
          <div className="card">
            <h2>Pipeline history</h2>
            <Table
              testId="history"
              rows={s.history}
              columns={[
                { header: 'When', cell: (h) => date(h.at) },
                { header: 'Move', cell: (h) => `${h.from ?? '—'} → ${h.to}` },
                { header: 'By', cell: (h) => `${h.role}${h.reason ? ` (${h.reason})` : ''}` },
              ]}
            />
          </div>
          <div className="card">
            <h2>Ledger</h2>
            <Table
              testId="ledger-credits"
              rows={s.ledger.credits}
              empty="No credit entries for this submission."
              columns={[
                { header: 'When', cell: (e) => date(e.at) },
                { header: 'Company credits', cell: (e) => e.kind },
                { header: 'Change', cell: (e) => (e.credits > 0 ? `+${e.credits}` : e.credits) },
                { header: 'Balance after', cell: (e) => e.balanceAfter },
              ]}
            />
            <Table
              testId="ledger-earnings"
              rows={s.ledger.earnings}
              empty="No earnings for this submission."
              columns={[
                { header: 'When', cell: (e) => date(e.at) },
                { header: 'Sourcer earnings', cell: (e) => e.kind },
                { header: 'Amount', cell: (e) => money(e.amount, e.currency) },
                { header: 'Balance after', cell: (e) => money(e.balanceAfter, e.currency) },
              ]}
            />
          </div>
        </div>
      )}
    </Loaded>
  );
}

export function JobDetailPage({ id }: { id: string }) {
  const job = useApi<JobView>(`/v1/jobs/${encodeURIComponent(id)}`);
  const matches = useApi<JobMatches>(`/v1/jobs/${encodeURIComponent(id)}/matches?limit=20`);
  return (
    <Loaded state={job}>
      {(j) => (
        <div data-testid="job-detail">
          <p className="crumbs">
            <a href="#/jobs">Jobs</a> / {j.title}
          </p>
          <div className="card">
            <Facts
              rows={[
                ['Title', <strong key="t">{j.title}</strong>],
                ['Status', j.status],
                ['Seniority', j.seniority],
                ['Workplace', `${j.workplace}, ${place(j.location)}`],
                ['Must have', j.mustHave.map((m) => `${m.skill}${m.minYears ? ` (${m.minYears}+ y)` : ''}`).join(', ') || '—'],
                ['Nice to have', j.niceToHave.map((m) => m.skill).join(', ') || '—'],
                ['Published', date(j.publishedAt)],
              ]}
            />
          </div>
          <div className="card">
            <h2>Ranked matches</h2>
            <Loaded state={matches}>
              {(m) => (
                <>
                  <p className="muted" data-testid="matches-status">
                    {m.status === 'pending' ? 'Not ranked yet.' : `Ranked ${date(m.computedAt)} (${m.status}).`}
                  </p>
                  <Table
                    testId="job-matches"
                    rows={m.items}
                    empty="No candidate matches this job yet."
                    columns={[
                      { header: '#', cell: (r) => m.items.indexOf(r) + 1 },
                      { header: 'Candidate', cell: (r) => <Go to="candidates" id={r.candidate.id}>{r.candidate.name ?? r.candidate.id.slice(0, 8)}</Go> },
                      { header: 'Score', cell: (r) => score(r.score) },
                      { header: 'Skills', cell: (r) => r.candidate.skills.slice(0, 6).join(', ') },
                      { header: 'Location', cell: (r) => place(r.candidate.location) },
                      { header: 'Evidence', cell: (r) => r.evidence.filter((e) => e.status === 'found').map((e) => e.requirement).join(', ') || '—' },
                    ]}
                  />
                </>
              )}
            </Loaded>
          </div>
          <div className="card">
            <h2>Submissions</h2>
            <SubmissionsTable query={`jobId=${encodeURIComponent(j.id)}`} testId="job-submissions" />
          </div>
        </div>
      )}
    </Loaded>
  );
}

export function CandidateDetailPage({ id }: { id: string }) {
  const candidate = useApi<CandidateView>(`/v1/candidates/${encodeURIComponent(id)}`);
  const matches = useApi<CandidateMatches>(`/v1/candidates/${encodeURIComponent(id)}/matches?limit=10`);
  return (
    <Loaded state={candidate}>
      {(c) => (
        <div data-testid="candidate-detail">
          <p className="crumbs">
            <a href="#/candidates">Candidates</a> / {c.erasedAt ? 'erased' : c.name}
          </p>
          <div className="card">
            <Facts
              rows={[
                ['Name', c.erasedAt ? <em key="e">erased {date(c.erasedAt)}</em> : <strong key="n">{c.name}</strong>],
                ['Email', c.contact?.email ?? '—'],
                ['Phone', c.contact?.phone ?? '—'],
                ['Location', place(c.location)],
                ['Skills', c.skills.join(', ') || '—'],
                ['Experience', c.experience.map((e) => `${e.title}${e.company ? ` at ${e.company}` : ''} (${e.start}–${e.end ?? 'now'})`).join('; ') || '—'],
                ['Added', date(c.createdAt)],
              ]}
            />
          </div>
          <div className="card">
            <h2>Uploads</h2>
            <PagedTable<Upload>
              testId="candidate-uploads"
              path={`/v1/admin/uploads?candidateId=${encodeURIComponent(c.id)}`}
              empty="No CV uploaded."
              columns={[
                { header: 'File', cell: (u) => `${u.fileName ?? u.sha256.slice(0, 12)} (${u.type}, ${Math.ceil(u.size / 1024)} KiB)` },
                { header: 'Status', cell: (u) => u.status + (u.failure ? ` (${u.failure.reason})` : '') },
                { header: 'Uploaded', cell: (u) => date(u.createdAt) },
              ]}
            />
          </div>
          <div className="card">
            <h2>Submissions</h2>
            <SubmissionsTable query={`candidateId=${encodeURIComponent(c.id)}`} testId="candidate-submissions" />
          </div>
          <div className="card">
            <h2>Best open jobs</h2>
            <Loaded state={matches}>
              {(m) => (
                <Table
                  testId="candidate-matches"
                  rows={m.items}
                  empty="No open job matches yet."
                  columns={[
                    { header: 'Job', cell: (r) => <Go to="jobs" id={r.job.id}>{r.job.title}</Go> },
                    { header: 'Score', cell: (r) => score(r.score) },
                    { header: 'Workplace', cell: (r) => `${r.job.workplace}, ${place(r.job.location)}` },
                  ]}
                />
              )}
            </Loaded>
          </div>
        </div>
      )}
    </Loaded>
  );
}

export function SourcerDetailPage({ id }: { id: string }) {
  const state = useApi<Sourcer>(`/v1/admin/sourcers/${encodeURIComponent(id)}?weeks=12`);
  return (
    <Loaded state={state}>
      {(s) => (
        <div data-testid="sourcer-detail">
          <p className="crumbs">
            <a href="#/sourcers">Sourcers</a> / {s.name ?? s.email ?? s.id}
          </p>
          <div className="figures">
            <Figure label="Quality" value={`${s.tier}${s.score === null ? '' : ` ${s.score}`}`} testId="sourcer-quality" />
            <Figure label="Submitted" value={s.submitted} />
            <Figure label="Acceptance" value={percent(s.acceptanceRate)} />
            <Figure label="Not quite right (< 25%)" value={percent(s.shares.not_quite_right)} />
            <Figure label="Totally irrelevant (< 3.5%)" value={percent(s.shares.totally_irrelevant)} />
            <Figure label="Cap per job" value={s.capPerJob} />
            <Figure label="Earnings" value={money(s.earnings, 'USD')} />
          </div>
          <TrendChart
            title="Quality over the last 12 weeks (by week of the AI check)"
            testId="sourcer-chart"
            empty="No AI checks of this sourcer's submissions in the last 12 weeks."
            data={s.weeks}
            series={OUTCOME_SERIES}
          />
          <div className="card">
            <h2>Submissions</h2>
            <SubmissionsTable query={`sourcerId=${encodeURIComponent(s.id)}`} testId="sourcer-submissions" />
          </div>
        </div>
      )}
    </Loaded>
  );
}
