import { model, Schema, type Types } from 'mongoose';
import { ObjectIdType } from '../../db/schema.ts';

/** A sign-in. `_id` is the SHA-256 of the token: a leaked database holds no usable tokens. */
export interface SessionDoc {
  _id: string;
  userId: Types.ObjectId;
  mode: 'cookie' | 'token';
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
  ip: string;
}

const sessionSchema = new Schema<SessionDoc>(
  {
    _id: { type: String, required: true },
    userId: { type: ObjectIdType, required: true },
    mode: { type: String, required: true },
    createdAt: { type: Date, required: true },
    lastSeenAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
    ip: { type: String, default: '' },
  },
  { collection: 'sessions', versionKey: false, strict: 'throw' },
);
sessionSchema.index({ userId: 1 });
sessionSchema.index({ expiresAt: 1 });
export const Session = model<SessionDoc>('Session', sessionSchema);

/**
 * One document per failed sign-in. Inserts are atomic where counters are not
 * (FerretDB updates without isolation), so counting them is exact under load.
 */
export interface LoginFailureDoc {
  _id: Types.ObjectId;
  key: string;
  at: Date;
}
const failureSchema = new Schema<LoginFailureDoc>(
  { key: { type: String, required: true }, at: { type: Date, required: true } },
  { collection: 'login_failures', versionKey: false, strict: 'throw' },
);
failureSchema.index({ key: 1, at: -1 });
failureSchema.index({ at: 1 });
export const LoginFailure = model<LoginFailureDoc>('LoginFailure', failureSchema);
