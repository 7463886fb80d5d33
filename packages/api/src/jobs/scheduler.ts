import { MongoBackend } from '@agendajs/mongo-backend';
import { Agenda, type Job } from 'agenda';
import type { Db } from 'mongodb';
import type { Env } from '../env.ts';
import type { Logger } from '../logger.ts';

export type JobHandler = (job: Job) => Promise<void>;

export interface JobDefinition {
  name: string;
  run: JobHandler;
  /** Cron expression; the job is also runnable on demand without one. */
  schedule?: string;
}

export interface Scheduler {
  agenda: Agenda;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Agenda with its jobs stored in the app's own MongoDB. The deployment runs the
 * worker in one process only (JOBS_ENABLED). On MongoDB its lock makes each run
 * exactly-once; on FerretDB findAndModify is not atomic and a burst of due jobs
 * can run some twice, which is why every job here is idempotent.
 */
export function createScheduler(db: Db, env: Env, logger: Logger, definitions: JobDefinition[]): Scheduler {
  const agenda = new Agenda({
    backend: new MongoBackend({ mongo: db, collection: 'jobs', sort: { nextRunAt: 'asc', priority: 'desc' } }),
    name: `api-${process.pid}`,
    processEvery: env.NODE_ENV === 'test' ? 200 : '30 seconds',
    defaultLockLifetime: 10 * 60_000,
  });
  for (const definition of definitions) {
    agenda.define(definition.name, async (job: Job) => {
      const started = Date.now();
      try {
        await definition.run(job);
        logger.info({ job: definition.name, ms: Date.now() - started }, 'job finished');
      } catch (error) {
        logger.error({ job: definition.name, err: error }, 'job failed');
        throw error;
      }
    });
  }
  return {
    agenda,
    async start() {
      await agenda.start();
      for (const { name, schedule } of definitions) {
        if (schedule) await agenda.every(schedule, name, {}, { timezone: env.JOBS_TIMEZONE, skipImmediate: true });
      }
    },
    async stop() {
      await agenda.stop();
    },
  };
}
