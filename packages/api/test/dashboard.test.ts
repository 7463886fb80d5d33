import { beforeAll, describe, expect, it } from 'vitest';
import { dayKey, daysBetween } from '../src/domains/admissions/dates.ts';
import { callerFor, userWithRole, useTestApi } from './helpers.ts';
import { makePatient, makeStaff, type Caller } from './clinical-helpers.ts';

const api = useTestApi();
const DAY = 86_400_000;
const HOUR = 3_600_000;

let admin: Caller;
/** UTC midnight ten days ago: the first day of the range. */
const d0 = new Date(Math.floor(Date.now() / DAY) * DAY - 10 * DAY);
const at = (days: number, hours = 0) => new Date(d0.getTime() + days * DAY + hours * HOUR);
const range = { from: d0, to: new Date(at(7).getTime() - 1) };
let ids: Record<string, string> = {};

beforeAll(async () => {
  admin = callerFor(api.server, (await userWithRole(api.server, 'Superadmin')).user);
  const [deptA, deptB] = [
    await admin.department.create({ name: 'Dept A' }),
    await admin.department.create({ name: 'Dept B' }),
  ];
  const [s1, s2] = [
    await admin.specialty.create({ name: 'Cardiology' }),
    await admin.specialty.create({ name: 'Surgery' }),
  ];
  const a1 = await admin.room.create({ name: 'A1', bedCount: 4, departmentId: deptA.id });
  const b1 = await admin.room.create({ name: 'B1', bedCount: 2, departmentId: deptB.id });
  const c = await admin.room.create({ name: 'C', bedCount: 2 });
  const d = await admin.room.create({ name: 'D', bedCount: 3 });
  await admin.room.setActive({ id: d.id, isActive: false });
  await admin.room.setBedStatus({ roomId: a1.id, bed: 4, status: 'outOfService' });
  const diagnosis = await admin.diagnosis.create({ name: 'Anything' });
  const x = await makeStaff(admin, 'Xavi', 'Staff', s1.id, deptA.id);
  const y = await makeStaff(admin, 'Yago', 'Staff', s2.id, deptB.id);
  const p = await Promise.all([1, 2, 3, 4, 5].map((n) => makePatient(admin, `P${n}`, 'Dash')));
  const admit = (
    patient: number,
    staff: string,
    roomId: string,
    bed: number,
    admittedAt: Date,
    flags: { isUrgent?: boolean; isSurgical?: boolean } = {},
  ) =>
    admin.admission.create({
      patientId: p[patient - 1]!.id,
      medicalStaffId: staff,
      roomId,
      bed,
      admittedAt,
      diagnosisIds: [diagnosis.id],
      // Some of this history lies beyond the back-dating limit: the Superadmin gives a reason.
      backdateReason: 'Dashboard test history',
      ...flags,
    });

  const first = await admit(1, x.id, a1.id, 1, at(1, 10), { isUrgent: true });
  const second = await admit(2, x.id, a1.id, 2, at(1, 12), { isSurgical: true });
  await admin.admission.discharge({ id: second.id, dischargedAt: at(3, 12) });
  const third = await admit(3, y.id, b1.id, 1, at(2, 8), { isUrgent: true, isSurgical: true });
  const fourth = await admit(4, y.id, c.id, 1, at(-5, 8));
  await admin.admission.discharge({ id: fourth.id, dischargedAt: at(4, 8) });
  const fifth = await admit(5, x.id, c.id, 2, at(5));
  ids = { deptA: deptA.id, deptB: deptB.id, s1: s1.id, s2: s2.id, first: first.id, third: third.id, fifth: fifth.id };
});

describe('dashboard.stats', () => {
  it('computes occupancy, length of stay, daily series, groups and shares on known fixtures', async () => {
    const stats = await admin.dashboard.stats(range);
    expect(stats.timezone).toBe('UTC');
    expect(stats.occupancy).toEqual({
      totalBeds: 8,
      outOfService: 1,
      bedsInService: 7,
      occupiedBeds: 3,
      cleaning: 2,
      rate: 0.4286,
    });
    // Discharged in range: 2.0 and 9.0 days.
    expect(stats.averageLengthOfStayDays).toBe(5.5);
    expect(stats.dischargesInRange).toBe(2);
    expect(stats.admissionsInRange).toBe(4);
    expect(stats.urgentShare).toBe(0.5);
    expect(stats.surgicalShare).toBe(0.5);
    const day = (n: number) => dayKey(at(n), 'UTC');
    expect(stats.perDay).toEqual([
      { date: day(0), admissions: 0, discharges: 0 },
      { date: day(1), admissions: 2, discharges: 0 },
      { date: day(2), admissions: 1, discharges: 0 },
      { date: day(3), admissions: 0, discharges: 1 },
      { date: day(4), admissions: 0, discharges: 1 },
      { date: day(5), admissions: 1, discharges: 0 },
      { date: day(6), admissions: 0, discharges: 0 },
    ]);
    expect(stats.activeAdmissions).toBe(3);
    expect(stats.activeByDepartment).toEqual([
      { id: ids.deptA, name: 'Dept A', count: 1 },
      { id: ids.deptB, name: 'Dept B', count: 1 },
      { id: null, name: null, count: 1 },
    ]);
    expect(stats.activeBySpecialty).toEqual([
      { id: ids.s1, name: 'Cardiology', count: 2 },
      { id: ids.s2, name: 'Surgery', count: 1 },
    ]);
    expect(stats.activePatients).toBe(5);
    expect(stats.activeStaff).toBe(2);
  });

  it('answers an empty range with zeros and no length of stay', async () => {
    const stats = await admin.dashboard.stats({ from: at(-400), to: at(-399) });
    expect(stats).toMatchObject({
      averageLengthOfStayDays: null,
      admissionsInRange: 0,
      urgentShare: 0,
      surgicalShare: 0,
      dischargesInRange: 0,
    });
    expect(stats.perDay.map((entry) => entry.admissions)).toEqual([0, 0]);
  });

  it('refuses reversed and over-long ranges, and callers without dashboard.read', async () => {
    await expect(admin.dashboard.stats({ from: at(2), to: at(1) })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(admin.dashboard.stats({ from: at(-400), to: at(0) })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    const patient = callerFor(api.server, (await userWithRole(api.server, 'Patient')).user);
    await expect(patient.dashboard.stats(range)).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});

describe('calendar days', () => {
  it('follow the configured time zone', () => {
    const instant = new Date('2026-03-01T03:30:00Z');
    expect(dayKey(instant, 'UTC')).toBe('2026-03-01');
    expect(dayKey(instant, 'America/New_York')).toBe('2026-02-28');
    expect(daysBetween(new Date('2026-03-07T12:00:00Z'), new Date('2026-03-10T12:00:00Z'), 'America/New_York')).toEqual(
      ['2026-03-07', '2026-03-08', '2026-03-09', '2026-03-10'],
    );
  });
});
