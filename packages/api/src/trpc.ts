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
}

/** Long-lived parts of the app that procedures use; tests build their own. */
export interface AppDeps {
  env: Env;
  logger: Logger;
  bus: EventBus;
}

export interface Context {
  deps: AppDeps;
  user: SessionUser | null;
  /** The client's address, for login throttling and the audit trail. */
  ip: string;
  transport: 'http' | 'ws' | 'internal';
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

const base = t.procedure.use(mapErrors);

/** Procedures anyone may call (health, login). */
export const publicProcedure = base.meta({ access: 'public' });

const requireUser = t.middleware(({ ctx, path, next }) => {
  if (!ctx.user) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Sign in to continue.' });
  if (ctx.user.mustChangePassword && !path.startsWith('auth.')) {
    throw new TRPCError({ code: 'FORBIDDEN', message: 'Change your password before continuing.' });
  }
  return next({ ctx: { ...ctx, user: ctx.user } });
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
