import type { AppDeps } from '../trpc.ts';
import type { JobDefinition } from './scheduler.ts';
import { purgeExpired } from './retention.ts';

/** The jobs every API worker runs; schedules and time zone come from the environment. */
export function jobDefinitions(deps: AppDeps): JobDefinition[] {
  return [
    {
      name: 'retention.purge',
      schedule: deps.env.PURGE_SCHEDULE,
      run: async () => {
        const removed = await purgeExpired(deps.env);
        deps.logger.info({ removed }, 'retention purge');
      },
    },
  ];
}
