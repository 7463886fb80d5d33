// Each screen's first page costs at most one scan of its main collection and no scan of anything
// else (issue #15): FerretDB 1.24 on SQLite pushes down only `_id` equality, so every other filter,
// sort, count or `$in` decodes a whole collection. Names come from `_id` point lookups of the page's
// rows; tab counts and dashboard figures from counters, not recounted.
import { ADMISSION_SORT_FIELDS } from '@mas/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { censusOf, type Census } from '../src/db/census.ts';
import { callerFor, userWithRole, useTestApi } from './helpers.ts';
import { daysAgo, makePatient, makeStaff, makeWard, type Caller } from './clinical-helpers.ts';

const api = useTestApi({ MAS_MONITOR_COMMANDS: 'true' });
let admin: Caller;

beforeAll(async () => {
  admin = callerFor(api.server, (await userWithRole(api.server, 'Superadmin')).user);
  const wards = [await makeWard(admin, 4), await makeWard(admin, 4)];
  const ids: string[] = [];
  for (let i = 0; i < 6; i++) {
    const ward = wards[i % 2]!;
    const patient = await makePatient(admin, `Pat${i}`, `Scan${i}`);
    const staff = await makeStaff(admin, `Doc${i}`, `Scan${i}`, ward.specialty.id, ward.department.id);
    const admission = await admin.admission.create({
      patientId: patient.id,
      medicalStaffId: staff.id,
      roomId: ward.room.id,
      bed: 1 + Math.floor(i / 2),
      diagnosisIds: [ward.diagnosis.id],
      admittedAt: daysAgo(3),
    });
    ids.push(admission.id);
  }
  await admin.admission.discharge({ id: ids[0]! });
  await admin.admission.discharge({ id: ids[1]! });
}, 120_000);

/** Scans other than one of `main` (each of them): what the budget forbids. */
function overBudget(census: Census, main: string | string[]) {
  const extra: Record<string, number> = {};
  for (const [collection, count] of Object.entries(census.scans)) {
    const allowed = [main].flat().includes(collection) ? 1 : 0;
    if (count > allowed) extra[collection] = count - allowed;
  }
  return extra;
}

const screens: Array<[string, string | string[], () => Promise<unknown>]> = [
  ['admissions, all', 'tallies', () => admin.admission.list({ page: 1, perPage: 25, status: 'all' })],
  ['admissions, active', 'patient_claims', () => admin.admission.list({ page: 1, perPage: 25, status: 'active' })],
  ['admissions, discharged', 'tallies', () => admin.admission.list({ page: 1, perPage: 25, status: 'discharged' })],
  ['patients', 'patients', () => admin.patient.list({ page: 1, perPage: 25 })],
  ['medical staff', 'medical_staff', () => admin.medicalStaff.list({ page: 1, perPage: 25 })],
  ['bed board', 'rooms', () => admin.room.board()],
  // The dashboard has two sections, admissions and appointments: one scan of each (of admissions,
  // the active ones' claims; the range's through the day indexes). Rooms and active staff come from
  // caches kept until a room or staff record changes: warmed by an earlier request.
  ['dashboard', ['patient_claims', 'appointments'], () => admin.dashboard.stats({ from: daysAgo(30), to: new Date() })],
  ['audit', 'audit', () => admin.audit.list({ page: 1, perPage: 25 })],
  ['notifications', 'notifications', () => admin.notification.list({ page: 1, perPage: 25, filter: 'all' })],
];

describe('scan budget of each screen’s first page', () => {
  it('tab counts come from the kept counters and match the records', async () => {
    const list = await admin.admission.list({ page: 1, perPage: 25, status: 'all' });
    expect(list.counts).toEqual({ all: 6, active: 4, discharged: 2 });
    expect(list.items).toHaveLength(6);
    expect(list.items.every((item) => item.patientName.startsWith('Pat') && item.roomName)).toBe(true);
  });

  it('dashboard: rooms are read once, then kept until a room changes', async () => {
    const stats = () => admin.dashboard.stats({ from: daysAgo(30), to: new Date() });
    await stats();
    const { census, result } = await censusOf(stats);
    expect(census.scans, JSON.stringify(census.scans)).toEqual({ patient_claims: 1, appointments: 1 });
    expect(result.admissionsInRange).toBe(6);
    expect(result.occupancy.occupiedBeds).toBe(4);
    await admin.room.create({ name: `Budget room ${Date.now()}`, bedCount: 2 });
    const after = await censusOf(stats);
    expect(after.census.scans).toEqual({ patient_claims: 1, appointments: 1, rooms: 1 });
    expect(after.result.occupancy.totalBeds).toBe(result.occupancy.totalBeds + 2);
  });

  it('dashboard: active staff are read once, then kept until a staff record changes', async () => {
    const stats = () => admin.dashboard.stats({ from: daysAgo(30), to: new Date() });
    await stats();
    expect((await censusOf(stats)).census.scans.medical_staff).toBeUndefined();
    const ward = await makeWard(admin, 1);
    await makeStaff(admin, 'Doc', `Budget${Date.now()}`, ward.specialty.id, ward.department.id);
    expect((await censusOf(stats)).census.scans.medical_staff).toBe(1);
  });

  it('audit: newest-first pages are point lookups of numbered entries (no scan), the same rows as the query', async () => {
    for (const page of [1, 2]) {
      const { census, result } = await censusOf(() => admin.audit.list({ page, perPage: 10 }));
      expect(census.scans, JSON.stringify(census.scans)).toEqual({});
      // A date filter takes another path (a binary search over the numbers): the same entries.
      const queried = await admin.audit.list({ page, perPage: 10, from: new Date(0) });
      expect(result.items.map((item) => item.id)).toEqual(queried.items.map((item) => item.id));
      expect(result.total).toBe(queried.total);
    }
  });

  it('admissions, active: read through the patient claims, no scan of admissions, the same rows as the query', async () => {
    const fields = [undefined, ...ADMISSION_SORT_FIELDS];
    for (const field of fields) {
      for (const direction of ['asc', 'desc'] as const) {
        const sort = field ? { sort: { field, direction } } : {};
        const input = { page: 1, perPage: 3, status: 'active' as const, ...sort };
        const { census, result } = await censusOf(() => admin.admission.list(input));
        expect(census.scans.admissions, JSON.stringify(census.scans)).toBeUndefined();
        // A date filter takes the ordinary query: it must list the same rows in the same order.
        for (const page of [1, 2]) {
          const claimed = page === 1 ? result : await admin.admission.list({ ...input, page });
          const queried = await admin.admission.list({ ...input, page, from: new Date(0) });
          expect(
            claimed.items.map((item) => item.id),
            `${field} ${direction} page ${page}`,
          ).toEqual(queried.items.map((item) => item.id));
        }
      }
    }
  });

  it('admissions: identical requests at once share one scan', async () => {
    // Sorted by patient: a view the query serves (by date, the day index reads without a scan).
    const sort = { field: 'patientName' as const, direction: 'asc' as const };
    const page = () => admin.admission.list({ page: 1, perPage: 20, status: 'all', sort });
    const { census, result } = await censusOf(() => Promise.all(Array.from({ length: 8 }, page)));
    expect(census.scans.admissions).toBe(1);
    expect(new Set(result.map((answer) => JSON.stringify(answer))).size).toBe(1);
  });

  it.each(screens)('%s: at most one scan of %s, none of anything else', async (_name, main, request) => {
    const { census } = await censusOf(request);
    expect(census.commands.length).toBeGreaterThan(0);
    expect(overBudget(census, main), JSON.stringify(census.scans)).toEqual({});
  });
});
