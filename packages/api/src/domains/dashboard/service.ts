import type { TDashboardStats } from '@mas/shared';
import type { Model, Types } from 'mongoose';
import type { CatalogueDoc } from '../../crud/catalogue.ts';
import { op } from '../../db/schema.ts';
import type { AppDeps } from '../../trpc.ts';
import { daysBetween, dayKey, DAY_MS } from '../admissions/dates.ts';
import { Admission } from '../admissions/model.ts';
import { appointmentStats } from '../appointments/stats.ts';
import { Department } from '../department/model.ts';
import { MedicalStaff } from '../medical-staff/model.ts';
import { Patient } from '../patients/model.ts';
import { Room } from '../room/model.ts';
import { Specialty } from '../specialty/model.ts';

/*
 * KPI definitions (docs/kpis.md explains them for readers of the dashboard):
 * - occupancy rate = occupied beds / beds in service, where beds in service =
 *   beds of active rooms − beds marked out of service, and occupied = active
 *   admissions in active rooms;
 * - average length of stay = mean of (dischargedAt − admittedAt) in days over
 *   admissions discharged within [from, to];
 * - admissions / discharges per day = counts by calendar day (YYYY-MM-DD in
 *   JOBS_TIMEZONE) of admittedAt / dischargedAt within [from, to];
 * - urgent / surgical share = flagged admissions / admissions admitted within [from, to];
 * - by department (the ward: the room's department) and by specialty (of the
 *   responsible staff member): active admissions now.
 * - appointments: see appointments/stats.ts.
 * Only $match/$group/$sum aggregations and plain finds with projections are used,
 * so MongoDB and FerretDB give the same answers; means and buckets are computed here.
 */

type Counted = { _id: Types.ObjectId | null; count: number };

const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;
const share = (part: number, whole: number) => (whole ? round(part / whole, 4) : 0);

async function namesOf(catalogue: Model<CatalogueDoc>, ids: string[]): Promise<Map<string, string>> {
  const found = ids.length ? await catalogue.find({ _id: op({ $in: ids }) }, { name: 1 }).lean() : [];
  return new Map(found.map((doc) => [String(doc._id), doc.name]));
}

/** Adds up counts per key of another collection, then names the keys; largest first. */
async function regroup(counts: Array<{ key: string | null; count: number }>, catalogue: Model<CatalogueDoc>) {
  const totals = new Map<string | null, number>();
  for (const { key, count } of counts) totals.set(key, (totals.get(key) ?? 0) + count);
  const names = await namesOf(
    catalogue,
    [...totals.keys()].filter((key): key is string => key !== null),
  );
  return [...totals.entries()]
    .map(([id, count]) => ({ id, name: id ? (names.get(id) ?? null) : null, count }))
    .sort((a, b) => b.count - a.count || (a.name ?? '\uffff').localeCompare(b.name ?? '\uffff'));
}

export async function dashboardStats(deps: AppDeps, input: { from: Date; to: Date }): Promise<TDashboardStats> {
  const timezone = deps.env.JOBS_TIMEZONE;
  const { from, to } = input;
  const [rooms, activeByRoom, activeByStaff, admitted, discharged, urgent, surgical, activePatients, activeStaff] =
    await Promise.all([
      Room.find({ isActive: true }, { bedCount: 1, bedStates: 1 }).lean(),
      Admission.aggregate<Counted>([
        { $match: { status: 'active' } },
        { $group: { _id: '$roomId', count: { $sum: 1 } } },
      ]),
      Admission.aggregate<Counted>([
        { $match: { status: 'active' } },
        { $group: { _id: '$medicalStaffId', count: { $sum: 1 } } },
      ]),
      Admission.find({ admittedAt: op({ $gte: from, $lte: to }) }, { _id: 0, admittedAt: 1 }).lean(),
      Admission.find(
        { status: 'discharged', dischargedAt: op({ $gte: from, $lte: to }) },
        { _id: 0, admittedAt: 1, dischargedAt: 1 },
      ).lean(),
      Admission.countDocuments({ admittedAt: op({ $gte: from, $lte: to }), isUrgent: true }),
      Admission.countDocuments({ admittedAt: op({ $gte: from, $lte: to }), isSurgical: true }),
      Patient.countDocuments({ isActive: true }),
      MedicalStaff.countDocuments({ isActive: true }),
    ]);

  // Occupancy, over active rooms only.
  const activeRooms = new Set(rooms.map((room) => String(room._id)));
  let totalBeds = 0;
  let outOfService = 0;
  let cleaning = 0;
  for (const room of rooms) {
    totalBeds += room.bedCount;
    for (const state of room.bedStates) {
      if (state.bed > room.bedCount) continue;
      if (state.status === 'outOfService') outOfService += 1;
      if (state.status === 'cleaning') cleaning += 1;
    }
  }
  const occupiedBeds = activeByRoom
    .filter((row) => activeRooms.has(String(row._id)))
    .reduce((sum, row) => sum + row.count, 0);
  const bedsInService = totalBeds - outOfService;

  // Length of stay, in JS (no $avg on the server subset).
  const stays = discharged
    .filter((doc) => doc.dischargedAt)
    .map((doc) => (doc.dischargedAt!.getTime() - doc.admittedAt.getTime()) / DAY_MS);
  const averageLengthOfStayDays = stays.length
    ? round(stays.reduce((sum, days) => sum + days, 0) / stays.length, 2)
    : null;

  // Per-day series, every day of the range present.
  const perDay = new Map(daysBetween(from, to, timezone).map((date) => [date, { date, admissions: 0, discharges: 0 }]));
  for (const doc of admitted) {
    const day = perDay.get(dayKey(doc.admittedAt, timezone));
    if (day) day.admissions += 1;
  }
  for (const doc of discharged) {
    const day = doc.dischargedAt ? perDay.get(dayKey(doc.dischargedAt, timezone)) : undefined;
    if (day) day.discharges += 1;
  }

  // Active admissions by ward (room's department) and by the responsible staff member's specialty.
  const [roomDepartments, staffSpecialties] = await Promise.all([
    activeByRoom.length
      ? Room.find({ _id: op({ $in: activeByRoom.map((row) => row._id) }) }, { departmentId: 1 }).lean()
      : [],
    activeByStaff.length
      ? MedicalStaff.find({ _id: op({ $in: activeByStaff.map((row) => row._id) }) }, { specialtyId: 1 }).lean()
      : [],
  ]);
  const departmentOf = new Map(
    roomDepartments.map((room) => [String(room._id), room.departmentId ? String(room.departmentId) : null]),
  );
  const specialtyOf = new Map(staffSpecialties.map((member) => [String(member._id), String(member.specialtyId)]));
  const [activeByDepartment, activeBySpecialty] = await Promise.all([
    regroup(
      activeByRoom.map((row) => ({ key: departmentOf.get(String(row._id)) ?? null, count: row.count })),
      Department,
    ),
    regroup(
      activeByStaff.map((row) => ({ key: specialtyOf.get(String(row._id)) ?? null, count: row.count })),
      Specialty,
    ),
  ]);

  return {
    from,
    to,
    timezone,
    occupancy: {
      totalBeds,
      outOfService,
      bedsInService,
      occupiedBeds,
      cleaning,
      rate: bedsInService > 0 ? Math.min(1, share(occupiedBeds, bedsInService)) : 0,
    },
    averageLengthOfStayDays,
    dischargesInRange: discharged.length,
    admissionsInRange: admitted.length,
    urgentShare: share(urgent, admitted.length),
    surgicalShare: share(surgical, admitted.length),
    perDay: [...perDay.values()],
    activeAdmissions: activeByRoom.reduce((sum, row) => sum + row.count, 0),
    activeByDepartment,
    activeBySpecialty,
    activePatients,
    activeStaff,
    appointments: await appointmentStats({ from, to }, timezone),
  };
}
