// Authenticated test sessions: `asAdmin()`, `asEmployer(companyId)`, `asSourcer()` call the
// API over HTTP with a token from the development identity provider (the identity fake).
import { randomBytes } from 'node:crypto';
import type { AppConfig } from '../../src/config/app-config.js';
import type { Role } from '../../src/modules/auth/roles.js';
import { tokenFor } from './identity.js';

export interface Reply<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export class Session {
  constructor(
    readonly baseUrl: string,
    readonly token: string | null,
    readonly sub: string,
  ) {}

  async request<T = any>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply<T>> {
    const res = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed: unknown = text;
    if ((res.headers.get('content-type') ?? '').includes('json') && text) parsed = JSON.parse(text);
    return { status: res.status, body: parsed as T, headers: res.headers };
  }

  get<T = any>(path: string) {
    return this.request<T>('GET', path);
  }
  post<T = any>(path: string, body: unknown = {}) {
    return this.request<T>('POST', path, body);
  }
  patch<T = any>(path: string, body: unknown = {}) {
    return this.request<T>('PATCH', path, body);
  }
  put<T = any>(path: string, body: unknown = {}) {
    return this.request<T>('PUT', path, body);
  }
  delete<T = any>(path: string) {
    return this.request<T>('DELETE', path);
  }

  /** The same user against another API instance. */
  on(baseUrl: string): Session {
    return new Session(baseUrl, this.token, this.sub);
  }
}

/** Makes sessions for one API under test. */
export class Sessions {
  constructor(
    private readonly config: AppConfig,
    readonly baseUrl: string,
  ) {}

  async as(roles: Role[], options: { sub?: string; companyId?: string; email?: string; name?: string } = {}): Promise<Session> {
    const sub = options.sub ?? `auth0|${roles.join('-')}-${randomBytes(5).toString('hex')}`;
    const token = await tokenFor(this.config, { sub, roles, companyId: options.companyId, email: options.email, name: options.name });
    return new Session(this.baseUrl, token, sub);
  }

  anonymous(): Session {
    return new Session(this.baseUrl, null, 'anonymous');
  }

  asAdmin(options?: { sub?: string }) {
    return this.as(['admin'], options);
  }

  /** An employer of `companyId` (through the provider's company claim). */
  asEmployer(companyId?: string, options: { sub?: string } = {}) {
    return this.as(['employer'], { ...options, companyId });
  }

  asSourcer(options?: { sub?: string; email?: string; name?: string }) {
    return this.as(['sourcer'], options);
  }

  /** A company created by an admin, and an employer of it. */
  async makeCompany(name = `Company ${randomBytes(3).toString('hex')}`): Promise<{ id: string; employer: Session }> {
    const admin = await this.asAdmin();
    const created = await admin.post<{ id: string }>('/v1/companies', { name });
    if (created.status !== 201) throw new Error(`company not created: ${created.status} ${JSON.stringify(created.body)}`);
    return { id: created.body.id, employer: await this.asEmployer(created.body.id) };
  }
}
