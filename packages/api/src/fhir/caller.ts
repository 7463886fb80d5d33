import type { Request } from 'express';
import { appRouter } from '../router.ts';
import { createCallerFactory, type AppDeps, type SessionUser } from '../trpc.ts';

const createCaller = createCallerFactory(appRouter);

/** The FHIR API reads through the tRPC procedures: their permissions, audit entries and output schemas apply. */
export type Caller = ReturnType<typeof createCaller>;

export function callerAs(deps: AppDeps, user: SessionUser, ip: string): Caller {
  return createCaller({ deps, user, ip, transport: 'http' });
}

export const clientIp = (req: Request) => req.ip ?? req.socket.remoteAddress ?? 'unknown';
