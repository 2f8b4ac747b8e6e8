// Calls to the Crowdhire API with the signed-in admin's token; errors carry the API's code.
import { client } from './api-client/client.gen';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const TOKEN_KEY = 'crowdhire.admin.token';
export const session = {
  get token(): string | null {
    return sessionStorage.getItem(TOKEN_KEY);
  },
  set(token: string | null) {
    if (token) sessionStorage.setItem(TOKEN_KEY, token);
    else sessionStorage.removeItem(TOKEN_KEY);
  },
};

// The generated SDK (api-client/, from /openapi.json by `npm run openapi:client`) calls the API
// through this client: same origin, the session's token.
client.setConfig({ baseUrl: '', auth: () => session.token ?? undefined });

/** The answer of a generated SDK call: its data, or an ApiError carrying the API's code. */
export async function call<T>(request: Promise<{ data?: T; error?: unknown; response?: Response }>): Promise<T> {
  const { data, error, response } = await request;
  if (error !== undefined || !response?.ok) {
    const body = (error ?? {}) as { code?: string; message?: string };
    throw new ApiError(response?.status ?? 0, body.code ?? 'HTTP_ERROR', body.message ?? response?.statusText ?? 'request failed');
  }
  return data as T;
}

export async function api<T>(path: string, init: RequestInit = {}): Promise<T> {
  const headers: Record<string, string> = { ...(init.headers as Record<string, string>) };
  if (session.token) headers.authorization = `Bearer ${session.token}`;
  if (init.body && !headers['content-type']) headers['content-type'] = 'application/json';
  const res = await fetch(path, { ...init, headers });
  if (res.status === 204) return undefined as T;
  const body = await res.json().catch(() => ({}));
  if (!res.ok) throw new ApiError(res.status, body.code ?? 'HTTP_ERROR', body.message ?? res.statusText);
  return body as T;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
