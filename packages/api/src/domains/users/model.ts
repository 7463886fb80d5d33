import { model, type Types } from 'mongoose';
import { entitySchema, ObjectIdType, type Stamped } from '../../db/schema.ts';

export interface UserDoc extends Stamped {
  username: string;
  usernameKey: string;
  passwordHash: string;
  email: string;
  firstName: string;
  lastName: string;
  phone: string | null;
  gender: 'F' | 'M' | 'X' | null;
  address: string | null;
  roleId: Types.ObjectId;
  isActive: boolean;
  mustChangePassword: boolean;
  lastLoginAt: Date | null;
  passwordChangedAt: Date | null;
  /** Lower-cased "first last username email" for one-index search. */
  searchText: string;
}

const schema = entitySchema(
  {
    username: { type: String, required: true },
    usernameKey: { type: String, required: true },
    passwordHash: { type: String, required: true },
    email: { type: String, required: true },
    firstName: { type: String, required: true },
    lastName: { type: String, required: true },
    phone: { type: String, default: null },
    gender: { type: String, default: null },
    address: { type: String, default: null },
    roleId: { type: ObjectIdType, required: true },
    isActive: { type: Boolean, default: true },
    mustChangePassword: { type: Boolean, default: false },
    lastLoginAt: { type: Date, default: null },
    passwordChangedAt: { type: Date, default: null },
    searchText: { type: String, default: '' },
  },
  'users',
);
schema.index({ usernameKey: 1 }, { unique: true });
schema.index({ roleId: 1, isActive: 1 });
// The list's default order (newest first), on the All tab and per status.
schema.index({ createdAt: -1 });
schema.index({ isActive: 1, createdAt: -1 });

export const User = model<UserDoc>('User', schema);
