export const ROLES = ['admin', 'employer', 'sourcer'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** Who is calling, as every service sees it after the token was verified. */
export interface Principal {
  userId: string;
  sub: string;
  roles: Role[];
  email?: string;
  /** Set for employers who belong to a company. */
  companyId?: string;
}
