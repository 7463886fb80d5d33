import { beforeAll, describe, expect, it } from 'vitest';
import { callerFor, userWithRole, useTestApi } from './helpers.ts';
import { daysAgo, makePatient, makeStaff, makeWard, raw, type Caller } from './clinical-helpers.ts';
import { oid } from '../src/db/schema.ts';

const api = useTestApi();
let admin: Caller;

beforeAll(async () => {
  admin = callerFor(api.server, (await userWithRole(api.server, 'Superadmin')).user);
});

/** The renamed copies are brought up to date in the background: wait for them. */
const eventually = (check: () => Promise<unknown>) => expect.poll(check, { timeout: 10_000, interval: 100 });

describe('search and sort keys follow renames', () => {
  it('of an account: its patient record, staff record and their admissions are found and sorted by the new name', async () => {
    const ward = await makeWard(admin);
    const patient = await makePatient(admin, 'Rosa', 'Olmedo');
    const staff = await makeStaff(admin, 'Íñigo', 'Zubiri', ward.specialty.id, ward.department.id);
    const admission = await admin.admission.create({
      patientId: patient.id,
      medicalStaffId: staff.id,
      admittedAt: daysAgo(1),
      roomId: ward.room.id,
      bed: 1,
      diagnosisIds: [ward.diagnosis.id],
    });

    await admin.user.update({ id: patient.userId, data: { lastName: 'Castañeda' } });
    await admin.user.update({ id: staff.userId, data: { firstName: 'Jon' } });

    await eventually(async () => (await admin.patient.list({ search: 'castañeda' })).items.map((p) => p.id)).toEqual([
      patient.id,
    ]);
    expect((await admin.patient.list({ search: 'olmedo' })).items).toEqual([]);
    await eventually(async () =>
      (await admin.medicalStaff.list({ search: 'jon zubiri' })).items.map((s) => s.id),
    ).toEqual([staff.id]);
    await eventually(async () => (await admin.admission.list({ search: 'Castañeda' })).items.map((a) => a.id)).toEqual([
      admission.id,
    ]);
    await eventually(async () => (await admin.admission.list({ search: 'jon' })).items.map((a) => a.id)).toContain(
      admission.id,
    );
    // Sorting by name uses the new last name too (accents folded, like every key).
    const stored = await raw('patients').findOne({ _id: oid(patient.id) });
    expect(stored).toMatchObject({ sortName: 'castaneda rosa', version: patient.version });
  });

  it('of a diagnosis, a disability, a specialty and a department', async () => {
    const ward = await makeWard(admin);
    const deaf = await admin.disability.create({ name: 'Hipoacusia' });
    const patient = await makePatient(admin, 'Tomás', 'Bravo', [deaf.id]);
    const staff = await makeStaff(admin, 'Elena', 'Sastre', ward.specialty.id, ward.department.id);
    const admission = await admin.admission.create({
      patientId: patient.id,
      medicalStaffId: staff.id,
      admittedAt: daysAgo(2),
      roomId: ward.room.id,
      bed: 2,
      diagnosisIds: [ward.diagnosis.id],
    });

    await admin.diagnosis.update({ id: ward.diagnosis.id, data: { name: 'Neumonía bilateral' } });
    await admin.disability.update({ id: deaf.id, data: { name: 'Sordera profunda' } });
    await admin.specialty.update({ id: ward.specialty.id, data: { name: 'Neumología' } });
    await admin.department.update({ id: ward.department.id, data: { name: 'Planta Tercera' } });

    await eventually(async () =>
      (await admin.admission.list({ search: 'neumonía bilateral' })).items.map((a) => a.id),
    ).toEqual([admission.id]);
    await eventually(async () => (await admin.patient.list({ search: 'sordera' })).items.map((p) => p.id)).toEqual([
      patient.id,
    ]);
    await eventually(async () =>
      (await admin.medicalStaff.list({ search: 'Neumología' })).items.map((s) => s.id),
    ).toEqual([staff.id]);
    await eventually(async () =>
      (await admin.medicalStaff.list({ search: 'planta tercera' })).items.map((s) => s.id),
    ).toEqual([staff.id]);
    // A description edit changes no copy: nothing is rewritten.
    const before = await raw('admissions').findOne({ _id: oid(admission.id) });
    await admin.diagnosis.update({ id: ward.diagnosis.id, data: { description: 'Both lungs' } });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await raw('admissions').findOne({ _id: oid(admission.id) })).toEqual(before);
  });
});
