// Security headers, computed once at boot and set with one call per response. Pages (the
// dashboard, the API docs) get helmet's full policy; JSON answers get the short set OWASP's
// REST cheat sheet recommends, since document policies mean nothing to a JSON client and
// every header byte is paid on every response (see bench/http.bench.ts).
import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet from 'helmet';

const POLICY: Parameters<typeof helmet>[0] = {
  contentSecurityPolicy: {
    directives: {
      defaultSrc: ["'self'"],
      // The dashboard's own scripts, and Swagger UI's inline setup at /docs.
      scriptSrc: ["'self'", "'unsafe-inline'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:'],
      connectSrc: ["'self'"],
    },
  },
};

/** The headers helmet would set, captured by running it once against a recording response. */
export function helmetHeaders(): Record<string, string> {
  const headers: Record<string, string> = {};
  const res = {
    setHeader: (name: string, value: string | number | string[]) => void (headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value)),
    removeHeader: (name: string) => void delete headers[name.toLowerCase()],
  } as unknown as ServerResponse;
  let failure: unknown;
  helmet(POLICY)({} as IncomingMessage, res, (error?: unknown) => (failure = error));
  if (failure) throw failure;
  return headers;
}

/** For API (JSON) responses: nothing may be framed, loaded or sniffed from them. */
export const API_HEADERS: Record<string, string> = {
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-resource-policy': 'same-origin',
};

/** The header set for a URL: helmet's (computed once) for pages (the dashboard, the docs), the short set for JSON. */
export function securityHeadersFor(): (url: string) => Record<string, string> {
  const pages = helmetHeaders();
  return (url) => (url.startsWith('/admin') || url.startsWith('/docs') ? pages : API_HEADERS);
}
