import type { AppDeps } from '../trpc.ts';
import type { JobDefinition } from './scheduler.ts';
import { repairClaims } from '../domains/admissions/claims.ts';
import { repairRecordClaims } from '../crud/claims.ts';
import { markNoShows, repairAppointments, sendReminders } from '../domains/appointments/jobs.ts';
import { purgeExpired } from './retention.ts';
import { repairTallies } from '../db/tallies.ts';

/** How often claims no active admission stands behind are cleared (beds left blocked by a crash). */
export const BED_REPAIR_SCHEDULE = '*/10 * * * *';
/** Appointment reminders, no-shows and the repair of bookings a dead process left pending. */
export const APPOINTMENT_JOBS_SCHEDULE = '*/5 * * * *';

/** When counters are recounted from their collections (drift left by a crash between a write and its delta). */
export const TALLY_REPAIR_SCHEDULE = '17 3 * * *';

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
    {
      name: 'tallies.repair',
      schedule: TALLY_REPAIR_SCHEDULE,
      run: async () => {
        const repaired = await repairTallies();
        deps.logger.info(repaired, 'tallies recounted');
      },
    },
    {
      name: 'beds.repair',
      schedule: BED_REPAIR_SCHEDULE,
      run: async () => {
        const removed = await repairClaims();
        if (removed.bedClaims || removed.patientClaims || removed.locks)
          deps.logger.warn({ removed }, 'stale bed claims removed');
        // Version claims, tombstones and pins left by a process that died mid-write.
        const records = await repairRecordClaims();
        if (records.recordClaims || records.referencePins) deps.logger.warn({ records }, 'stale record claims removed');
      },
    },
    {
      name: 'appointments.reminders',
      schedule: APPOINTMENT_JOBS_SCHEDULE,
      run: async () => {
        const sent = await sendReminders(deps);
        if (sent.reminders) deps.logger.info(sent, 'appointment reminders sent');
      },
    },
    {
      name: 'appointments.noShow',
      schedule: APPOINTMENT_JOBS_SCHEDULE,
      run: async () => {
        const marked = await markNoShows(deps);
        if (marked.noShows) deps.logger.info(marked, 'appointments marked as no-shows');
      },
    },
    {
      name: 'appointments.repair',
      schedule: APPOINTMENT_JOBS_SCHEDULE,
      run: async () => {
        const repaired = await repairAppointments(deps);
        if (repaired.abandoned || repaired.finished || repaired.orphans)
          deps.logger.warn(repaired, 'appointment claims repaired');
      },
    },
  ];
}
