import { createHash, randomBytes } from 'node:crypto';
import type { TPermission } from '@mas/shared';
import type { AppDeps, SessionUser } from '../../trpc.ts';
import { effectivePermissions, Role } from '../roles/model.ts';
import { User } from '../users/model.ts';
import { op } from '../../db/schema.ts';
import type { Forget } from '../../realtime/session-watch.ts';
import { Session } from './model.ts';

/** 256 bits from the CSPRNG (ASVS 7.2.3 asks for at least 128). */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** lastSeenAt is written at most this often, not on every request. */
const TOUCH_EVERY_MS = 60_000;

/**
 * Resolved sessions are kept for a few seconds so a burst of requests costs one
 * lookup, not three per request. Whatever ends or changes a session (logout,
 * password change, deactivation, a role edit) drops the entries at once, in
 * every API process, through the event bus.
 */
const CACHE_MS = 5_000;
const CACHE_MAX = 10_000;
const cache = new Map<string, { user: SessionUser; until: number }>();
const FORGET_CHANNEL = 'sessions:forget';

/** Bumped by every forget, so a lookup that started before one is not cached after it. */
let generation = 0;

function forgetLocally({ sessionId, userId, all }: Forget) {
  generation++;
  if (all) return cache.clear();
  if (sessionId) cache.delete(sessionId);
  if (userId) for (const [key, entry] of cache) if (entry.user.id === userId) cache.delete(key);
}

/** Empties this process's cache (tests that edit sessions in the database directly). */
export function clearSessionCache(): void {
  cache.clear();
}

/** Wires cache invalidation from other processes; called once at start. `onForget` runs after the cache is dropped. */
export function listenForSessionChanges(deps: AppDeps, onForget?: (what: Forget) => void): () => void {
  return deps.bus.subscribe(FORGET_CHANNEL, (message) => {
    forgetLocally(message as Forget);
    onForget?.(message as Forget);
  });
}

/** Drops cached sessions here and in every other process. */
export async function forgetSessions(deps: AppDeps, what: Forget): Promise<void> {
  await deps.bus.publish(FORGET_CHANNEL, what);
}

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
  return resolveSession(deps, hashToken(token));
}

/**
 * The user behind a session id, as `authenticate` (cached a few seconds, dropped at
 * once on every change). WebSocket operations call it each time: a socket never
 * acts on the session it opened with, only on the session as it is now.
 */
export async function resolveSession(
  deps: AppDeps,
  id: string,
  options: { fresh?: boolean } = {},
): Promise<SessionUser | null> {
  const cached = options.fresh ? undefined : cache.get(id);
  const now = Date.now();
  // A cached session past its idle or absolute limit is looked at again, never served.
  if (cached && cached.until > now && (cached.user.validUntil ?? Infinity) > now) return cached.user;
  const started = generation;
  const user = await lookUp(deps, id);
  // A lookup that raced a forget may have read the session before it ended: don't cache it.
  if (user && started === generation) {
    if (cache.size >= CACHE_MAX) cache.clear();
    cache.set(id, { user, until: Date.now() + CACHE_MS });
  }
  return user;
}

async function lookUp(deps: AppDeps, id: string): Promise<SessionUser | null> {
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
  let lastSeen = session.lastSeenAt.getTime();
  if (now - lastSeen > TOUCH_EVERY_MS) {
    await Session.updateOne({ _id: id }, { $set: { lastSeenAt: new Date(now) } });
    lastSeen = now;
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
    validUntil: Math.min(lastSeen + deps.env.SESSION_IDLE_MINUTES * 60_000, session.expiresAt.getTime()),
  };
}

export async function revokeSession(deps: AppDeps, sessionId: string): Promise<void> {
  await Session.deleteOne({ _id: sessionId });
  await forgetSessions(deps, { sessionId });
}

/** Ends every session of a user (password change or reset, deactivation), optionally but one. */
export async function revokeUserSessions(deps: AppDeps, userId: string, exceptSessionId?: string): Promise<void> {
  await Session.deleteMany(exceptSessionId ? { userId, _id: op({ $ne: exceptSessionId }) } : { userId });
  await forgetSessions(deps, { userId });
}
