import { initTRPC } from '@trpc/server';
import { englishText, issueError, type TAccess, type TAppErrorOf, type TPermission } from '@mas/shared';
import superjson from 'superjson';
import { ZodError, type z } from 'zod';
import type { Env } from './env.ts';
import { AppError, toTRPCError, trpcError, wireFieldErrors } from './errors.ts';
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

/**
 * A session as it is now (null once it has ended); `fresh` skips the few-second cache. The auth
 * domain implements it and the composition root passes it in, so realtime knows no domain.
 */
export type SessionResolver = (sessionId: string, options?: { fresh?: boolean }) => Promise<SessionUser | null>;

/** Long-lived parts of the app that procedures use; tests build their own. */
export interface AppDeps {
  env: Env;
  logger: Logger;
  bus: EventBus;
  sessions: SessionResolver;
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

/** A zod failure as codes: the form-level ones and each field's (by the first key of its path, as zod flattens). */
function codedIssues(issues: z.core.$ZodIssue[]) {
  const formErrors: TAppErrorOf[] = [];
  const fieldErrors: Record<string, TAppErrorOf[]> = {};
  for (const issue of issues) {
    const coded = issueError(issue);
    const field = issue.path[0];
    if (field === undefined) formErrors.push(coded);
    else (fieldErrors[String(field)] ??= []).push(coded);
  }
  const appError: TAppErrorOf = formErrors[0] ?? { code: 'request.invalidInput', params: {} };
  return { appError, formErrors, fieldErrors };
}

const englishOf = (fieldErrors: Record<string, TAppErrorOf[]>, formErrors: TAppErrorOf[]) => ({
  formErrors: formErrors.map((error) => englishText(error.code, error.params)),
  fieldErrors: Object.fromEntries(
    Object.entries(fieldErrors).map(([field, errors]) => [
      field,
      errors.map((error) => englishText(error.code, error.params)),
    ]),
  ),
});

const t = initTRPC
  .context<Context>()
  .meta<Meta>()
  .create({
    transformer: superjson,
    errorFormatter({ shape, error }) {
      const internal = error.code === 'INTERNAL_SERVER_ERROR';
      const app = !internal && error.cause instanceof AppError ? error.cause : null;
      // Field errors explain bad input; an internal failure's details stay on the server.
      const issues = !internal && error.cause instanceof ZodError ? error.cause.issues : null;
      const coded = issues ? codedIssues(issues) : null;
      const fieldErrors = coded?.fieldErrors ?? (app?.fieldErrors ? wireFieldErrors(app.fieldErrors) : null);
      const appError: TAppErrorOf | null = internal
        ? { code: 'server.internal', params: {} }
        : (app?.appError ?? coded?.appError ?? null);
      return {
        ...shape,
        // Internal failures never reach clients with their details.
        message: internal ? 'Internal server error' : shape.message,
        data: {
          code: shape.data.code,
          httpStatus: shape.data.httpStatus,
          path: shape.data.path,
          /** What went wrong as a code from @mas/shared's list and its params; the web translates it. */
          appError,
          /** Each field's errors as codes and params. */
          fieldErrors,
          /** The same field errors in English, shaped as zod's flattened error (for scripts and logs). */
          zodError: fieldErrors || coded ? englishOf(fieldErrors ?? {}, coded?.formErrors ?? []) : null,
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
    throw trpcError('connection.tooManySubscriptions', { max: MAX_SUBSCRIPTIONS_PER_CONNECTION });
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
  if (!user) throw trpcError('auth.signIn', {});
  if (user.mustChangePassword && !path.startsWith('auth.')) {
    throw trpcError('auth.mustChangePassword', {});
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
        throw trpcError('auth.noPermission', { permission });
      }
      return next();
    });
}
