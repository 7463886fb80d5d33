// The All and Discharged tabs, unfiltered and by admission date, read through the day index
// (domains/admissions/days.ts) instead of sorting the admissions collection (a scan of every
// admission on FerretDB), and so does the dashboard's range: the same rows as the query, through
// admits, discharges, date changes, deletes and a rebuild of the index from the collection.
import { beforeAll, describe, expect, it } from 'vitest';
import { censusOf } from '../src/db/census.ts';
import { ensureTallies, forgetTallyEnds, Tally } from '../src/db/tallies.ts';
import { op } from '../src/db/schema.ts';
import { Admission } from '../src/domains/admissions/model.ts';
import { admissionsOf } from '../src/domains/dashboard/service.ts';
import { callerFor, userWithRole, useTestApi } from './helpers.ts';
import { daysAgo, makePatient, makeStaff, makeWard, type Caller } from './clinical-helpers.ts';

const api = useTestApi({ MAS_MONITOR_COMMANDS: 'true' });
let admin: Caller;
const ids: string[] = [];
const HOUR = 3_600_000;

beforeAll(async () => {
  admin = callerFor(api.server, (await userWithRole(api.server, 'Superadmin')).user);
  const ward = await makeWard(admin, 12);
  const staff = await makeStaff(admin, 'Doc', 'Days', ward.specialty.id, ward.department.id);
  // Several a day, some days empty, one admission older than a month (with the override's reason).
  const ages = [0.1, 0.2, 1.5, 1.6, 2.2, 4, 4.1, 4.2, 6, 35];
  for (const [i, age] of ages.entries()) {
    const patient = await makePatient(admin, `Day${i}`, 'Index');
    const admission = await admin.admission.create({
      patientId: patient.id,
      medicalStaffId: staff.id,
      roomId: ward.room.id,
      bed: i + 1,
      diagnosisIds: [ward.diagnosis.id],
      admittedAt: new Date(Date.now() - age * 24 * HOUR),
      ...(age > 7 ? { backdateReason: 'Paper record entered late' } : {}),
    });
    ids.push(admission.id);
  }
  for (const i of [1, 3, 5, 6, 9]) await admin.admission.discharge({ id: ids[i]! });
}, 120_000);

/** The dashboard's admissions of a range through the indexes, against the query they replace. */
async function expectDashboardSameAsQuery() {
  const ranges: Array<[number, number]> = [
    [30, 0],
    [3, 0],
    [40, 2],
    [1.65, 1.45],
    [0.15, 0.05],
  ];
  for (const [start, end] of ranges) {
    const from = daysAgo(start);
    const to = daysAgo(end);
    const { census, result } = await censusOf(() => admissionsOf(from, to));
    expect(census.scans.admissions, JSON.stringify(census.scans)).toBeUndefined();
    const inRange = op({ $gte: from, $lte: to });
    const queried = await Admission.find(
      { $or: [{ status: 'active' }, { admittedAt: inRange }, { dischargedAt: inRange }] },
      { _id: 1 },
    ).lean();
    expect(result.map((doc) => String(doc._id)).sort(), `${start}..${end} days ago`).toEqual(
      queried.map((doc) => String(doc._id)).sort(),
    );
  }
}

/** Every page of both tabs, both directions: through the index with no scan of admissions, as the query lists them. */
async function expectSameAsQuery() {
  for (const status of ['all', 'discharged'] as const) {
    for (const direction of ['desc', 'asc'] as const) {
      for (const page of [1, 2, 3, 4]) {
        const input = { page, perPage: 3, status, sort: { field: 'admittedAt' as const, direction } };
        const { census, result } = await censusOf(() => admin.admission.list(input));
        expect(
          census.scans.admissions,
          `${status} ${direction} ${page}: ${JSON.stringify(census.scans)}`,
        ).toBeUndefined();
        // A date filter takes the ordinary query: it must list the same rows in the same order.
        const queried = await admin.admission.list({ ...input, from: new Date(0) });
        expect(
          result.items.map((item) => item.id),
          `${status} ${direction} page ${page}`,
        ).toEqual(queried.items.map((item) => item.id));
        expect(result.total).toBe(queried.total);
      }
    }
  }
}

describe('admissions by day', () => {
  it('lists the All and Discharged tabs through the day index, as the query does', async () => {
    await expectSameAsQuery();
    const first = await admin.admission.list({ page: 1, perPage: 25, status: 'all' });
    expect(first.items.map((item) => item.id)).toEqual(ids);
    await expectDashboardSameAsQuery();
  });

  it('follows a change of admission date to another day, and a delete', async () => {
    const moved = await admin.admission.get({ id: ids[9]! });
    await admin.admission.update({ id: moved.id, data: { admittedAt: daysAgo(0.3) } });
    await admin.admission.delete({ id: ids[2]! });
    const all = await admin.admission.list({ page: 1, perPage: 25, status: 'all' });
    expect(all.items.map((item) => item.id)).not.toContain(ids[2]);
    expect(all.items.map((item) => item.id).slice(0, 3)).toEqual([ids[0], ids[1], ids[9]]);
    await expectSameAsQuery();
    await expectDashboardSameAsQuery();
  });

  it('is rebuilt from the collection when lost (first start on an older database)', async () => {
    await Tally.deleteMany({ _id: op({ $regex: '^(admittedOn|dischargedOn|admissionDays)' }) });
    // As a process starting on that database would: it knows no tally's end yet.
    forgetTallyEnds();
    await ensureTallies();
    await expectSameAsQuery();
    await expectDashboardSameAsQuery();
  });

  it('admits at once on one day lose no entry of the index', async () => {
    const ward = await makeWard(admin, 8);
    const staff = await makeStaff(admin, 'Doc', 'Burst', ward.specialty.id, ward.department.id);
    const patients = await Promise.all(Array.from({ length: 8 }, (_, i) => makePatient(admin, `Burst${i}`, 'Index')));
    const admitted = await Promise.all(
      patients.map((patient, i) =>
        admin.admission.create({
          patientId: patient.id,
          medicalStaffId: staff.id,
          roomId: ward.room.id,
          bed: i + 1,
          diagnosisIds: [ward.diagnosis.id],
          admittedAt: new Date(),
        }),
      ),
    );
    const first = await admin.admission.list({ page: 1, perPage: 8, status: 'all' });
    expect(new Set(first.items.map((item) => item.id))).toEqual(new Set(admitted.map((item) => item.id)));
    await expectSameAsQuery();
  });
});
