import { describe, expect, it, beforeAll } from 'vitest';
import { Audit } from '../src/core/audit-model.ts';
import { Disability } from '../src/domains/disabilities/model.ts';
import { callerFor, coded, userWithRole, useTestApi } from './helpers.ts';
import { makeWard, plainUser, yearsAgo, type Caller } from './clinical-helpers.ts';

const api = useTestApi();
let admin: Caller;
let noneId: string;

beforeAll(async () => {
  admin = callerFor(api.server, (await userWithRole(api.server, 'Superadmin')).user);
  noneId = String((await Disability.findOne({ nameKey: 'none' }).lean())!._id);
});

describe('patients', () => {
  it('link 1:1 to an active "Patient" account, with names, disabilities and age resolved', async () => {
    const blind = await admin.disability.create({ name: 'Blindness' });
    const userId = await plainUser('Patient', 'Ana', 'García');
    const birthDate = yearsAgo(30);
    const patient = await admin.patient.create({ userId, birthDate, disabilityIds: [blind.id] });
    expect(patient).toMatchObject({
      userId,
      firstName: 'Ana',
      lastName: 'García',
      age: 30,
      disabilityIds: [blind.id],
      disabilities: [{ id: blind.id, name: 'Blindness' }],
      isActive: true,
      version: 1,
    });
    expect(JSON.stringify(patient)).not.toMatch(/searchText|sortName/);

    await expect(admin.patient.create({ userId, birthDate, disabilityIds: [] })).rejects.toMatchObject({
      code: 'CONFLICT',
      cause: coded('patient.userHasRecord'),
    });
  });

  it('allow one record per account even under concurrent creates (a unique index decides)', async () => {
    const userId = await plainUser('Patient', 'Concurrent', 'Creator');
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, () => admin.patient.create({ userId, birthDate: yearsAgo(20), disabilityIds: [] })),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const result of results.filter((r) => r.status === 'rejected')) {
      expect((result as PromiseRejectedResult).reason).toMatchObject({ code: 'CONFLICT' });
    }
  });

  it('refuse accounts of another role, inactive accounts, future birth dates, unknown disabilities and "None" with others', async () => {
    const staffUser = await plainUser('Medical Staff', 'Not', 'Patient');
    await expect(
      admin.patient.create({ userId: staffUser, birthDate: yearsAgo(20), disabilityIds: [] }),
    ).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      cause: coded('user.roleIsNot', { role: 'Patient' }),
    });
    const inactive = await plainUser('Patient', 'Gone', 'Away', false);
    await expect(
      admin.patient.create({ userId: inactive, birthDate: yearsAgo(20), disabilityIds: [] }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    const userId = await plainUser('Patient', 'Future', 'Born');
    await expect(
      admin.patient.create({ userId, birthDate: new Date(Date.now() + 86_400_000), disabilityIds: [] }),
    ).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    await expect(
      admin.patient.create({ userId, birthDate: yearsAgo(20), disabilityIds: ['0123456789abcdef01234567'] }),
    ).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    const deaf = await admin.disability.create({ name: 'Deafness' });
    await expect(
      admin.patient.create({ userId, birthDate: yearsAgo(20), disabilityIds: [noneId, deaf.id] }),
    ).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      cause: coded('patient.noneAlone'),
    });
    await expect(
      admin.patient.create({ userId, birthDate: yearsAgo(20), disabilityIds: [noneId] }),
    ).resolves.toMatchObject({
      disabilities: [{ name: 'None' }],
    });
  });

  it('audit every read of one record, and keep the account fixed on update', async () => {
    const patient = await admin.patient.create({
      userId: await plainUser('Patient', 'Read', 'Me'),
      birthDate: yearsAgo(50),
      disabilityIds: [],
    });
    await admin.patient.get({ id: patient.id });
    await admin.patient.get({ id: patient.id });
    const reads = await Audit.find({ entity: 'patient', entityId: patient.id, action: 'read' }).lean();
    expect(reads).toHaveLength(2);
    expect(reads[0]!.label).toBe(patient.username);

    const updated = await admin.patient.update({ id: patient.id, data: { birthDate: yearsAgo(51) }, version: 1 });
    expect(updated).toMatchObject({ age: 51, version: 2 });
    const entry = await Audit.findOne({ entity: 'patient', entityId: patient.id, action: 'update' }).lean();
    // The birth date is identifying: the trail says it changed, not to what.
    expect(entry!.changes).toEqual([{ field: 'birthDate', from: '[redacted]', to: '[redacted]' }]);
    await expect(
      admin.patient.update({ id: patient.id, data: { userId: patient.userId } as never }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('search on the server across the account names, e-mail and disability names', async () => {
    const deaf = await admin.disability.create({ name: 'Hipoacusia' });
    await admin.patient.create({
      userId: await plainUser('Patient', 'Zacarías', 'Quintero'),
      birthDate: yearsAgo(40),
      disabilityIds: [deaf.id],
    });
    expect((await admin.patient.list({ search: 'QUINTERO' })).items.map((p) => p.firstName)).toEqual(['Zacarías']);
    expect((await admin.patient.list({ search: 'hipoacusia' })).items.map((p) => p.lastName)).toEqual(['Quintero']);
    expect((await admin.patient.list({ disabilityId: deaf.id })).total).toBe(1);
    const sorted = (await admin.patient.list({ sort: { field: 'name', direction: 'asc' }, perPage: 100 })).items.map(
      (p) => p.lastName,
    );
    expect(sorted).toEqual([...sorted].sort((a, b) => a.localeCompare(b)));
  });

  it('offer only active "Patient" accounts without a record in the picker', async () => {
    const free = await plainUser('Patient', 'Picker', 'Free');
    const taken = await plainUser('Patient', 'Picker', 'Taken');
    await plainUser('Patient', 'Picker', 'Inactive', false);
    await plainUser('Technical', 'Picker', 'Tech');
    await admin.patient.create({ userId: taken, birthDate: yearsAgo(30), disabilityIds: [] });
    const eligible = await admin.patient.eligibleUsers({ search: 'picker' });
    expect(eligible.map((user) => user.id)).toEqual([free]);
  });

  it('cannot be deleted while admissions point at them, nor can their account or disabilities', async () => {
    const ward = await makeWard(admin);
    const disability = await admin.disability.create({ name: 'In use' });
    const userId = await plainUser('Patient', 'Kept', 'Record');
    const patient = await admin.patient.create({ userId, birthDate: yearsAgo(30), disabilityIds: [disability.id] });
    const staff = await admin.medicalStaff.create({
      userId: await plainUser('Medical Staff', 'Doc', 'Tor'),
      specialtyId: ward.specialty.id,
      departmentId: ward.department.id,
      graduatedAt: yearsAgo(30),
    });
    await admin.admission.create({
      patientId: patient.id,
      medicalStaffId: staff.id,
      admittedAt: new Date(),
      roomId: ward.room.id,
      bed: 1,
      diagnosisIds: [ward.diagnosis.id],
    });
    await expect(admin.patient.delete({ id: patient.id })).rejects.toMatchObject({
      code: 'CONFLICT',
      cause: coded('record.stillUsed', { name: patient.username, usedBy: 'admissions' }),
    });
    await expect(admin.user.delete({ id: userId })).rejects.toMatchObject({
      code: 'CONFLICT',
      cause: coded('record.stillUsed', { name: expect.any(String), usedBy: 'aPatientRecord' }),
    });
    await expect(admin.disability.delete({ id: disability.id })).rejects.toMatchObject({
      code: 'CONFLICT',
      cause: coded('record.stillUsed', { name: 'In use', usedBy: 'patientRecords' }),
    });
    await expect(admin.specialty.delete({ id: ward.specialty.id })).rejects.toMatchObject({
      code: 'CONFLICT',
      cause: coded('record.stillUsed', { name: expect.any(String), usedBy: 'staffRecords' }),
    });
    await expect(admin.medicalStaff.delete({ id: staff.id })).rejects.toMatchObject({
      code: 'CONFLICT',
      cause: coded('record.stillUsed', { name: expect.any(String), usedBy: 'admissions' }),
    });
    await expect(admin.room.delete({ id: ward.room.id })).rejects.toMatchObject({
      code: 'CONFLICT',
      cause: coded('record.stillUsed', { name: expect.any(String), usedBy: 'admissions' }),
    });
    await expect(admin.diagnosis.delete({ id: ward.diagnosis.id })).rejects.toMatchObject({
      code: 'CONFLICT',
      cause: coded('record.stillUsed', { name: expect.any(String), usedBy: 'admissions' }),
    });
    // A patient in a bed is not retired either.
    await expect(admin.patient.setActive({ id: patient.id, isActive: false })).rejects.toMatchObject({
      code: 'CONFLICT',
    });
  });
});

describe('medical staff', () => {
  it('link 1:1 to an active "Medical Staff" account, graduated at least 24 years ago, with names and experience', async () => {
    const ward = await makeWard(admin);
    const userId = await plainUser('Medical Staff', 'Luis', 'Pérez');
    const staff = await admin.medicalStaff.create({
      userId,
      specialtyId: ward.specialty.id,
      departmentId: ward.department.id,
      graduatedAt: yearsAgo(25),
    });
    expect(staff).toMatchObject({
      firstName: 'Luis',
      lastName: 'Pérez',
      specialtyName: ward.specialty.name,
      departmentName: ward.department.name,
      experienceYears: 25,
    });
    await expect(
      admin.medicalStaff.create({
        userId,
        specialtyId: ward.specialty.id,
        departmentId: ward.department.id,
        graduatedAt: yearsAgo(25),
      }),
    ).rejects.toMatchObject({ code: 'CONFLICT', cause: coded('staff.userHasRecord') });

    const young = await plainUser('Medical Staff', 'Too', 'Young');
    await expect(
      admin.medicalStaff.create({
        userId: young,
        specialtyId: ward.specialty.id,
        departmentId: ward.department.id,
        graduatedAt: yearsAgo(23),
      }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    const patientUser = await plainUser('Patient', 'Not', 'Staff');
    await expect(
      admin.medicalStaff.create({
        userId: patientUser,
        specialtyId: ward.specialty.id,
        departmentId: ward.department.id,
        graduatedAt: yearsAgo(30),
      }),
    ).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      cause: coded('user.roleIsNot', { role: 'Medical Staff' }),
    });
    await expect(
      admin.medicalStaff.create({
        userId: young,
        specialtyId: '0123456789abcdef01234567',
        departmentId: ward.department.id,
        graduatedAt: yearsAgo(30),
      }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST', cause: coded('record.missing', { entity: 'specialty' }) });
  });

  it('list with filters and search over names, specialty and department; pickers skip taken accounts', async () => {
    const ward = await makeWard(admin);
    const other = await makeWard(admin);
    await admin.medicalStaff.create({
      userId: await plainUser('Medical Staff', 'Marta', 'Oyarzábal'),
      specialtyId: ward.specialty.id,
      departmentId: other.department.id,
      graduatedAt: yearsAgo(40),
    });
    expect((await admin.medicalStaff.list({ search: 'oyarz' })).items.map((s) => s.firstName)).toEqual(['Marta']);
    expect((await admin.medicalStaff.list({ search: other.department.name })).total).toBe(1);
    expect(
      (await admin.medicalStaff.list({ specialtyId: ward.specialty.id, departmentId: other.department.id })).total,
    ).toBe(1);
    expect((await admin.medicalStaff.list({ specialtyId: other.specialty.id })).total).toBe(0);
    const free = await plainUser('Medical Staff', 'Stafffree', 'Picker');
    expect((await admin.medicalStaff.eligibleUsers({ search: 'stafffree' })).map((u) => u.id)).toEqual([free]);
  });

  it('are written by Department Chiefs, read by Medical Staff, invisible to Patients', async () => {
    const ward = await makeWard(admin);
    const doctor = callerFor(api.server, (await userWithRole(api.server, 'Medical Staff')).user);
    const patient = callerFor(api.server, (await userWithRole(api.server, 'Patient')).user);
    await expect(
      doctor.medicalStaff.create({
        userId: await plainUser('Medical Staff', 'X', 'Y'),
        specialtyId: ward.specialty.id,
        departmentId: ward.department.id,
        graduatedAt: yearsAgo(30),
      }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(doctor.medicalStaff.list({})).resolves.toBeTruthy();
    await expect(patient.medicalStaff.list({})).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(patient.patient.list({})).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});
