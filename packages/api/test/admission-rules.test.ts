// Issue 16, item 10: back-dating has a limit (Administrators override it with a reason the
// audit trail keeps), and the built-in "None" disability stays.
import { MAX_BACKDATE_DAYS, NONE_DISABILITY_KEY } from '@mas/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { Audit } from '../src/core/audit-model.ts';
import { Disability } from '../src/domains/disabilities/model.ts';
import { callerFor, coded, userWithRole, useTestApi } from './helpers.ts';
import { daysAgo, makePatient, makeStaff, makeWard, type Caller } from './clinical-helpers.ts';

const api = useTestApi();
let admin: Caller;

beforeAll(async () => {
  admin = callerFor(api.server, (await userWithRole(api.server, 'Administrator')).user);
});

async function setting() {
  const ward = await makeWard(admin);
  const patient = await makePatient(admin, 'Rita', 'Prado');
  const staff = await makeStaff(admin, 'Mario', 'Lago', ward.specialty.id, ward.department.id);
  return {
    patientId: patient.id,
    medicalStaffId: staff.id,
    roomId: ward.room.id,
    bed: 1,
    diagnosisIds: [ward.diagnosis.id],
  };
}

describe('back-dated admissions', () => {
  it(`are accepted up to ${MAX_BACKDATE_DAYS} days back from anyone who admits`, async () => {
    const chief = callerFor(api.server, (await userWithRole(api.server, 'Department Chief')).user);
    const admission = await chief.admission.create({
      ...(await setting()),
      admittedAt: daysAgo(MAX_BACKDATE_DAYS - 1),
    });
    expect(admission.status).toBe('active');
  });

  it('further back are refused to other roles, even with a reason', async () => {
    const chief = callerFor(api.server, (await userWithRole(api.server, 'Department Chief')).user);
    const input = { ...(await setting()), admittedAt: new Date('2019-03-01T10:00:00Z') };
    await expect(chief.admission.create(input)).rejects.toMatchObject({
      code: 'FORBIDDEN',
      cause: coded('admission.backdateForbidden', { days: MAX_BACKDATE_DAYS }),
    });
    await expect(chief.admission.create({ ...input, backdateReason: 'Paper record typed late' })).rejects.toMatchObject(
      { code: 'FORBIDDEN' },
    );
  });

  it('further back need an Administrator and a reason, which the audit trail keeps', async () => {
    const input = { ...(await setting()), admittedAt: daysAgo(40) };
    await expect(admin.admission.create(input)).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      cause: coded('admission.backdateNeedsReason', { days: MAX_BACKDATE_DAYS }),
    });
    const admission = await admin.admission.create({ ...input, backdateReason: 'Recorded on paper during the outage' });
    const entry = await Audit.findOne({ entity: 'admission', entityId: admission.id, action: 'admit' }).lean();
    expect(entry?.changes).toContainEqual({
      field: 'backdateReason',
      from: null,
      to: 'Recorded on paper during the outage',
    });
  });

  it('cannot be made by moving an admission date back later without the override', async () => {
    const chief = callerFor(api.server, (await userWithRole(api.server, 'Department Chief')).user);
    const admission = await chief.admission.create({ ...(await setting()), admittedAt: daysAgo(1) });
    await expect(
      chief.admission.update({ id: admission.id, data: { admittedAt: daysAgo(30) }, version: admission.version }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const moved = await admin.admission.update({
      id: admission.id,
      data: { admittedAt: daysAgo(30), backdateReason: 'Admitted at the old site first' },
      version: admission.version,
    });
    expect(moved.daysInAdmission).toBe(30);
  });
});

describe('the built-in "None" disability', () => {
  it('cannot be deleted, retired or renamed into something else', async () => {
    const none = (await Disability.findOne({ nameKey: NONE_DISABILITY_KEY }).lean())!;
    const id = String(none._id);
    await expect(admin.disability.delete({ id })).rejects.toMatchObject({
      code: 'CONFLICT',
      cause: coded('disability.noneBuiltIn'),
    });
    const other = await admin.disability.create({ name: 'Visual (test)' });
    await expect(admin.disability.deleteMany({ ids: [other.id, id] })).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(admin.disability.setActive({ id, isActive: false })).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(admin.disability.update({ id, data: { name: 'Motora' } })).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    // Still there, unchanged; its description may still be edited.
    const edited = await admin.disability.update({ id, data: { description: 'Sin discapacidad' } });
    expect(edited).toMatchObject({ name: 'None', isActive: true, description: 'Sin discapacidad' });
    // Other entries are deleted as before.
    expect(await admin.disability.deleteMany({ ids: [other.id] })).toEqual({ deleted: 1 });
  });
});
