import { randomBytes } from 'node:crypto';
import { createTRPCClient, createWSClient, httpBatchLink, splitLink, wsLink, type TRPCClient } from '@trpc/client';
import type { BUILT_IN_ROLES, TErrorCode } from '@mas/shared';
import mongoose from 'mongoose';
import superjson from 'superjson';
import { afterAll, beforeAll, expect, inject } from 'vitest';
import WebSocket from 'ws';
import { createSession, authenticate } from '../src/domains/auth/session.ts';
import { hashPassword } from '../src/domains/auth/password.ts';
import { Role } from '../src/domains/roles/model.ts';
import { User } from '../src/domains/users/model.ts';
import { normalizeKey } from '../src/db/schema.ts';
import { loadEnv, type Env } from '../src/env.ts';
import type { AppRouter } from '../src/router.ts';
import { startApiServer, type ApiServer } from '../src/server.ts';
import { createCallerFactory, type Context, type SessionUser } from '../src/trpc.ts';
import { appRouter } from '../src/router.ts';

export const ADMIN_PASSWORD = 'first-admin-password';

/** Environment of a test API: its own database, a free port, no noise. */
export function testEnv(overrides: Record<string, string> = {}): Env {
  return loadEnv({
    NODE_ENV: 'test',
    MONGODB_URI: inject('mongoUri'),
    MONGODB_DB: `t_${randomBytes(6).toString('hex')}`,
    PORT: '0',
    LOG_LEVEL: 'silent',
    MAS_ADMIN_USERNAME: 'admin',
    MAS_ADMIN_PASSWORD: ADMIN_PASSWORD,
    JOBS_ENABLED: 'false',
    ...overrides,
  });
}

/** Starts a real API (HTTP + WebSocket) on its own database for this test file. */
export function useTestApi(overrides: Record<string, string> = {}) {
  const state = {} as { server: ApiServer; env: Env };
  beforeAll(async () => {
    state.env = testEnv(overrides);
    state.server = await startApiServer(state.env);
  });
  afterAll(async () => {
    await mongoose.connection.db?.dropDatabase().catch(() => {});
    await state.server?.close();
  });
  return state;
}

const createCaller = createCallerFactory(appRouter);

/** A server-side caller acting as `user` (null: anonymous), through every middleware. */
export function callerFor(server: ApiServer, user: SessionUser | null, ip = '127.0.0.1') {
  const ctx: Context = { deps: server.deps, user, ip, transport: 'internal' };
  return createCaller(ctx);
}

let counter = 0;
/** Creates an active user with a built-in role and a session; returns its session user and token. */
export async function userWithRole(
  server: ApiServer,
  roleName: (typeof BUILT_IN_ROLES)[number] | string,
  password = 'a-good-password-1',
) {
  const role = await Role.findOne({ nameKey: normalizeKey(roleName) }).lean();
  if (!role) throw new Error(`no role ${roleName}`);
  const username = `${normalizeKey(roleName).replace(/\W/g, '')}${++counter}${randomBytes(2).toString('hex')}`;
  const user = await User.create({
    username,
    usernameKey: normalizeKey(username),
    passwordHash: await hashPassword(password),
    email: `${username}@example.org`,
    firstName: 'Test',
    lastName: roleName,
    roleId: role._id,
    searchText: normalizeKey(`Test ${roleName} ${username}`),
  });
  const { token } = await createSession(server.deps, String(user._id), 'token', '127.0.0.1');
  const session = await authenticate(server.deps, token);
  if (!session) throw new Error('session did not authenticate');
  return { user: session, token, username, password, id: String(user._id) };
}

/** A real client over HTTP (queries, mutations) and WebSocket (subscriptions), as scripts use it. */
export function clientFor(server: ApiServer, token?: string, options: { origin?: string } = {}) {
  const wsUrl = server.url.replace(/^http/, 'ws') + '/trpc';
  const wsClient = createWSClient({
    url: wsUrl,
    WebSocket: class extends WebSocket {
      constructor(address: string | URL, protocols?: string | string[]) {
        super(address, protocols, options.origin ? { headers: { origin: options.origin } } : {});
      }
    } as unknown as typeof globalThis.WebSocket,
    connectionParams: token ? { token } : null,
    retryDelayMs: () => 200,
  });
  const client: TRPCClient<AppRouter> = createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (op) => op.type === 'subscription',
        true: wsLink({ client: wsClient, transformer: superjson }),
        false: httpBatchLink({
          url: `${server.url}/trpc`,
          transformer: superjson,
          headers: () => ({
            ...(token ? { authorization: `Bearer ${token}` } : {}),
            ...(options.origin ? { origin: options.origin } : {}),
          }),
        }),
      }),
    ],
  });
  return { client, wsClient, close: () => wsClient.close() };
}

export async function waitFor<T>(
  check: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 5000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('waitFor: timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * Matches an error's cause by its code from @mas/shared's list and its params (what a client
 * reads from `error.data.appError`), e.g. `rejects.toMatchObject({ cause: coded('record.missing', { entity: 'role' }) })`.
 */
export const coded = (code: TErrorCode, params: Record<string, unknown> = {}) =>
  expect.objectContaining({ code, params }) as unknown;
