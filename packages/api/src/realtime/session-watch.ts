import type { AppDeps, SessionUser } from '../trpc.ts';

/** What a bus "forget" message names: one session, a user's sessions, or all of them. */
export type Forget = { sessionId?: string; userId?: string; all?: true };

/**
 * Long-lived listeners (WebSocket connections, running subscriptions) watch the
 * session they act for. A session is looked at again whenever the bus says a
 * session, user or role changed (in any API process), when its idle or absolute
 * limit comes due, and at least every `sessionRecheckMs` (catches edits made
 * straight in the database). Listeners hear `ended` when it no longer holds and
 * `changed` when it holds with other permissions.
 */
export type SessionEnd = 'ended' | 'changed';
type Listener = (end: SessionEnd) => void;

/** Tests shorten these. */
export const realtimeSettings = { sessionRecheckMs: 60_000, sweepMs: 1_000 };

interface Watched {
  deps: AppDeps;
  userId: string;
  fingerprint: string;
  validUntil: number;
  recheckAt: number;
  checking: boolean;
  /** A change arrived while a check ran (it may have read the session before the change). */
  again: boolean;
  listeners: Set<Listener>;
}

const watched = new Map<string, Watched>();
let sweeper: NodeJS.Timeout | undefined;

/** What a listener acts on: the role, its permissions, and the forced password change. */
const fingerprintOf = (user: SessionUser) =>
  `${user.roleId}|${user.mustChangePassword}|${[...user.permissions].sort().join(',')}`;

export function watchSession(deps: AppDeps, user: SessionUser, listener: Listener): () => void {
  let entry = watched.get(user.sessionId);
  if (!entry) {
    entry = {
      deps,
      userId: user.id,
      fingerprint: fingerprintOf(user),
      validUntil: user.validUntil ?? Infinity,
      recheckAt: Date.now() + realtimeSettings.sessionRecheckMs,
      checking: false,
      again: false,
      listeners: new Set(),
    };
    watched.set(user.sessionId, entry);
  }
  entry.listeners.add(listener);
  sweeper ??= setInterval(sweep, realtimeSettings.sweepMs).unref();
  const own = entry;
  return () => {
    own.listeners.delete(listener);
    if (own.listeners.size === 0 && watched.get(user.sessionId) === own) watched.delete(user.sessionId);
    if (watched.size === 0) {
      clearInterval(sweeper);
      sweeper = undefined;
    }
  };
}

/** Called for every forget message from the bus, after the session cache has dropped it. */
export function sessionsChanged(what: Forget): void {
  for (const [sessionId, entry] of watched) {
    if (what.all || what.sessionId === sessionId || (what.userId && what.userId === entry.userId)) {
      void recheck(sessionId, entry);
    }
  }
}

function sweep(): void {
  const now = Date.now();
  for (const [sessionId, entry] of watched) {
    if (now >= entry.validUntil || now >= entry.recheckAt) void recheck(sessionId, entry);
  }
}

async function recheck(sessionId: string, entry: Watched): Promise<void> {
  if (entry.checking) {
    entry.again = true;
    return;
  }
  entry.checking = true;
  entry.again = false;
  try {
    const user = await entry.deps.sessions(sessionId, { fresh: true });
    if (watched.get(sessionId) !== entry) return;
    if (!user) {
      watched.delete(sessionId);
      for (const listener of entry.listeners) listener('ended');
      return;
    }
    entry.validUntil = user.validUntil ?? Infinity;
    entry.recheckAt = Date.now() + realtimeSettings.sessionRecheckMs;
    const fingerprint = fingerprintOf(user);
    if (fingerprint !== entry.fingerprint) {
      entry.fingerprint = fingerprint;
      for (const listener of entry.listeners) listener('changed');
    }
  } catch (error) {
    // The database is unreachable: keep the listeners and look again on the next sweep.
    entry.deps.logger.warn({ err: error }, 'session recheck failed');
    entry.recheckAt = Date.now() + realtimeSettings.sweepMs;
  } finally {
    entry.checking = false;
    if (entry.again && watched.get(sessionId) === entry) void recheck(sessionId, entry);
  }
}
