import type { TDashboardStats } from '@mas/shared';
import type { Model } from 'mongoose';
import type { CatalogueDoc } from '../catalogue.ts';
import { namesById } from '../../crud/query.ts';
import { findByIds } from '../../db/by-id.ts';
import { op } from '../../db/schema.ts';
import { readTally } from '../../db/tallies.ts';
import { channelOf } from '../../realtime/changes.ts';
import type { AppDeps } from '../../trpc.ts';
import { daysBetween, dayKey, DAY_MS } from '../admissions/dates.ts';
import { PatientClaim } from '../admissions/claims.ts';
import { admissionsPerDay, admittedOn, dischargedOn, utcDaysBetween } from '../admissions/days.ts';
import { Admission } from '../admissions/model.ts';
import { admissionCounts } from '../admissions/tally.ts';
import { appointmentStats } from '../appointments/stats.ts';
import { Department } from '../departments/model.ts';
import { MedicalStaff } from '../medical-staff/model.ts';
import { Room, type RoomDoc } from '../rooms/model.ts';
import { Specialty } from '../specialties/model.ts';

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

type Counted = { _id: string; count: number };

const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;
const share = (part: number, whole: number) => (whole ? round(part / whole, 4) : 0);

/** Adds up counts per key of another collection, then names the keys (by `_id`); largest first. */
async function regroup(counts: Array<{ key: string | null; count: number }>, catalogue: Model<CatalogueDoc>) {
  const totals = new Map<string | null, number>();
  for (const { key, count } of counts) totals.set(key, (totals.get(key) ?? 0) + count);
  const names = await namesById(
    catalogue,
    [...totals.keys()].filter((key): key is string => key !== null),
  );
  return [...totals.entries()]
    .map(([id, count]) => ({ id, name: id ? (names.get(id) ?? null) : null, count }))
    .sort((a, b) => b.count - a.count || (a.name ?? '\uffff').localeCompare(b.name ?? '\uffff'));
}

type BoardRoom = Pick<RoomDoc, '_id' | 'bedCount' | 'bedStates'>;

/**
 * Active rooms' beds, computed once and kept until a room changes (every room write publishes a
 * 'room' change, in every process with Redis): the rooms are read by a scan, so not per request.
 */
const roomCache = { rooms: null as BoardRoom[] | null, generation: 0, watching: false };
async function roomsInUse(deps: AppDeps): Promise<BoardRoom[]> {
  if (!roomCache.watching) {
    roomCache.watching = true;
    deps.bus.subscribe(channelOf('room'), () => {
      roomCache.generation += 1;
      roomCache.rooms = null;
    });
  }
  if (roomCache.rooms) return roomCache.rooms;
  const generation = roomCache.generation;
  const rooms = await Room.find({ isActive: true }, { bedCount: 1, bedStates: 1 }).lean();
  if (generation === roomCache.generation) roomCache.rooms = rooms;
  return rooms;
}

const countBy = <T>(items: T[], keyOf: (item: T) => string) => {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(keyOf(item), (counts.get(keyOf(item)) ?? 0) + 1);
  return [...counts.entries()].map(([id, count]) => ({ _id: id, count }));
};

const FIELDS = {
  status: 1,
  roomId: 1,
  medicalStaffId: 1,
  admittedAt: 1,
  dischargedAt: 1,
  isUrgent: 1,
  isSurgical: 1,
} as const;

/**
 * Past this share of all admissions (and 1,000), one scan of them costs less than reading the
 * range's by `_id` (~0.12 ms per admission decoded by a scan on FerretDB, ~0.5 ms per point lookup).
 */
const INDEX_SHARE = 0.25;

/**
 * The admissions the dashboard counts: active now, or admitted or discharged within the range.
 * Read by `_id` through the patient claims (one per active admission) and the day indexes of the
 * range's days (admissions/days.ts), so the cost follows the beds in use and the range, not the
 * years of history; by the query (one scan on FerretDB) when the range holds a large share of all.
 */
export async function admissionsOf(from: Date, to: Date) {
  const days = utcDaysBetween(from, to);
  const [perDay, counts] = await Promise.all([admissionsPerDay(), admissionCounts()]);
  const admittedInDays = days.reduce((sum, day) => sum + Math.max(0, perDay[day] ?? 0), 0);
  const within = (date: Date | null | undefined) => !!date && date >= from && date <= to;
  const limit = Math.max(1_000, counts.all * INDEX_SHARE);
  if (admittedInDays <= limit) {
    const [claims, admitted, discharged] = await Promise.all([
      PatientClaim.find({}, { admissionId: 1 }).lean(),
      Promise.all(days.map(admittedOn.ids)),
      Promise.all(days.map(dischargedOn.ids)),
    ]);
    const ids = new Set([
      ...claims.map((claim) => String(claim.admissionId)),
      ...admitted.flat(),
      ...discharged.flat(),
    ]);
    if (ids.size <= limit) {
      const docs = await findByIds(Admission, ids, FIELDS);
      return docs.filter((doc) => doc.status === 'active' || within(doc.admittedAt) || within(doc.dischargedAt));
    }
  }
  const inRange = op({ $gte: from, $lte: to });
  return Admission.find(
    { $or: [{ status: 'active' }, { admittedAt: inRange }, { dischargedAt: inRange }] },
    FIELDS,
  ).lean();
}

/**
 * The dashboard reads the admissions it counts once (figures computed here); rooms from a cache
 * kept until a room changes; active patients and staff from their kept counts; names by `_id`.
 */
export async function dashboardStats(deps: AppDeps, input: { from: Date; to: Date }): Promise<TDashboardStats> {
  const timezone = deps.env.JOBS_TIMEZONE;
  const { from, to } = input;
  const [rooms, rows, patientCounts, staffCounts] = await Promise.all([
    roomsInUse(deps),
    admissionsOf(from, to),
    readTally('records:patient'),
    readTally('records:medicalStaff'),
  ]);
  const within = (date: Date | null | undefined) => !!date && date >= from && date <= to;
  const active = rows.filter((doc) => doc.status === 'active');
  const activeByRoom: Counted[] = countBy(active, (doc) => String(doc.roomId));
  const activeByStaff: Counted[] = countBy(active, (doc) => String(doc.medicalStaffId));
  const admitted = rows.filter((doc) => within(doc.admittedAt));
  const discharged = rows.filter((doc) => doc.status === 'discharged' && within(doc.dischargedAt));
  const urgent = admitted.filter((doc) => doc.isUrgent).length;
  const surgical = admitted.filter((doc) => doc.isSurgical).length;
  const activePatients = patientCounts.active ?? 0;
  const activeStaff = staffCounts.active ?? 0;

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
    findByIds(
      Room,
      activeByRoom.map((row) => row._id),
      { departmentId: 1 },
    ),
    findByIds(
      MedicalStaff,
      activeByStaff.map((row) => row._id),
      { specialtyId: 1 },
    ),
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
    appointments: await appointmentStats(deps, { from, to }, timezone),
  };
}
