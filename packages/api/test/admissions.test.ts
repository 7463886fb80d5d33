import { beforeAll, describe, expect, it, vi } from 'vitest';
import { AdmissionLock, BedClaim, PatientClaim, repairClaims } from '../src/domains/admissions/claims.ts';
import { Admission } from '../src/domains/admissions/model.ts';
import { Audit } from '../src/core/audit-model.ts';
import { op } from '../src/db/schema.ts';
import { callerFor, coded, userWithRole, useTestApi } from './helpers.ts';
import { daysAgo, makePatient, makeStaff, makeWard, type Caller } from './clinical-helpers.ts';

const api = useTestApi();
let admin: Caller;
let doctor: Caller;

beforeAll(async () => {
  admin = callerFor(api.server, (await userWithRole(api.server, 'Superadmin')).user);
  doctor = callerFor(api.server, (await userWithRole(api.server, 'Medical Staff')).user);
});

const codeOf = (result: PromiseSettledResult<unknown>) =>
  result.status === 'fulfilled' ? 'OK' : ((result.reason as { code?: string }).code ?? String(result.reason));

/** Every claim backed by the active admission it names, and every active admission holding its claims. */
async function assertConsistent() {
  const active = await Admission.find({ status: 'active' }).lean();
  const beds = new Map<string, string>();
  const patients = new Map<string, string>();
  for (const admission of active) {
    const bed = `${String(admission.roomId)}:${admission.bed}`;
    expect(beds.has(bed), `bed ${bed} held twice`).toBe(false);
    expect(patients.has(String(admission.patientId)), `patient ${String(admission.patientId)} admitted twice`).toBe(
      false,
    );
    beds.set(bed, String(admission._id));
    patients.set(String(admission.patientId), String(admission._id));
  }
  const bedClaims = await BedClaim.find().lean();
  const patientClaims = await PatientClaim.find().lean();
  expect(bedClaims.map((claim) => [claim._id, String(claim.admissionId)]).sort()).toEqual([...beds.entries()].sort());
  expect(patientClaims.map((claim) => [String(claim._id), String(claim.admissionId)]).sort()).toEqual(
    [...patients.entries()].sort(),
  );
  expect(await AdmissionLock.countDocuments()).toBe(0);
}

describe('admissions', () => {
  it('admit, transfer and discharge, with the bed board, history, audit and computed days', async () => {
    const ward = await makeWard(admin, 3);
    const other = await admin.room.create({ name: `Transfer target ${Date.now()}`, bedCount: 2 });
    const patient = await makePatient(admin, 'Ana', 'García');
    const staff = await makeStaff(admin, 'Luis', 'Pérez', ward.specialty.id, ward.department.id);

    const admitted = await doctor.admission.create({
      patientId: patient.id,
      medicalStaffId: staff.id,
      admittedAt: daysAgo(3),
      roomId: ward.room.id,
      bed: 2,
      diagnosisIds: [ward.diagnosis.id],
      notes: 'Observación',
      isUrgent: true,
    });
    expect(admitted).toMatchObject({
      status: 'active',
      patientName: 'Ana García',
      medicalStaffName: 'Luis Pérez',
      specialtyName: ward.specialty.name,
      roomName: ward.room.name,
      bed: 2,
      departmentName: ward.department.name,
      diagnoses: [{ id: ward.diagnosis.id, name: ward.diagnosis.name }],
      isUrgent: true,
      isSurgical: false,
      expectedDays: null,
      dischargedAt: null,
      daysInAdmission: 3,
      transfers: [],
    });
    expect(JSON.stringify(admitted)).not.toMatch(/searchText|dupKey/);

    const board = await doctor.room.board();
    const row = board.find((room) => room.id === ward.room.id)!;
    expect(row.beds.map((bed) => bed.status)).toEqual(['available', 'occupied', 'available']);
    expect(row.beds[1]).toMatchObject({ admissionId: admitted.id, patientId: patient.id, patientName: 'Ana García' });
    // Without patient.read the board shows the bed taken, not by whom.
    const tech = callerFor(api.server, (await userWithRole(api.server, 'Technical')).user);
    expect((await tech.room.board()).find((room) => room.id === ward.room.id)!.beds[1]).toMatchObject({
      status: 'occupied',
      patientId: null,
      patientName: null,
    });

    const moved = await doctor.admission.transfer({ id: admitted.id, roomId: other.id, bed: 1 });
    expect(moved).toMatchObject({ roomId: other.id, bed: 1, version: 2 });
    expect(moved.transfers).toEqual([
      expect.objectContaining({
        fromRoomId: ward.room.id,
        fromBed: 2,
        toRoomId: other.id,
        toRoomName: other.name,
        toBed: 1,
      }),
    ]);
    expect(await BedClaim.exists({ _id: `${ward.room.id}:2` })).toBeNull();
    expect((await BedClaim.findById(`${other.id}:1`).lean())?.admissionId.toString()).toBe(admitted.id);
    // The bed left behind waits for cleaning.
    expect((await admin.room.get({ id: ward.room.id })).bedStates).toEqual([{ bed: 2, status: 'cleaning' }]);

    await expect(doctor.admission.discharge({ id: admitted.id, dischargedAt: daysAgo(4) })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      cause: coded('admission.dischargeBeforeAdmission'),
    });
    const discharged = await doctor.admission.discharge({ id: admitted.id });
    expect(discharged).toMatchObject({ status: 'discharged', daysInAdmission: 3 });
    expect(discharged.dischargedAt).toBeInstanceOf(Date);
    await expect(doctor.admission.discharge({ id: admitted.id })).rejects.toMatchObject({
      code: 'CONFLICT',
      cause: coded('admission.alreadyDischargedOn', { date: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) }),
    });
    await expect(doctor.admission.transfer({ id: admitted.id, roomId: ward.room.id, bed: 1 })).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    expect((await admin.room.get({ id: other.id })).bedStates).toEqual([{ bed: 1, status: 'cleaning' }]);
    expect(await BedClaim.countDocuments({ admissionId: admitted.id })).toBe(0);
    expect(await PatientClaim.exists({ _id: patient.id })).toBeNull();

    // The room the patient left is still part of the record's history.
    await expect(admin.room.delete({ id: ward.room.id })).rejects.toMatchObject({
      code: 'CONFLICT',
      cause: coded('record.stillUsed', { name: ward.room.name, usedBy: 'transferHistory' }),
    });

    const actions = (
      await Audit.find({ entity: 'admission', entityId: admitted.id }).sort({ createdAt: 1, _id: 1 }).lean()
    ).map((entry) => entry.action);
    expect(actions).toEqual(['admit', 'transfer', 'discharge']);
    await assertConsistent();
  });

  it('let exactly one of 50 concurrent admits to one bed win; the 49 others are told who lies there', async () => {
    const ward = await makeWard(admin);
    const room = await admin.room.create({ name: 'Room 101', bedCount: 4 });
    const staff = await makeStaff(admin, 'Eva', 'Ruiz', ward.specialty.id, ward.department.id);
    const patients = await Promise.all(
      Array.from({ length: 50 }, (_, n) => makePatient(admin, `Paciente${n}`, `Apellido${n}`)),
    );
    const results = await Promise.allSettled(
      patients.map((patient) =>
        doctor.admission.create({
          patientId: patient.id,
          medicalStaffId: staff.id,
          admittedAt: new Date(),
          roomId: room.id,
          bed: 3,
          diagnosisIds: [ward.diagnosis.id],
        }),
      ),
    );
    const won = results.filter((r) => r.status === 'fulfilled') as Array<
      PromiseFulfilledResult<{ patientName: string; id: string }>
    >;
    expect(won).toHaveLength(1);
    const occupant = won[0]!.value.patientName;
    const lost = results.filter((r) => r.status === 'rejected') as PromiseRejectedResult[];
    expect(lost).toHaveLength(49);
    for (const { reason } of lost) {
      expect(reason).toMatchObject({
        code: 'CONFLICT',
        cause: coded('admission.bedOccupied', { room: 'Room 101', bed: 3, occupant }),
      });
    }
    expect(await Admission.countDocuments({ roomId: room.id })).toBe(1);
    // Losers gave their patients back: each can be admitted elsewhere.
    expect(await PatientClaim.countDocuments({ _id: op({ $in: patients.map((p) => p.id) }) })).toBe(1);
    await assertConsistent();
  });

  it('never double-books a bed or a patient under hundreds of random concurrent admits, transfers and discharges', async () => {
    const ward = await makeWard(admin);
    const rooms = await Promise.all([1, 2, 3, 4].map((n) => admin.room.create({ name: `Chaos ${n}`, bedCount: 4 })));
    const staff = await Promise.all(
      [1, 2, 3, 4].map((n) => makeStaff(admin, `Chaos${n}`, 'Doctor', ward.specialty.id, ward.department.id)),
    );
    const patients = await Promise.all(
      Array.from({ length: 14 }, (_, n) => makePatient(admin, `Chaos${n}`, 'Patient')),
    );
    const pick = <T>(items: T[]) => items[Math.floor(Math.random() * items.length)]!;
    const known: string[] = [];
    const active = new Set<string>();
    /** Mostly admissions believed active (some are not by the time the call runs), sometimes any. */
    const target = () => (active.size && Math.random() < 0.85 ? pick([...active]) : pick(known));
    const outcomes = new Map<string, number>();
    const count = (key: string) => outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
    for (let wave = 0; wave < 8; wave++) {
      const calls: Array<[string, Promise<unknown>]> = [];
      for (let n = 0; n < 40; n++) {
        const dice = Math.random();
        const room = pick(rooms);
        const bed = 1 + Math.floor(Math.random() * 4);
        if (dice < 0.35 || known.length === 0) {
          const admit = doctor.admission.create({
            patientId: pick(patients).id,
            medicalStaffId: pick(staff).id,
            // Within the back-dating limit (MAX_BACKDATE_DAYS) a doctor may use.
            admittedAt: daysAgo(Math.random() * 6.9),
            roomId: room.id,
            bed,
            diagnosisIds: [ward.diagnosis.id],
          });
          calls.push(['admit', admit.then((admission) => void (known.push(admission.id), active.add(admission.id)))]);
        } else if (dice < 0.6) {
          calls.push(['transfer', doctor.admission.transfer({ id: target(), roomId: room.id, bed })]);
        } else if (dice < 0.75) {
          const id = target();
          calls.push(['discharge', doctor.admission.discharge({ id }).then(() => void active.delete(id))]);
        } else {
          calls.push(['bedStatus', admin.room.setBedStatus({ roomId: room.id, bed, status: 'available' })]);
        }
      }
      const results = await Promise.allSettled(calls.map(([, call]) => call));
      for (const [index, result] of results.entries()) {
        const code = codeOf(result);
        count(code);
        count(`${calls[index]![0]} ${code}`);
        if (!['OK', 'CONFLICT', 'BAD_REQUEST'].includes(code)) throw (result as PromiseRejectedResult).reason;
      }
    }
    const summary = JSON.stringify(Object.fromEntries(outcomes));
    expect(outcomes.get('CONFLICT'), summary).toBeGreaterThan(20);
    for (const kind of ['admit', 'transfer', 'discharge'])
      expect(outcomes.get(`${kind} OK`), `${kind}: ${summary}`).toBeGreaterThan(3);
    await assertConsistent();
  }, 120_000);

  it('leave no claim behind when admit fails after taking the bed (the duplicate rule trips last)', async () => {
    const ward = await makeWard(admin);
    const patient = await makePatient(admin, 'Dup', 'Licate');
    const staff = await makeStaff(admin, 'Dup', 'Doctor', ward.specialty.id, ward.department.id);
    const input = {
      patientId: patient.id,
      medicalStaffId: staff.id,
      admittedAt: daysAgo(0.01),
      roomId: ward.room.id,
      bed: 1,
      diagnosisIds: [ward.diagnosis.id],
    };
    const first = await doctor.admission.create(input);
    await doctor.admission.discharge({ id: first.id });
    await admin.room.setBedStatus({ roomId: ward.room.id, bed: 1, status: 'available' });

    // Same patient, same staff, same day: the claims are taken, then the admission insert fails.
    await expect(doctor.admission.create({ ...input, bed: 2 })).rejects.toMatchObject({
      code: 'CONFLICT',
      cause: coded('admission.duplicate'),
    });
    expect(await BedClaim.exists({ _id: `${ward.room.id}:2` })).toBeNull();
    expect(await PatientClaim.exists({ _id: patient.id })).toBeNull();
    await expect(doctor.admission.create({ ...input, admittedAt: daysAgo(2), bed: 2 })).resolves.toMatchObject({
      bed: 2,
    });
    await assertConsistent();
  });

  it('leave the old bed held and the new one free when a transfer fails midway', async () => {
    const ward = await makeWard(admin);
    const patient = await makePatient(admin, 'Trans', 'Fer');
    const staff = await makeStaff(admin, 'Trans', 'Doctor', ward.specialty.id, ward.department.id);
    const admission = await doctor.admission.create({
      patientId: patient.id,
      medicalStaffId: staff.id,
      admittedAt: new Date(),
      roomId: ward.room.id,
      bed: 1,
      diagnosisIds: [ward.diagnosis.id],
    });
    const spy = vi
      .spyOn(Admission, 'findOneAndUpdate')
      .mockImplementationOnce(() => ({ lean: () => Promise.reject(new Error('injected failure')) }) as never);
    await expect(doctor.admission.transfer({ id: admission.id, roomId: ward.room.id, bed: 3 })).rejects.toMatchObject({
      code: 'INTERNAL_SERVER_ERROR',
    });
    spy.mockRestore();
    expect(await BedClaim.exists({ _id: `${ward.room.id}:3` })).toBeNull();
    expect((await BedClaim.findById(`${ward.room.id}:1`).lean())?.admissionId.toString()).toBe(admission.id);
    expect((await doctor.admission.get({ id: admission.id })).bed).toBe(1);
    await assertConsistent();
    await expect(doctor.admission.transfer({ id: admission.id, roomId: ward.room.id, bed: 3 })).resolves.toMatchObject({
      bed: 3,
    });
    await assertConsistent();
  });

  it('refuse beds the room does not have, beds being cleaned or out of service, inactive rooms and future dates', async () => {
    const ward = await makeWard(admin, 2);
    const patient = await makePatient(admin, 'Bed', 'Rules');
    const staff = await makeStaff(admin, 'Bed', 'Doctor', ward.specialty.id, ward.department.id);
    const input = {
      patientId: patient.id,
      medicalStaffId: staff.id,
      admittedAt: new Date(),
      roomId: ward.room.id,
      bed: 3,
      diagnosisIds: [ward.diagnosis.id],
    };
    await expect(doctor.admission.create(input)).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      cause: coded('room.noSuchBed', { room: ward.room.name, count: 2 }),
    });
    await admin.room.setBedStatus({ roomId: ward.room.id, bed: 1, status: 'cleaning' });
    await expect(doctor.admission.create({ ...input, bed: 1 })).rejects.toMatchObject({
      code: 'CONFLICT',
      cause: coded('bed.cleaning', { room: ward.room.name, bed: 1 }),
    });
    await admin.room.setBedStatus({ roomId: ward.room.id, bed: 2, status: 'outOfService' });
    await expect(doctor.admission.create({ ...input, bed: 2 })).rejects.toMatchObject({
      code: 'CONFLICT',
      cause: coded('bed.outOfService', { room: ward.room.name, bed: 2 }),
    });
    await expect(
      doctor.admission.create({ ...input, bed: 1, admittedAt: new Date(Date.now() + 86_400_000) }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(doctor.admission.create({ ...input, bed: 1, diagnosisIds: [] })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    await admin.room.setBedStatus({ roomId: ward.room.id, bed: 1, status: 'available' });
    await admin.room.setActive({ id: ward.room.id, isActive: false });
    await expect(doctor.admission.create({ ...input, bed: 1 })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      cause: coded('room.outOfUse', { room: ward.room.name }),
    });
    expect(await BedClaim.countDocuments({ roomId: ward.room.id })).toBe(0);
    expect(await PatientClaim.exists({ _id: patient.id })).toBeNull();
  });

  it('keep occupied beds from being set aside, rooms from shrinking below them or being retired', async () => {
    const ward = await makeWard(admin, 4);
    const patient = await makePatient(admin, 'Occu', 'Pied');
    const staff = await makeStaff(admin, 'Occu', 'Doctor', ward.specialty.id, ward.department.id);
    const admission = await doctor.admission.create({
      patientId: patient.id,
      medicalStaffId: staff.id,
      admittedAt: new Date(),
      roomId: ward.room.id,
      bed: 3,
      diagnosisIds: [ward.diagnosis.id],
    });
    await expect(
      admin.room.setBedStatus({ roomId: ward.room.id, bed: 3, status: 'outOfService' }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(admin.room.update({ id: ward.room.id, data: { bedCount: 2 } })).rejects.toMatchObject({
      code: 'CONFLICT',
      cause: coded('room.bedNeeded', { bed: 3 }),
    });
    await expect(admin.room.update({ id: ward.room.id, data: { bedCount: 3 } })).resolves.toMatchObject({
      bedCount: 3,
    });
    await expect(admin.room.setActive({ id: ward.room.id, isActive: false })).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    await expect(admin.room.setBedStatus({ roomId: ward.room.id, bed: 9, status: 'cleaning' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    const second = await makePatient(admin, 'Second', 'Try');
    await expect(
      doctor.admission.create({
        patientId: patient.id,
        medicalStaffId: staff.id,
        admittedAt: daysAgo(1),
        roomId: ward.room.id,
        bed: 1,
        diagnosisIds: [ward.diagnosis.id],
      }),
    ).rejects.toMatchObject({
      code: 'CONFLICT',
      cause: coded('admission.namedPatientAdmitted', { name: 'Occu Pied' }),
    });
    // Deleting a record made by mistake (an administrator's correction) frees its bed at once.
    await admin.admission.delete({ id: admission.id });
    await expect(
      doctor.admission.create({
        patientId: second.id,
        medicalStaffId: staff.id,
        admittedAt: new Date(),
        roomId: ward.room.id,
        bed: 3,
        diagnosisIds: [ward.diagnosis.id],
      }),
    ).resolves.toMatchObject({ bed: 3 });
    await assertConsistent();
  });

  it('update clinical fields only, with a version check and the duplicate rule', async () => {
    const ward = await makeWard(admin);
    const diagnosis = await admin.diagnosis.create({ name: `Second diagnosis ${Date.now()}` });
    const patient = await makePatient(admin, 'Edit', 'Able');
    const staff = await makeStaff(admin, 'Edit', 'Doctor', ward.specialty.id, ward.department.id);
    const admission = await doctor.admission.create({
      patientId: patient.id,
      medicalStaffId: staff.id,
      admittedAt: daysAgo(1),
      roomId: ward.room.id,
      bed: 1,
      diagnosisIds: [ward.diagnosis.id],
    });
    const updated = await doctor.admission.update({
      id: admission.id,
      version: 1,
      data: {
        diagnosisIds: [ward.diagnosis.id, diagnosis.id],
        notes: 'Confidential note',
        expectedDays: 5,
        isSurgical: true,
      },
    });
    expect(updated).toMatchObject({ notes: 'Confidential note', expectedDays: 5, isSurgical: true, version: 2 });
    expect(updated.diagnoses.map((d) => d.name)).toEqual([ward.diagnosis.name, diagnosis.name]);
    await expect(
      doctor.admission.update({ id: admission.id, version: 1, data: { notes: 'stale' } }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(
      doctor.admission.update({ id: admission.id, data: { roomId: ward.room.id } as never }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    const entry = await Audit.findOne({ entity: 'admission', entityId: admission.id, action: 'update' }).lean();
    expect(JSON.stringify(entry)).not.toMatch(/Confidential/);
    expect(entry!.changes.map((change) => change.field).sort()).toEqual([
      'diagnosisIds',
      'expectedDays',
      'isSurgical',
      'notes',
    ]);
    // null clears the expected stay; leaving it out keeps it.
    expect(await doctor.admission.update({ id: admission.id, data: { notes: 'kept' } })).toMatchObject({
      expectedDays: 5,
    });
    expect(await doctor.admission.update({ id: admission.id, data: { expectedDays: null } })).toMatchObject({
      expectedDays: null,
      notes: 'kept',
    });
  });

  it('list with status, room, department, patient, staff and date filters and a server-side search', async () => {
    const ward = await makeWard(admin);
    const other = await makeWard(admin);
    const flu = await admin.diagnosis.create({ name: 'Gripe estacional' });
    const [p1, p2, p3] = await Promise.all([
      makePatient(admin, 'Listo', 'Uno'),
      makePatient(admin, 'Listo', 'Dos'),
      makePatient(admin, 'Listo', 'Tres'),
    ]);
    const staff = await makeStaff(admin, 'Lista', 'Doctora', ward.specialty.id, ward.department.id);
    const base = { medicalStaffId: staff.id, diagnosisIds: [ward.diagnosis.id] };
    const a1 = await doctor.admission.create({
      ...base,
      patientId: p1.id,
      admittedAt: daysAgo(6.9),
      roomId: ward.room.id,
      bed: 1,
      notes: 'sospecha de neumonía',
    });
    const a2 = await doctor.admission.create({
      ...base,
      patientId: p2.id,
      admittedAt: daysAgo(5),
      roomId: other.room.id,
      bed: 1,
      diagnosisIds: [flu.id],
    });
    const a3 = await doctor.admission.create({
      ...base,
      patientId: p3.id,
      admittedAt: daysAgo(1),
      roomId: ward.room.id,
      bed: 2,
    });
    await doctor.admission.discharge({ id: a1.id });
    const mine = { medicalStaffId: staff.id };

    const all = await doctor.admission.list(mine);
    expect(all.items.map((a) => a.id)).toEqual([a3.id, a2.id, a1.id]);
    expect(all).toMatchObject({ total: 3, counts: { all: 3, active: 2, discharged: 1 } });
    expect((await doctor.admission.list({ ...mine, status: 'active' })).items.map((a) => a.id)).toEqual([a3.id, a2.id]);
    expect((await doctor.admission.list({ ...mine, status: 'discharged' })).total).toBe(1);
    expect((await doctor.admission.list({ ...mine, roomId: ward.room.id })).total).toBe(2);
    expect(
      (await doctor.admission.list({ ...mine, departmentId: other.department.id })).items.map((a) => a.id),
    ).toEqual([a2.id]);
    expect(
      (await doctor.admission.list({ ...mine, departmentId: other.department.id, roomId: ward.room.id })).total,
    ).toBe(0);
    expect((await doctor.admission.list({ patientId: p1.id })).items.map((a) => a.id)).toEqual([a1.id]);
    expect((await doctor.admission.list({ ...mine, from: daysAgo(6), to: daysAgo(2) })).items.map((a) => a.id)).toEqual(
      [a2.id],
    );
    expect(
      (await doctor.admission.list({ ...mine, sort: { field: 'admittedAt', direction: 'asc' }, perPage: 2 })).items.map(
        (a) => a.id,
      ),
    ).toEqual([a1.id, a2.id]);
    // Search: patient name, staff name, diagnosis names, notes.
    expect((await doctor.admission.list({ search: 'listo dos' })).items.map((a) => a.id)).toEqual([a2.id]);
    expect((await doctor.admission.list({ search: 'DOCTORA', ...mine })).total).toBe(3);
    expect((await doctor.admission.list({ search: 'gripe' })).items.map((a) => a.id)).toEqual([a2.id]);
    expect((await doctor.admission.list({ search: 'neumonía' })).items.map((a) => a.id)).toEqual([a1.id]);
    expect((await doctor.admission.list({ search: '.*' })).total).toBe(0);
  });

  it('repair removes claims no active admission stands behind, and keeps the rest', async () => {
    const ward = await makeWard(admin);
    const patient = await makePatient(admin, 'Re', 'Pair');
    const staff = await makeStaff(admin, 'Re', 'Doctor', ward.specialty.id, ward.department.id);
    await doctor.admission.create({
      patientId: patient.id,
      medicalStaffId: staff.id,
      admittedAt: new Date(),
      roomId: ward.room.id,
      bed: 1,
      diagnosisIds: [ward.diagnosis.id],
    });
    const old = daysAgo(1);
    const ghost = '0123456789abcdef01234567';
    const ghostPatient = 'abcdefabcdefabcdefabcdef';
    // A crashed admit (old), one under way (young), and a stale lock.
    await BedClaim.create([
      { _id: `${ward.room.id}:2`, roomId: ward.room.id, bed: 2, admissionId: ghost, patientId: ghostPatient, at: old },
      {
        _id: `${ward.room.id}:3`,
        roomId: ward.room.id,
        bed: 3,
        admissionId: ghost,
        patientId: ghostPatient,
        at: new Date(),
      },
    ]);
    await PatientClaim.create({ _id: ghostPatient, admissionId: ghost, at: old });
    await AdmissionLock.create({ _id: ghost, token: 'dead', at: old });

    expect(await repairClaims()).toEqual({ bedClaims: 1, patientClaims: 1, locks: 1 });
    expect(await BedClaim.exists({ _id: `${ward.room.id}:1` })).toBeTruthy();
    expect(await BedClaim.exists({ _id: `${ward.room.id}:3` })).toBeTruthy();
    expect(await BedClaim.exists({ _id: `${ward.room.id}:2` })).toBeNull();
    expect(await repairClaims(new Date(Date.now() + 10 * 60_000))).toEqual({
      bedClaims: 1,
      patientClaims: 0,
      locks: 0,
    });
    await assertConsistent();
  });
});
