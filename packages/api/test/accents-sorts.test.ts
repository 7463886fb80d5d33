// Search and uniqueness ignore accents as well as case (issue 16, item 7); keys stored under
// the old rule are migrated once; admissions sort by patient, staff, room and days and are
// found by room, specialty and department (item 10).
import { beforeAll, describe, expect, it } from 'vitest';
import { keysMarker, migrateKeys } from '../src/migrate-keys.ts';
import { normalizeKey } from '../src/db/schema.ts';
import { callerFor, userWithRole, useTestApi } from './helpers.ts';
import { daysAgo, makePatient, makeStaff, makeWard, raw, type Caller } from './clinical-helpers.ts';

const api = useTestApi();
let admin: Caller;

beforeAll(async () => {
  admin = callerFor(api.server, (await userWithRole(api.server, 'Superadmin')).user);
});

const eventually = (check: () => Promise<unknown>) => expect.poll(check, { timeout: 10_000, interval: 100 });

describe('accent-insensitive keys', () => {
  it('fold case, accents (ñ too), compatibility forms and spacing', () => {
    expect(normalizeKey('  Neumonía   ADQUIRIDA ')).toBe('neumonia adquirida');
    expect(normalizeKey('Muñoz Álvarez')).toBe('munoz alvarez');
    expect(normalizeKey('Ｃａｒｄｉｏｌｏｇíａ')).toBe('cardiologia');
    // Decomposed input (e + combining acute) folds like the composed letter.
    expect(normalizeKey('Cardiologi\u0301a')).toBe(normalizeKey('Cardiología'));
  });

  it('refuse a catalogue name that differs only in accents', async () => {
    await admin.specialty.create({ name: 'Cardiología' });
    await expect(admin.specialty.create({ name: 'Cardiologia' })).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(admin.specialty.create({ name: 'CARDIOLOGÍA' })).rejects.toMatchObject({ code: 'CONFLICT' });
    await admin.diagnosis.create({ name: 'Neumonía basal' });
    await expect(admin.diagnosis.create({ name: 'neumonia  basal' })).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('find catalogue entries, patients and admissions whichever way the accents are typed', async () => {
    const ward = await makeWard(admin);
    const pneumonia = await admin.diagnosis.create({ name: 'Neumonía atípica' });
    expect((await admin.diagnosis.list({ search: 'neumonia atip' })).items.map((d) => d.id)).toEqual([pneumonia.id]);
    expect((await admin.diagnosis.list({ search: 'NEUMONÍA ATÍP' })).items.map((d) => d.id)).toEqual([pneumonia.id]);

    const patient = await makePatient(admin, 'Nuria', 'Gárcía Peñalver');
    const staff = await makeStaff(admin, 'Íñigo', 'Zubiría', ward.specialty.id, ward.department.id);
    expect((await admin.patient.list({ search: 'garcia penalver' })).items.map((p) => p.id)).toEqual([patient.id]);
    expect((await admin.medicalStaff.list({ search: 'inigo zubiria' })).items.map((s) => s.id)).toEqual([staff.id]);
    const admission = await admin.admission.create({
      patientId: patient.id,
      medicalStaffId: staff.id,
      admittedAt: daysAgo(1),
      roomId: ward.room.id,
      bed: 1,
      diagnosisIds: [pneumonia.id],
    });
    for (const search of ['neumonia', 'Neumonía', 'NEUMONIA ATIPICA', 'garcía']) {
      expect(
        (await admin.admission.list({ search })).items.map((a) => a.id),
        search,
      ).toEqual([admission.id]);
    }
  });

  it('are migrated once from the old rule, keeping a record whose folded key is taken', async () => {
    // As an older version stored them: lower-cased, accents kept.
    const specialties = raw('specialties');
    const at = new Date();
    const base = { description: '', isActive: true, createdAt: at, updatedAt: at, version: 1 };
    await specialties.insertMany([
      { ...base, name: 'Neumología Infantil', nameKey: 'neumología infantil' },
      { ...base, name: 'Oncología Médica', nameKey: 'oncología médica' },
      { ...base, name: 'Oncologia Medica', nameKey: 'oncologia medica' },
    ]);
    const patient = await makePatient(admin, 'Óscar', 'Ibáñez');
    await raw('patients').updateOne(
      { _id: new (await import('mongoose')).Types.ObjectId(patient.id) },
      { $set: { searchText: 'óscar ibáñez', sortName: 'ibáñez óscar' } },
    );
    await raw('migrations').deleteOne({ _id: keysMarker() as never });

    const result = await migrateKeys(api.server.deps);
    expect(result!.collisions).toBe(1);
    expect(await specialties.findOne({ name: 'Neumología Infantil' })).toMatchObject({
      nameKey: 'neumologia infantil',
    });
    // "Oncología Médica" folds onto "Oncologia Medica": it keeps its old key, and both stay.
    expect(await specialties.findOne({ name: 'Oncología Médica' })).toMatchObject({ nameKey: 'oncología médica' });
    expect(await raw('patients').findOne({ searchText: 'oscar ibanez', sortName: 'ibanez oscar' })).not.toBeNull();
    expect((await admin.specialty.list({ search: 'neumologia' })).items.map((s) => s.name)).toEqual([
      'Neumología Infantil',
    ]);
    // Ran: the marker stops a second run.
    expect(await migrateKeys(api.server.deps)).toBeNull();
  });
});

describe('admissions list', () => {
  it('finds admissions by room, specialty and department, and follows a room rename', async () => {
    const ward = await makeWard(admin);
    const department = await admin.department.create({ name: 'Hematología Pediátrica' });
    const specialty = await admin.specialty.create({ name: 'Endocrinología Infantil' });
    const room = await admin.room.create({ name: 'Sala Ñandú 7', bedCount: 2, departmentId: department.id });
    const patient = await makePatient(admin, 'Lola', 'Quirós');
    const staff = await makeStaff(admin, 'Pau', 'Vidal', specialty.id, department.id);
    const admission = await admin.admission.create({
      patientId: patient.id,
      medicalStaffId: staff.id,
      admittedAt: daysAgo(2),
      roomId: room.id,
      bed: 2,
      diagnosisIds: [ward.diagnosis.id],
    });
    for (const search of ['sala nandu', 'Ñandú 7', 'endocrinologia infantil', 'hematología pediátrica']) {
      expect(
        (await admin.admission.list({ search })).items.map((a) => a.id),
        search,
      ).toEqual([admission.id]);
    }
    const current = await admin.room.get({ id: room.id });
    await admin.room.update({ id: room.id, data: { name: 'Sala Colibrí 9' }, version: current.version });
    await eventually(async () => (await admin.admission.list({ search: 'colibri' })).items.map((a) => a.id)).toEqual([
      admission.id,
    ]);
    expect((await admin.admission.list({ search: 'nandu' })).items).toEqual([]);
  });

  it('sorts by patient, staff, room and days, both ways', async () => {
    const ward = await makeWard(admin, 1);
    const other = await admin.room.create({
      name: `${ward.room.name}-b`,
      bedCount: 1,
      departmentId: ward.department.id,
    });
    const third = await admin.room.create({
      name: `${ward.room.name}-c`,
      bedCount: 1,
      departmentId: ward.department.id,
    });
    const tag = ward.room.name;
    const people = [
      ['Ana', `Zamora ${tag}`, 'Carla', `Álvarez ${tag}`, third.id, 9],
      ['Bea', `Ávila ${tag}`, 'Dora', `Núñez ${tag}`, ward.room.id, 1],
      ['Eva', `Moreno ${tag}`, 'Fina', `Zúñiga ${tag}`, other.id, 4],
    ] as const;
    const ids: string[] = [];
    for (const [pf, pl, sf, sl, roomId, days] of people) {
      const patient = await makePatient(admin, pf, pl);
      const staff = await makeStaff(admin, sf, sl, ward.specialty.id, ward.department.id);
      const created = await admin.admission.create({
        patientId: patient.id,
        medicalStaffId: staff.id,
        admittedAt: daysAgo(days + 0.5),
        // Beyond the back-dating limit an Administrator gives a reason.
        ...(days > 6 ? { backdateReason: 'Recorded late from the paper chart' } : {}),
        roomId,
        bed: 1,
        diagnosisIds: [ward.diagnosis.id],
      });
      ids.push(created.id);
    }
    const [zamora, avila, moreno] = ids;
    const order = async (field: string, direction: 'asc' | 'desc', status: 'all' | 'active' = 'all') =>
      (
        await admin.admission.list({
          search: tag,
          status,
          sort: { field: field as 'admittedAt', direction },
        })
      ).items.map((a) => a.id);

    // Accents do not put "Ávila" after "Zamora".
    expect(await order('patientName', 'asc')).toEqual([avila, moreno, zamora]);
    expect(await order('patientName', 'desc')).toEqual([zamora, moreno, avila]);
    expect(await order('medicalStaffName', 'asc')).toEqual([zamora, avila, moreno]);
    expect(await order('place', 'asc')).toEqual([avila, moreno, zamora]);
    expect(await order('place', 'desc')).toEqual([zamora, moreno, avila]);
    expect(await order('daysInAdmission', 'desc', 'active')).toEqual([zamora, moreno, avila]);
    expect(await order('daysInAdmission', 'asc', 'active')).toEqual([avila, moreno, zamora]);

    // Finished stays sort by their length (the shortest stay was the longest-running admission).
    await admin.admission.discharge({ id: zamora!, dischargedAt: daysAgo(8) });
    await admin.admission.discharge({ id: moreno!, dischargedAt: daysAgo(0.1) });
    const discharged = async (direction: 'asc' | 'desc') =>
      (
        await admin.admission.list({
          search: tag,
          status: 'discharged',
          sort: { field: 'daysInAdmission', direction },
        })
      ).items.map((a) => [a.id, a.daysInAdmission]);
    expect(await discharged('asc')).toEqual([
      [zamora, 1],
      [moreno, 4],
    ]);
    expect(await discharged('desc')).toEqual([
      [moreno, 4],
      [zamora, 1],
    ]);
  });
});
