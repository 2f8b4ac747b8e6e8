// Signing in: the development provider's button, or the configured OIDC provider with the
// authorization code flow and PKCE (S256). Only admins get past the gate.
import { api, session } from './api';

export interface AdminConfig {
  devSignIn: boolean;
  oidc: { authority: string; clientId: string; audience: string } | null;
}

export const loadConfig = () => api<AdminConfig>('/admin/config.json');

export async function devSignIn(role: 'admin' | 'employer' | 'sourcer' = 'admin'): Promise<void> {
  const { access_token } = await api<{ access_token: string }>('/dev-idp/token', {
    method: 'POST',
    body: JSON.stringify({ role, sub: `dev-${role}`, name: role === 'admin' ? 'Dev Admin' : `Dev ${role}` }),
  });
  session.set(access_token);
}

const base64url = (bytes: ArrayBuffer | Uint8Array) =>
  btoa(String.fromCharCode(...new Uint8Array(bytes)))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');

async function discovery(authority: string) {
  const res = await fetch(`${authority.replace(/\/$/, '')}/.well-known/openid-configuration`);
  return (await res.json()) as { authorization_endpoint: string; token_endpoint: string };
}

const redirectUri = () => `${location.origin}/admin/`;

export async function oidcSignIn(oidc: NonNullable<AdminConfig['oidc']>): Promise<void> {
  const verifier = base64url(crypto.getRandomValues(new Uint8Array(32)));
  const challenge = base64url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
  const state = base64url(crypto.getRandomValues(new Uint8Array(16)));
  sessionStorage.setItem('crowdhire.pkce', JSON.stringify({ verifier, state }));
  const { authorization_endpoint } = await discovery(oidc.authority);
  const url = new URL(authorization_endpoint);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: oidc.clientId,
    redirect_uri: redirectUri(),
    scope: 'openid profile email',
    audience: oidc.audience,
    code_challenge: challenge,
    code_challenge_method: 'S256',
    state,
  }).toString();
  location.assign(url.toString());
}

/** Completes a sign-in when the provider redirects back with ?code=...&state=... */
export async function completeOidc(oidc: NonNullable<AdminConfig['oidc']>): Promise<boolean> {
  const params = new URLSearchParams(location.search);
  const code = params.get('code');
  if (!code) return false;
  const saved = JSON.parse(sessionStorage.getItem('crowdhire.pkce') ?? '{}') as { verifier?: string; state?: string };
  sessionStorage.removeItem('crowdhire.pkce');
  history.replaceState(null, '', location.pathname + location.hash);
  if (!saved.verifier || saved.state !== params.get('state')) throw new Error('The sign-in response does not match the request');
  const { token_endpoint } = await discovery(oidc.authority);
  const res = await fetch(token_endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'authorization_code', client_id: oidc.clientId, code, redirect_uri: redirectUri(), code_verifier: saved.verifier }),
  });
  if (!res.ok) throw new Error(`The identity provider refused the sign-in (${res.status})`);
  session.set(((await res.json()) as { access_token: string }).access_token);
  return true;
}
