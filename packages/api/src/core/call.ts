import type { AppDeps, Context, SessionUser } from '../trpc.ts';

/** Who did it: the server-side session, never a client-supplied name. */
export interface Actor {
  id: string | null;
  username: string;
  ip?: string | null;
}

export const SYSTEM_ACTOR: Actor = { id: null, username: 'system' };

export function actorOf(user: SessionUser | null, ip?: string): Actor {
  return user
    ? { id: user.id, username: user.username, ip: ip ?? null }
    : { id: null, username: 'anonymous', ip: ip ?? null };
}

/** Who is calling, as services see it: dependencies, the audited actor and the session user. */
export interface Call {
  deps: AppDeps;
  actor: Actor;
  user: SessionUser | null;
}

/** The service-facing view of a procedure's context. */
export const callOf = (ctx: Context): Call => ({ deps: ctx.deps, actor: actorOf(ctx.user, ctx.ip), user: ctx.user });
