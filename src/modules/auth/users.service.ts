import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { CacheFamily, CacheKeys } from '../../common/cache/cache-keys.js';
import { ReadCache } from '../../common/cache/read-cache.service.js';
import { keyset, type Page, toPage } from '../../common/pagination/cursor.js';
import { type Role, ROLES } from './roles.js';
import { User } from './user.schema.js';

export interface ClaimsProfile {
  sub: string;
  email?: string;
  name?: string;
  roles: Role[];
  /** From the provider's company claim; absent leaves an admin's attachment as it is. */
  companyId?: string;
}

interface CachedUser {
  claims: string;
  user: User;
}

function claimsKey(profile: ClaimsProfile): string {
  return JSON.stringify([profile.sub, profile.email?.toLowerCase(), profile.name, [...profile.roles].sort(), profile.companyId]);
}

export interface UserView {
  id: string;
  sub: string;
  email: string | null;
  name: string | null;
  roles: Role[];
  companyId: string | null;
}

export function toUserView(user: User): UserView {
  return { id: user._id, sub: user.sub, email: user.email ?? null, name: user.name ?? null, roles: user.roles, companyId: user.companyId ?? null };
}

@Injectable()
export class UsersService {
  constructor(
    @InjectModel(User.name) private readonly users: Model<User>,
    private readonly cache: ReadCache,
  ) {}

  /**
   * The user behind a verified token. Cached in Redis by `sub` with the claims it was written
   * from, so an authenticated request costs no MongoDB write unless the claims changed; an
   * admin's change to the user invalidates the entry on every API instance.
   */
  async resolve(profile: ClaimsProfile): Promise<User> {
    const claims = claimsKey(profile);
    const key = CacheKeys.user(profile.sub);
    const cached = await this.cache.read<CachedUser>(CacheFamily.User, key, async () => ({ claims, user: await this.upsertFromClaims(profile) }));
    if (cached.claims === claims) return reviveDates(cached.user);
    await this.cache.invalidate(key);
    return this.upsertFromClaims(profile);
  }

  /**
   * Creates the user on their first request, and keeps profile and roles in step with the
   * provider's latest token. One atomic upsert keyed by `sub` (unique), so concurrent first
   * requests make one user.
   */
  async upsertFromClaims(profile: ClaimsProfile): Promise<User> {
    const set: Partial<User> = { roles: profile.roles, lastSeenAt: new Date() };
    if (profile.email) set.email = profile.email.toLowerCase();
    if (profile.name) set.name = profile.name;
    if (profile.companyId) set.companyId = profile.companyId;
    return this.upsert(profile.sub, { $set: set });
  }

  private async upsert(sub: string, update: { $set: Partial<User> }): Promise<User> {
    const withInsert = { ...update, $setOnInsert: { _id: randomUUID() } };
    try {
      return await this.users.findOneAndUpdate({ sub }, withInsert, { upsert: true, returnDocument: 'after' }).lean<User>().orFail().exec();
    } catch (error) {
      // Two first requests raced and the other insert won the unique index: now it exists.
      if ((error as { code?: number }).code !== 11000) throw error;
      return this.users.findOneAndUpdate({ sub }, update, { returnDocument: 'after' }).lean<User>().orFail().exec();
    }
  }

  findById(id: string): Promise<User | null> {
    return this.users.findById(id).lean<User>().exec();
  }

  /** Makes the user with this `sub` (created if they never signed in) an employer of the company. */
  async attachToCompany(companyId: string, sub: string): Promise<User> {
    const user = await this.upsert(sub, { $set: { companyId } });
    await this.cache.invalidate(CacheKeys.user(sub));
    return user;
  }

  /** False when the user is not a member of that company. */
  async detachFromCompany(companyId: string, userId: string): Promise<boolean> {
    const user = await this.users.findOneAndUpdate({ _id: userId, companyId }, { $unset: { companyId: 1 } }).lean<User>().exec();
    if (user) await this.cache.invalidate(CacheKeys.user(user.sub));
    return user !== null;
  }

  async byIds(ids: string[]): Promise<Map<string, UserView>> {
    const rows = await this.users.find({ _id: { $in: ids } }).lean<User[]>().exec();
    return new Map(rows.map((u) => [u._id, toUserView(u)]));
  }

  /** Users per role: one index-backed count each (never a pass over every user). */
  async countByRole(): Promise<Record<string, number>> {
    const counts = await Promise.all(ROLES.map(async (role) => [role, await this.users.countDocuments({ roles: role }).exec()] as const));
    return Object.fromEntries(counts.filter(([, n]) => n > 0));
  }

  async listByCompany(companyId: string, limit: number, cursor?: string): Promise<Page<UserView>> {
    const page = keyset({ field: 'createdAt', direction: 1 }, cursor);
    const rows = await this.users.find({ companyId, ...page.filter }).sort(page.sort).limit(limit + 1).lean<User[]>().exec();
    return toPage(rows, limit, 'createdAt', toUserView);
  }
}

/** Dates come back from the JSON cache as strings. */
function reviveDates(user: User): User {
  const date = (v: unknown) => (v === undefined ? undefined : new Date(v as string));
  return { ...user, lastSeenAt: date(user.lastSeenAt), createdAt: date(user.createdAt), updatedAt: date(user.updatedAt) };
}
