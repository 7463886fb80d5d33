import { ZHealth } from '@mas/shared';
import { z } from 'zod';
import { isDatabaseUp } from '../../db/connection.ts';
import { publicProcedure, router } from '../../trpc.ts';

const startedAt = Date.now();
export const API_VERSION = '0.1.0';

export const healthRouter = router({
  check: publicProcedure
    .input(z.void())
    .output(ZHealth)
    .query(async () => ({
      status: 'ok' as const,
      database: (await isDatabaseUp()) ? ('up' as const) : ('down' as const),
      version: API_VERSION,
      uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
    })),
});
