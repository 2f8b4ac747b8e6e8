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

@Injectable()
export class UsersService {
  constructor(@InjectModel(User.name) private readonly users: Model<User>) {}

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
