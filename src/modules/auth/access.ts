// Ownership rules every service applies after the role guard: admins see everything, an
// employer their own company's objects, a sourcer their own. Someone else's object is
// answered exactly like a missing one (404), so ids cannot be probed.
import type { DomainError } from '../../common/errors/domain-error.js';
import type { Principal } from './roles.js';

export function isAdmin(principal: Principal): boolean {
  return principal.roles.includes('admin');
}

export function isEmployerOf(principal: Principal, companyId: string): boolean {
  return principal.roles.includes('employer') && principal.companyId !== undefined && principal.companyId === companyId;
}

export function canSeeCompany(principal: Principal, companyId: string): boolean {
  return isAdmin(principal) || isEmployerOf(principal, companyId);
}

export function isOwner(principal: Principal, ownerId: string): boolean {
  return principal.userId === ownerId;
}

/** The object if the caller may see it; otherwise the same error as when it does not exist. */
export function visibleOr<T>(object: T | null | undefined, visible: (object: T) => boolean, notFound: () => DomainError): T {
  if (object === null || object === undefined || !visible(object)) throw notFound();
  return object;
}
