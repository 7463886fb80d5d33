import type { TDashboardStats } from '@mas/shared';
import type { Types } from 'mongoose';
import { byIds, namesById } from '../../crud/query.ts';
import { op } from '../../db/schema.ts';
import { channelOf } from '../../realtime/changes.ts';
import type { AppDeps } from '../../trpc.ts';
import { daysBetween, dayKey } from '../admissions/dates.ts';
import { MedicalStaff } from '../medical-staff/model.ts';
import { Specialty } from '../specialties/model.ts';
import { nextFreeByStaff } from './free-slots.ts';
import { Appointment, Schedule, type StoredAppointmentStatus } from './model.ts';

/** Appointments the figures count: every one but the cancelled (and unfinished bookings). */
const COUNTED: StoredAppointmentStatus[] = ['booked', 'checkedIn', 'completed', 'noShow'];

/** How far ahead the next free slot is looked for (a specialty with nothing free in that time shows null). */
export const NEXT_FREE_HORIZON_DAYS = 30;
/** Staff members whose next free slot is looked up at most. */
const MAX_STAFF = 200;

/** The median of some numbers (mean of the middle two for an even count); null for none. */
export function median(values: number[]): number | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

type ActiveStaff = Array<{ _id: Types.ObjectId; specialtyId: Types.ObjectId }>;

/**
 * Active staff members, read once and kept until a staff record changes (every write publishes a
 * 'medicalStaff' change, in every process with Redis): reading them is a scan, so not per request.
 */
const staffCache = { staff: null as ActiveStaff | null, generation: 0, watching: false };
async function activeStaff(deps: AppDeps): Promise<ActiveStaff> {
  if (!staffCache.watching) {
    staffCache.watching = true;
    deps.bus.subscribe(channelOf('medicalStaff'), () => {
      staffCache.generation += 1;
      staffCache.staff = null;
    });
  }
  if (staffCache.staff) return staffCache.staff;
  const generation = staffCache.generation;
  const staff = await MedicalStaff.find({ isActive: true }, { specialtyId: 1 }).limit(MAX_STAFF).lean();
  if (generation === staffCache.generation) staffCache.staff = staff;
  return staff;
}

/**
 * The appointment figures of the dashboard. Plain finds with projections; counting, rates and
 * medians happen here (no `$group` beyond `$sum` on the shared server subset). One scan of
 * appointments (those in the range); staff from the cache above, schedules and specialties by `_id`.
 */
export async function appointmentStats(
  deps: AppDeps,
  range: { from: Date; to: Date },
  timezone: string,
  now = new Date(),
): Promise<TDashboardStats['appointments']> {
  const inRange = await Appointment.find(
    {
      start: op({ $gte: range.from, $lte: range.to }),
      status: op({ $in: COUNTED }),
    },
    { _id: 0, start: 1, status: 1 },
  ).lean();
  const perDay = new Map(
    daysBetween(range.from, range.to, timezone).map((date) => [date, { date, appointments: 0, noShows: 0 }]),
  );
  let concluded = 0;
  let noShows = 0;
  for (const doc of inRange) {
    const day = perDay.get(dayKey(doc.start, timezone));
    if (day) {
      day.appointments += 1;
      if (doc.status === 'noShow') day.noShows += 1;
    }
    if (doc.status === 'noShow') noShows += 1;
    if (doc.status !== 'booked') concluded += 1;
  }

  // The next free slot of each active staff member with hours, by specialty.
  const staff = await activeStaff(deps);
  const schedules = await byIds(
    Schedule,
    staff.map((member) => member._id),
    { rules: 1 },
  );
  const withHours = new Set(
    [...schedules.values()].filter((schedule) => schedule.rules.length > 0).map((schedule) => String(schedule._id)),
  );
  const horizon = new Date(now.getTime() + NEXT_FREE_HORIZON_DAYS * 86_400_000);
  const counted = staff.filter((member) => withHours.has(String(member._id)));
  const next = await nextFreeByStaff(
    counted.map((member) => member._id),
    horizon,
    now,
  );
  const waits = new Map<string, { staff: number; waits: number[] }>();
  for (const member of counted) {
    const entry = waits.get(String(member.specialtyId)) ?? { staff: 0, waits: [] };
    waits.set(String(member.specialtyId), entry);
    entry.staff += 1;
    const start = next.get(String(member._id));
    if (start) entry.waits.push(Math.max(0, Math.round((start.getTime() - now.getTime()) / 60_000)));
  }
  const names = await namesById(Specialty, waits.keys());
  const nextFreeBySpecialty = [...waits.entries()]
    .map(([id, entry]) => ({
      id,
      name: names.get(id) ?? '—',
      medianWaitMinutes: median(entry.waits),
      staff: entry.staff,
    }))
    .sort((a, b) => a.name.localeCompare(b.name));

  return {
    inRange: inRange.length,
    perDay: [...perDay.values()],
    noShowRate: concluded ? Math.round((noShows / concluded) * 10_000) / 10_000 : null,
    nextFreeBySpecialty,
  };
}
