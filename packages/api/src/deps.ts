import type { Env } from './env.ts';
import type { Logger } from './logger.ts';
import type { EventBus } from './realtime/bus.ts';
import { resolveSession } from './domains/auth/session.ts';
import type { AppDeps } from './trpc.ts';

/** The app's long-lived parts, with the auth domain's session lookup wired in for the layers below it. */
export function createAppDeps(env: Env, logger: Logger, bus: EventBus): AppDeps {
  const deps: AppDeps = {
    env,
    logger,
    bus,
    sessions: (sessionId, options) => resolveSession(deps, sessionId, options),
  };
  return deps;
}
