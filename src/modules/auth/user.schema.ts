import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { ROLES, type Role } from './roles.js';

/** A person known from the identity provider; we store no passwords. */
@Schema({ collection: 'users', timestamps: true, versionKey: false })
export class User {
  @Prop({ type: String, required: true })
  _id: string;

  /** The provider's subject: unique, the key we find a user by. */
  @Prop({ type: String, required: true, unique: true })
  sub: string;

  @Prop({ type: String })
  email?: string;

  @Prop({ type: String })
  name?: string;

  @Prop({ type: [String], enum: ROLES, default: [] })
  roles: Role[];

  /** An employer's company: from the provider's company claim, or attached by an admin. */
  @Prop({ type: String, index: true })
  companyId?: string;

  /** Unset for someone an admin attached before they ever signed in. */
  @Prop({ type: Date })
  lastSeenAt?: Date;

  createdAt?: Date;
  updatedAt?: Date;
}

export const UserSchema = SchemaFactory.createForClass(User);
UserSchema.index({ roles: 1 });
