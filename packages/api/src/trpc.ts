import { initTRPC, TRPCError } from '@trpc/server';
import type { TAccess, TPermission } from '@mas/shared';
import superjson from 'superjson';
import { z, ZodError } from 'zod';
import type { Env } from './env.ts';
import { AppError, toTRPCError } from './errors.ts';
import type { Logger } from './logger.ts';
import type { EventBus } from './realtime/bus.ts';

/** The signed-in user as every procedure sees it: resolved from the session on the server. */
export interface SessionUser {
  id: string;
  username: string;
  firstName: string;
  lastName: string;
  roleId: string;
  roleName: string;
  permissions: TPermission[];
  mustChangePassword: boolean;
  sessionId: string;
  /** When the session lapses unless used again (idle limit or absolute lifetime, ms since epoch). */
  validUntil?: number;
}

/** Long-lived parts of the app that procedures use; tests build their own. */
export interface AppDeps {
  env: Env;
  logger: Logger;
  bus: EventBus;
}

/** A WebSocket connection's own state, shared by every operation sent over it. */
export interface Connection {
  /** Subscriptions running now (capped per connection). */
  subscriptions: number;
  /** The connection's session as it is now; null once it has ended. */
  currentUser(): Promise<SessionUser | null>;
}

export interface Context {
  deps: AppDeps;
  user: SessionUser | null;
  /** The client's address, for login throttling and the audit trail. */
  ip: string;
  transport: 'http' | 'ws' | 'internal';
  /** Set for WebSocket operations. */
  connection?: Connection;
  /** Sets (or clears, with null) the session cookie; only HTTP requests can. */
  setSessionCookie?: (token: string | null, maxAgeSeconds?: number) => void;
}

export interface Meta {
  access: TAccess;
}

const t = initTRPC
  .context<Context>()
  .meta<Meta>()
  .create({
    transformer: superjson,
    errorFormatter({ shape, error }) {
      const internal = error.code === 'INTERNAL_SERVER_ERROR';
      // Field errors explain bad input; an internal failure's details stay on the server.
      const zodError = !internal && error.cause instanceof ZodError ? z.flattenError(error.cause) : null;
      const appFieldErrors = error.cause instanceof AppError ? error.cause.fieldErrors : undefined;
      return {
        ...shape,
        // Internal failures never reach clients with their details.
        message: internal ? 'Internal server error' : shape.message,
        data: {
          code: shape.data.code,
          httpStatus: shape.data.httpStatus,
          path: shape.data.path,
          zodError: zodError ?? (appFieldErrors ? { formErrors: [], fieldErrors: appFieldErrors } : null),
        },
      };
    },
  });

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
export const middleware = t.middleware;

/** Every error leaves through here: AppError, duplicate keys and the rest become TRPCErrors once. */
const mapErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.code === 'INTERNAL_SERVER_ERROR') {
    return { ...result, error: toTRPCError(result.error.cause ?? result.error) };
  }
  return result;
});

/** Live subscriptions one connection may hold at once. */
export const MAX_SUBSCRIPTIONS_PER_CONNECTION = 100;

/** Counts a connection's running subscriptions and refuses one past the cap. */
const limitSubscriptions = t.middleware(async ({ ctx, type, next }) => {
  const connection = ctx.connection;
  if (type !== 'subscription' || !connection) return next();
  if (connection.subscriptions >= MAX_SUBSCRIPTIONS_PER_CONNECTION) {
    throw new TRPCError({
      code: 'TOO_MANY_REQUESTS',
      message: `At most ${MAX_SUBSCRIPTIONS_PER_CONNECTION} live subscriptions per connection.`,
    });
  }
  connection.subscriptions++;
  const result = await next();
  if (!result.ok || !isAsyncIterable(result.data)) {
    connection.subscriptions--;
    return result;
  }
  return { ...result, data: releasedOnEnd(result.data, () => connection.subscriptions--) };
});

const isAsyncIterable = (value: unknown): value is AsyncIterable<unknown> =>
  typeof value === 'object' && value !== null && Symbol.asyncIterator in value;

/** The same iterable, calling `release` once when it finishes, fails or is stopped. */
function releasedOnEnd<T>(iterable: AsyncIterable<T>, release: () => void): AsyncIterable<T> {
  let released = false;
  const done = () => {
    if (released) return;
    released = true;
    release();
  };
  return {
    [Symbol.asyncIterator]() {
      const iterator = iterable[Symbol.asyncIterator]();
      return {
        async next() {
          try {
            const step = await iterator.next();
            if (step.done) done();
            return step;
          } catch (error) {
            done();
            throw error;
          }
        },
        async return(value?: unknown) {
          done();
          return (await iterator.return?.(value)) ?? { done: true as const, value: undefined };
        },
      };
    },
  };
}

const base = t.procedure.use(mapErrors).use(limitSubscriptions);

/** Procedures anyone may call (health, login). */
export const publicProcedure = base.meta({ access: 'public' });

const requireUser = t.middleware(async ({ ctx, path, next }) => {
  // A WebSocket's context was built when it opened: every operation looks at the session as it is now.
  const user = ctx.connection && ctx.user ? await ctx.connection.currentUser() : ctx.user;
  if (!user) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Sign in to continue.' });
  if (user.mustChangePassword && !path.startsWith('auth.')) {
    throw new TRPCError({ code: 'FORBIDDEN', message: 'Change your password before continuing.' });
  }
  return next({ ctx: { ...ctx, user } });
});

/** Any signed-in user (their own notifications, their account). */
export const authedProcedure = base.meta({ access: 'authenticated' }).use(requireUser);

/** Holders of one permission of the matrix in @mas/shared. */
export function permissionProcedure(permission: TPermission) {
  return base
    .meta({ access: permission })
    .use(requireUser)
    .use(({ ctx, next }) => {
      if (!ctx.user?.permissions.includes(permission)) {
        throw new TRPCError({ code: 'FORBIDDEN', message: `You do not have the "${permission}" permission.` });
      }
      return next();
    });
}
