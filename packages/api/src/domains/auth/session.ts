import { createHash, randomBytes } from 'node:crypto';
import type { TPermission } from '@mas/shared';
import type { AppDeps, SessionUser } from '../../trpc.ts';
import { Role } from '../roles/model.ts';
import { effectivePermissions } from '../roles/service.ts';
import { User } from '../users/model.ts';
import { op } from '../../db/schema.ts';
import { Session } from './model.ts';

/** 256 bits from the CSPRNG (ASVS 7.2.3 asks for at least 128). */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** lastSeenAt is written at most this often, not on every request. */
const TOUCH_EVERY_MS = 60_000;

export async function createSession(deps: AppDeps, userId: string, mode: 'cookie' | 'token', ip: string) {
  const token = newToken();
  const now = new Date();
  const expiresAt = new Date(now.getTime() + deps.env.SESSION_ABSOLUTE_HOURS * 3600_000);
  await Session.create({ _id: hashToken(token), userId, mode, createdAt: now, lastSeenAt: now, expiresAt, ip });
  return { token, expiresAt };
}

/**
 * The user behind a token, or null when the session is unknown, idle too long,
 * past its absolute lifetime, or its user is inactive.
 */
export async function authenticate(deps: AppDeps, token: string): Promise<SessionUser | null> {
  if (token.length > 200) return null;
  const id = hashToken(token);
  const session = await Session.findById(id).lean();
  if (!session) return null;
  const now = Date.now();
  const idleLimit = session.lastSeenAt.getTime() + deps.env.SESSION_IDLE_MINUTES * 60_000;
  if (now > idleLimit || now > session.expiresAt.getTime()) {
    await Session.deleteOne({ _id: id });
    return null;
  }
  const user = await User.findById(session.userId).lean();
  if (!user || !user.isActive) return null;
  const role = await Role.findById(user.roleId).lean();
  if (now - session.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
    await Session.updateOne({ _id: id }, { $set: { lastSeenAt: new Date(now) } });
  }
  const permissions: TPermission[] = role && role.isActive ? effectivePermissions(role) : [];
  return {
    id: String(user._id),
    username: user.username,
    firstName: user.firstName,
    lastName: user.lastName,
    roleId: String(user.roleId),
    roleName: role?.name ?? '',
    permissions,
    mustChangePassword: user.mustChangePassword,
    sessionId: id,
  };
}

/**
 * Whether a session still holds (exists, not idle too long, not past its lifetime),
 * without counting as activity: long-lived subscriptions use it to end with their session.
 */
export async function isSessionValid(deps: AppDeps, sessionId: string): Promise<boolean> {
  const session = await Session.findById(sessionId, { lastSeenAt: 1, expiresAt: 1 }).lean();
  const now = Date.now();
  return Boolean(
    session &&
      now <= session.lastSeenAt.getTime() + deps.env.SESSION_IDLE_MINUTES * 60_000 &&
      now <= session.expiresAt.getTime(),
  );
}

export async function revokeSession(sessionId: string): Promise<void> {
  await Session.deleteOne({ _id: sessionId });
}

/** Ends every session of a user (password change or reset, deactivation), optionally but one. */
export async function revokeUserSessions(userId: string, exceptSessionId?: string): Promise<void> {
  await Session.deleteMany(exceptSessionId ? { userId, _id: op({ $ne: exceptSessionId }) } : { userId });
}
