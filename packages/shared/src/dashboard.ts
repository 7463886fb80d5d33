import { z } from 'zod';
import { ZObjectId } from './common.ts';

/** Longest range the per-day series covers. */
export const MAX_DASHBOARD_DAYS = 366;

export const ZDashboardStatsInput = z
  .strictObject({ from: z.date(), to: z.date() })
  .refine((range) => range.from.getTime() <= range.to.getTime(), { path: ['to'], message: 'validation.notBeforeFrom' })
  .refine((range) => range.to.getTime() - range.from.getTime() <= MAX_DASHBOARD_DAYS * 86_400_000, {
    path: ['to'],
    message: 'validation.maxDays',
  });

const ZCount = z.number().int();
/** A share between 0 and 1. */
const ZShare = z.number().min(0).max(1);

export const ZGroupCount = z.strictObject({ id: ZObjectId.nullable(), name: z.string().nullable(), count: ZCount });

export const ZDashboardStats = z.strictObject({
  from: z.date(),
  to: z.date(),
  timezone: z.string(),
  occupancy: z.strictObject({
    /** Beds of active rooms. */
    totalBeds: ZCount,
    outOfService: ZCount,
    /** totalBeds − outOfService. */
    bedsInService: ZCount,
    /** Active admissions in active rooms. */
    occupiedBeds: ZCount,
    cleaning: ZCount,
    /** occupiedBeds / bedsInService (0 when no bed is in service). */
    rate: ZShare,
  }),
  /** Mean days from admission to discharge of admissions discharged in the range; null if none. */
  averageLengthOfStayDays: z.number().nullable(),
  dischargesInRange: ZCount,
  admissionsInRange: ZCount,
  urgentShare: ZShare,
  surgicalShare: ZShare,
  /** One entry per calendar day (YYYY-MM-DD in `timezone`) of the range, zeros included. */
  perDay: z.array(z.strictObject({ date: z.string(), admissions: ZCount, discharges: ZCount })),
  activeAdmissions: ZCount,
  activeByDepartment: z.array(ZGroupCount),
  activeBySpecialty: z.array(ZGroupCount),
  activePatients: ZCount,
  activeStaff: ZCount,
  /** Outpatient appointments (docs/kpis.md). */
  appointments: z.strictObject({
    /** Appointments starting within the range, cancelled ones left out. */
    inRange: ZCount,
    /** One entry per calendar day of the range: appointments starting that day (not cancelled), and no-shows among them. */
    perDay: z.array(z.strictObject({ date: z.string(), appointments: ZCount, noShows: ZCount })),
    /** No-shows / (no-shows + checked in + completed) over appointments of the range; null when none concluded. */
    noShowRate: ZShare.nullable(),
    /** Per specialty: the median over its active staff with hours of the wait from now to their next free slot. */
    nextFreeBySpecialty: z.array(
      z.strictObject({
        id: ZObjectId,
        name: z.string(),
        /** Minutes; null when no staff member of the specialty has a free slot within the horizon. */
        medianWaitMinutes: z.number().nullable(),
        /** Staff members with weekly hours counted. */
        staff: ZCount,
      }),
    ),
  }),
});
export type TDashboardStats = z.infer<typeof ZDashboardStats>;
