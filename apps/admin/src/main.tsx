// The Crowdhire admin dashboard: sign in (development provider or OIDC with PKCE), admins
// only, then one page per area, chosen by the URL hash.
import { type ReactNode, StrictMode, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { api, session } from './api';
import type { MeControllerMeResponse } from './api-client/types.gen';
import { type AdminConfig, completeOidc, devSignIn, loadConfig, oidcSignIn } from './auth';
import { AuditPage } from './pages/Audit';
import { CandidateDetailPage, JobDetailPage, SourcerDetailPage, SubmissionDetailPage } from './pages/Details';
import { JobsPage, CandidatesPage, SubmissionsPage } from './pages/Lists';
import { OverviewPage } from './pages/Overview';
import { PaymentsPage } from './pages/Payments';
import { QueuesPage } from './pages/Queues';
import { SourcersPage } from './pages/Sourcers';
import { SystemPage } from './pages/System';
import { ErrorBox, Loading } from './ui';
import './styles.css';

const PAGES = {
  overview: { title: 'Overview', render: () => <OverviewPage /> },
  jobs: { title: 'Jobs', render: () => <JobsPage /> },
  candidates: { title: 'Candidates', render: () => <CandidatesPage /> },
  submissions: { title: 'Submissions', render: () => <SubmissionsPage /> },
  sourcers: { title: 'Sourcers', render: () => <SourcersPage /> },
  payments: { title: 'Payments', render: () => <PaymentsPage /> },
  queues: { title: 'Queues', render: () => <QueuesPage /> },
  audit: { title: 'Audit log', render: () => <AuditPage /> },
  system: { title: 'System', render: () => <SystemPage /> },
} as const;
type PageName = keyof typeof PAGES;

/** The detail views: #/<list>/<id>. */
const DETAILS: Partial<Record<PageName, { title: string; render: (id: string) => ReactNode }>> = {
  submissions: { title: 'Submission', render: (id) => <SubmissionDetailPage id={id} /> },
  jobs: { title: 'Job', render: (id) => <JobDetailPage id={id} /> },
  candidates: { title: 'Candidate', render: (id) => <CandidateDetailPage id={id} /> },
  sourcers: { title: 'Sourcer', render: (id) => <SourcerDetailPage id={id} /> },
};

interface Route {
  page: PageName;
  id: string | null;
}

const routeFromHash = (): Route => {
  const [name, id] = location.hash.replace(/^#\/?/, '').split('/') as [PageName, string | undefined];
  if (!(name in PAGES)) return { page: 'overview', id: null };
  return { page: name, id: id && DETAILS[name] ? decodeURIComponent(id) : null };
};

type Me = MeControllerMeResponse;

function App() {
  const [config, setConfig] = useState<AdminConfig | null>(null);
  const [me, setMe] = useState<Me | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const [checking, setChecking] = useState(true);
  const [route, setRoute] = useState<Route>(routeFromHash());
  const page = route.page;

  useEffect(() => {
    const onHash = () => setRoute(routeFromHash());
    addEventListener('hashchange', onHash);
    return () => removeEventListener('hashchange', onHash);
  }, []);

  const identify = async () => {
    setChecking(true);
    setError(null);
    try {
      setMe(session.token ? await api<Me>('/v1/me') : null);
    } catch (e) {
      session.set(null);
      setMe(null);
      setError(e as Error);
    } finally {
      setChecking(false);
    }
  };

  useEffect(() => {
    loadConfig()
      .then(async (c) => {
        setConfig(c);
        if (c.oidc) await completeOidc(c.oidc);
        await identify();
      })
      .catch((e: Error) => {
        setError(e);
        setChecking(false);
      });
  }, []);

  const signOut = () => {
    session.set(null);
    setMe(null);
  };

  if (checking) return <Loading />;
  if (!me) {
    return (
      <main className="signin">
        <h1>Crowdhire admin</h1>
        {error && <ErrorBox error={error} />}
        {config?.devSignIn && (
          <button type="button" className="primary" onClick={() => devSignIn('admin').then(identify, setError)}>
            Sign in as admin
          </button>
        )}
        {config?.oidc && (
          <button type="button" className="primary" onClick={() => oidcSignIn(config.oidc!).catch(setError)}>
            Sign in
          </button>
        )}
        {config && !config.devSignIn && !config.oidc && <p>No sign-in is configured (set ADMIN_OIDC_AUTHORITY and ADMIN_OIDC_CLIENT_ID).</p>}
      </main>
    );
  }
  if (!me.roles.includes('admin')) {
    return (
      <main className="signin">
        <h1>Crowdhire admin</h1>
        <div className="error" role="alert" data-testid="refused">
          This dashboard is for admins only; {me.name ?? me.email ?? 'you'} signed in as {me.roles.join(', ') || 'no role'}.
        </div>
        <button type="button" onClick={signOut}>
          Sign out
        </button>
      </main>
    );
  }
  return (
    <div className="layout">
      <nav>
        <strong>Crowdhire</strong>
        {(Object.keys(PAGES) as PageName[]).map((name) => (
          <a key={name} href={`#/${name}`} className={name === page ? 'active' : ''}>
            {PAGES[name].title}
          </a>
        ))}
        <button type="button" onClick={signOut}>
          Sign out ({me.name ?? 'admin'})
        </button>
      </nav>
      <main>
        {route.id && DETAILS[page] ? (
          <>
            <h1>{DETAILS[page].title}</h1>
            {DETAILS[page].render(route.id)}
          </>
        ) : (
          <>
            <h1>{PAGES[page].title}</h1>
            {PAGES[page].render()}
          </>
        )}
      </main>
    </div>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
