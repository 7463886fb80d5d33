import type { IncomingMessage } from 'node:http';
import type { CreateExpressContextOptions } from '@trpc/server/adapters/express';
import type { CreateWSSContextFnOptions } from '@trpc/server/adapters/ws';
import { trpcError } from './errors.ts';
import { parse as parseCookie } from 'cookie';
import type { WebSocket } from 'ws';
import { authenticate } from './domains/auth/session.ts';
import type { Connections } from './realtime/connections.ts';
import type { AppDeps, Context } from './trpc.ts';

export const SESSION_COOKIE = 'mas_session';
/** Under HTTPS the cookie takes the __Host- prefix: host-only, Secure, path /. */
export const SECURE_SESSION_COOKIE = '__Host-mas_session';

/** HTTPS directly, or (only when a proxy is trusted) as the proxy reports it. */
export function isHttps(req: IncomingMessage, trustProxy: number): boolean {
  if ((req.socket as { encrypted?: boolean }).encrypted) return true;
  return trustProxy > 0 && req.headers['x-forwarded-proto'] === 'https';
}

/** The client's address: Express computes it for HTTP; for WebSockets take the trusted proxy's word. */
function clientIp(req: IncomingMessage, trustProxy: number): string {
  if ('ip' in req && typeof req.ip === 'string') return req.ip;
  const forwarded =
    trustProxy > 0
      ? String(req.headers['x-forwarded-for'] ?? '')
          .split(',')
          .map((part) => part.trim())
          .filter(Boolean)
      : [];
  return forwarded.at(-trustProxy) ?? req.socket.remoteAddress ?? 'unknown';
}

/** Session token from the cookie, an `Authorization: Bearer` header, or the WebSocket's connectionParams. */
export function sessionTokenOf(
  req: IncomingMessage,
  connectionParams?: Record<string, string | undefined> | null,
): string | undefined {
  const header = req.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice(7).trim();
  if (connectionParams?.token) return connectionParams.token;
  const cookies = parseCookie(req.headers.cookie ?? '');
  return cookies[SECURE_SESSION_COOKIE] ?? cookies[SESSION_COOKIE];
}

export function createContextFactory(deps: AppDeps, connections?: Connections) {
  return async (opts: CreateExpressContextOptions | CreateWSSContextFnOptions): Promise<Context> => {
    const { req } = opts;
    const connectionParams = opts.info.connectionParams;
    const token = sessionTokenOf(req, connectionParams);
    const user = token ? await authenticate(deps, token) : null;
    const ip = clientIp(req, deps.env.TRUST_PROXY);
    if ('res' in opts && 'cookie' in opts.res) {
      const { res } = opts;
      const secure = isHttps(req, deps.env.TRUST_PROXY);
      return {
        deps,
        user,
        ip,
        transport: 'http',
        setSessionCookie(value, maxAgeSeconds) {
          const name = secure ? SECURE_SESSION_COOKIE : SESSION_COOKIE;
          const options = { httpOnly: true, sameSite: 'lax' as const, secure, path: '/' };
          if (value === null) res.clearCookie(name, options);
          else res.cookie(name, value, { ...options, ...(maxAgeSeconds ? { maxAge: maxAgeSeconds * 1000 } : {}) });
        },
      };
    }
    // A WebSocket lives only with a session (cookie or connectionParams.token); tRPC closes it otherwise.
    if (!user) throw trpcError('auth.signIn', {});
    const connection = connections?.register(opts.res as WebSocket, user);
    return { deps, user, ip, transport: 'ws', ...(connection ? { connection } : {}) };
  };
}
