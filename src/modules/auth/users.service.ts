import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import type { Role } from './roles.js';
import { User } from './user.schema.js';

export interface ClaimsProfile {
  sub: string;
  email?: string;
  name?: string;
  roles: Role[];
}

/** How long a user whose claims are unchanged is served without touching MongoDB. */
const FRESH_MS = 5 * 60 * 1000;
const MAX_CACHED = 10_000;

function claimsKey(profile: ClaimsProfile): string {
  return JSON.stringify([profile.sub, profile.email?.toLowerCase(), profile.name, [...profile.roles].sort()]);
}

@Injectable()
export class UsersService {
  /** sub -> the user as last written, so an authenticated request costs no write per call. */
  private readonly recent = new Map<string, { key: string; user: User; at: number }>();

  constructor(@InjectModel(User.name) private readonly users: Model<User>) {}

  /** Like upsertFromClaims, but skips the write when the same claims were written recently. */
  async resolve(profile: ClaimsProfile, now = Date.now()): Promise<User> {
    const key = claimsKey(profile);
    const cached = this.recent.get(profile.sub);
    if (cached && cached.key === key && now - cached.at < FRESH_MS) return cached.user;
    const user = await this.upsertFromClaims(profile);
    if (this.recent.size >= MAX_CACHED) this.recent.delete(this.recent.keys().next().value as string);
    this.recent.set(profile.sub, { key, user, at: now });
    return user;
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
    const filter = { sub: profile.sub };
    const update = { $set: set, $setOnInsert: { _id: randomUUID() } };
    try {
      return await this.users.findOneAndUpdate(filter, update, { upsert: true, returnDocument: 'after' }).lean<User>().orFail().exec();
    } catch (error) {
      // Two first requests raced and the other insert won the unique index: now it exists.
      if ((error as { code?: number }).code !== 11000) throw error;
      return this.users.findOneAndUpdate(filter, { $set: set }, { returnDocument: 'after' }).lean<User>().orFail().exec();
    }
  }

  findById(id: string): Promise<User | null> {
    return this.users.findById(id).lean<User>().exec();
  }
}
