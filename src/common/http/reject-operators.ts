// Input safety before any handler runs: a MongoDB operator smuggled into a body or a query
// string (`{"email": {"$ne": null}}`, `?status[$ne]=x`, `$where`) is refused outright, so no
// query can ever be built from one, whatever a DTO forgets.
import type { FastifyInstance, RawServerDefault } from 'fastify';
import { DomainError } from '../errors/domain-error.js';

export const OPERATOR_REJECTED = 'MONGO_OPERATOR_REJECTED';
const MAX_DEPTH = 32;

/** The path of the first key that looks like an operator, or null. */
export function findOperatorKey(value: unknown, path = '', depth = 0): string | null {
  if (depth > MAX_DEPTH || value === null || typeof value !== 'object') return null;
  for (const [key, child] of Object.entries(value)) {
    const here = path ? `${path}.${key}` : key;
    if (key.startsWith('$') || key.includes('[$') || key.includes('.$')) return here;
    const nested = findOperatorKey(child, here, depth + 1);
    if (nested) return nested;
  }
  return null;
}

export function installOperatorGuard(fastify: FastifyInstance<RawServerDefault>): void {
  fastify.addHook('preHandler', (request, _reply, done) => {
    const key = findOperatorKey(request.query) ?? findOperatorKey(request.body);
    if (key) return done(new DomainError(OPERATOR_REJECTED, `"${key}" is not allowed: keys may not start with $`, 400, { field: key }));
    done();
  });
}
