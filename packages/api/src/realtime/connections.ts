import { trpcError } from '../errors.ts';
import type { WebSocket } from 'ws';
import type { AppDeps, Connection, SessionUser } from '../trpc.ts';
import { watchSession } from './session-watch.ts';

/** Live connections one session may hold in one API process (a user's tabs and scripts). */
export const MAX_SOCKETS_PER_SESSION = 10;
/** A socket must present its session within this time or be closed. */
export const AUTH_TIMEOUT_MS = 10_000;

/** Close codes a client can act on (4000–4999 are the application's). */
export const CLOSE = {
  sessionEnded: 4401,
  permissionsChanged: 4403,
  authTimeout: 4408,
} as const;

/** Lets running subscriptions send their "session ended" errors before the socket goes. */
const CLOSE_GRACE_MS = 200;

/**
 * The WebSocket connections of this process, each bound to the session it signed in
 * with. When that session ends the socket is told (its subscriptions end with
 * UNAUTHORIZED, then the socket closes with 4401 "Session ended"); when its
 * permissions change the socket closes with 4403 so the client reconnects and every
 * subscription is authorized again under the new permissions.
 */
export function createConnections(deps: AppDeps) {
  const sockets = new Map<string, Set<WebSocket>>();
  const authenticated = new WeakSet<WebSocket>();

  function register(socket: WebSocket, user: SessionUser): Connection {
    const ofSession = sockets.get(user.sessionId) ?? new Set<WebSocket>();
    if (ofSession.size >= MAX_SOCKETS_PER_SESSION) {
      throw trpcError('connection.tooManySockets', { max: MAX_SOCKETS_PER_SESSION });
    }
    ofSession.add(socket);
    sockets.set(user.sessionId, ofSession);
    authenticated.add(socket);
    const endSoon = () => setTimeout(() => socket.close(CLOSE.sessionEnded, 'Session ended'), CLOSE_GRACE_MS).unref();
    const stopWatching = watchSession(deps, user, (end) => {
      if (end === 'ended') endSoon();
      else socket.close(CLOSE.permissionsChanged, 'Permissions changed');
    });
    socket.once('close', () => {
      stopWatching();
      ofSession.delete(socket);
      if (ofSession.size === 0 && sockets.get(user.sessionId) === ofSession) sockets.delete(user.sessionId);
    });
    return {
      subscriptions: 0,
      async currentUser() {
        const current = await deps.sessions(user.sessionId);
        if (!current) endSoon();
        return current;
      },
    };
  }

  /** Closes a socket that has not presented a session in time. */
  function expectSignIn(socket: WebSocket): void {
    const timer = setTimeout(() => {
      if (!authenticated.has(socket)) socket.close(CLOSE.authTimeout, 'Sign-in timed out');
    }, AUTH_TIMEOUT_MS).unref();
    socket.once('close', () => clearTimeout(timer));
  }

  return { register, expectSignIn };
}

export type Connections = ReturnType<typeof createConnections>;
