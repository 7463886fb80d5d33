// Optimistic concurrency on every server (DESIGN §10.3, issue #11 item 4, probe H4 and W2), written as the attacks.
// On FerretDB an update is read-modify-write without isolation; these run many writers at once, in rounds.
import { beforeAll, describe, expect, it } from 'vitest';
import { Admission } from '../src/domains/admissions/model.ts';
import { Diagnosis } from '../src/domains/diagnoses/model.ts';
import { User } from '../src/domains/users/model.ts';
import { Role } from '../src/domains/roles/model.ts';
import { daysAgo, makePatient, makeStaff, makeWard, type Caller } from './clinical-helpers.ts';
import { callerFor, userWithRole, useTestApi } from './helpers.ts';

const api = useTestApi();
const WRITERS = 8;
const ROUNDS = 8;

let admin: Caller;
let doctor: Caller;
beforeAll(async () => {
  admin = callerFor(api.server, (await userWithRole(api.server, 'Superadmin')).user);
  doctor = callerFor(api.server, (await userWithRole(api.server, 'Medical Staff')).user);
});

/** Fulfilled and CONFLICT counts of settled calls; anything else fails the test. */
function tally(results: PromiseSettledResult<unknown>[]) {
  const saved = results.filter((result) => result.status === 'fulfilled').length;
  const reasons = results.flatMap((result) =>
    result.status === 'rejected' ? [result.reason as { code?: string }] : [],
  );
  for (const reason of reasons) expect(reason).toMatchObject({ code: 'CONFLICT' });
  return { saved, conflicts: reasons.length };
}

describe('of N writers holding one version, exactly one is told "saved" (H4)', () => {
  it('for a catalogue entry (specialty.update), round after round', async () => {
    const specialty = await admin.specialty.create({ name: `Race ${Date.now()}` });
    const winners: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const current = await admin.specialty.get({ id: specialty.id });
      const results = await Promise.allSettled(
        Array.from({ length: WRITERS }, (_, writer) =>
          admin.specialty.update({
            id: specialty.id,
            version: current.version,
            data: { description: `round ${round} writer ${writer}` },
          }),
        ),
      );
      const { saved } = tally(results);
      winners.push(saved);
      const after = await admin.specialty.get({ id: specialty.id });
      const winner = results.findIndex((result) => result.status === 'fulfilled');
      expect(after.version).toBe(current.version + 1);
      if (winner >= 0) expect(after.description).toBe(`round ${round} writer ${winner}`);
    }
    expect(winners).toEqual(Array(ROUNDS).fill(1));
  });

  it('for a user account (user.update), round after round', async () => {
    const tech = await userWithRole(api.server, 'Technical');
    const winners: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const current = await admin.user.get({ id: tech.id });
      const results = await Promise.allSettled(
        Array.from({ length: WRITERS }, (_, writer) =>
          admin.user.update({
            id: tech.id,
            version: current.version,
            data: { address: `Calle ${round}-${writer}` },
          }),
        ),
      );
      winners.push(tally(results).saved);
      const after = await admin.user.get({ id: tech.id });
      expect(after.version).toBe(current.version + 1);
      const winner = results.findIndex((result) => result.status === 'fulfilled');
      if (winner >= 0) expect(after.address).toBe(`Calle ${round}-${winner}`);
    }
    expect(winners).toEqual(Array(ROUNDS).fill(1));
  });

  it('a deactivation that was told "saved" is never undone by a concurrent edit', async () => {
    const tech = await userWithRole(api.server, 'Technical');
    const undone: number[] = [];
    let deactivated = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const current = await admin.user.get({ id: tech.id });
      const [deactivation] = await Promise.allSettled([
        admin.user.setActive({ id: tech.id, isActive: false }),
        ...Array.from({ length: 4 }, (_, writer) =>
          admin.user.update({ id: tech.id, version: current.version, data: { address: `Avenida ${round}-${writer}` } }),
        ),
        admin.user.update({ id: tech.id, data: { phone: `+34 600 000 00${round}` } }),
      ]);
      const stored = await User.findById(tech.id).lean();
      if (deactivation.status === 'fulfilled') {
        deactivated++;
        if (stored!.isActive) undone.push(round);
      } else {
        expect(deactivation.reason).toMatchObject({ code: 'CONFLICT' });
      }
      await User.updateOne({ _id: tech.id }, { $set: { isActive: true }, $inc: { version: 1 } });
    }
    expect(undone).toEqual([]);
    expect(deactivated).toBeGreaterThan(0);
  });

  it('a demotion that was told "saved" is never undone by a concurrent edit', async () => {
    const chief = await userWithRole(api.server, 'Department Chief');
    const [patientRole, chiefRole] = await Promise.all([
      Role.findOne({ name: 'Patient' }).lean(),
      Role.findOne({ name: 'Department Chief' }).lean(),
    ]);
    const undone: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const current = await admin.user.get({ id: chief.id });
      const [demotion] = await Promise.allSettled([
        admin.user.update({ id: chief.id, version: current.version, data: { roleId: String(patientRole!._id) } }),
        ...Array.from({ length: 4 }, (_, writer) =>
          admin.user.update({ id: chief.id, data: { phone: `+34 611 000 ${round}${writer}` } }),
        ),
      ]);
      const stored = await User.findById(chief.id).lean();
      if (demotion.status === 'fulfilled' && String(stored!.roleId) !== String(patientRole!._id)) undone.push(round);
      await User.updateOne({ _id: chief.id }, { $set: { roleId: chiefRole!._id }, $inc: { version: 1 } });
    }
    expect(undone).toEqual([]);
  });
});

describe('a delete racing a new reference never leaves it dangling (W2)', () => {
  it('diagnosis.delete against admission.update adding that diagnosis, round after round', async () => {
    const ward = await makeWard(admin, 2);
    const patient = await makePatient(admin, 'Rosa', 'Díaz');
    const staff = await makeStaff(admin, 'Juan', 'Soto', ward.specialty.id, ward.department.id);
    const admission = await doctor.admission.create({
      patientId: patient.id,
      medicalStaffId: staff.id,
      admittedAt: daysAgo(1),
      roomId: ward.room.id,
      bed: 1,
      diagnosisIds: [ward.diagnosis.id],
    });
    const dangling: number[] = [];
    const outcomes: string[] = [];
    for (let round = 0; round < 10; round++) {
      const diagnosis = await admin.diagnosis.create({ name: `Transient ${round} ${Date.now()}` });
      const [removal, addition] = await Promise.allSettled([
        admin.diagnosis.delete({ id: diagnosis.id }),
        doctor.admission.update({ id: admission.id, data: { diagnosisIds: [ward.diagnosis.id, diagnosis.id] } }),
      ]);
      outcomes.push(`${removal.status[0]}${addition.status[0]}`);
      const stored = await Admission.findById(admission.id).lean();
      const references = stored!.diagnosisIds.some((id) => String(id) === diagnosis.id);
      const exists = await Diagnosis.exists({ _id: diagnosis.id });
      if (references && !exists) dangling.push(round);
      // Back to the one diagnosis for the next round.
      await doctor.admission.update({ id: admission.id, data: { diagnosisIds: [ward.diagnosis.id] } });
    }
    expect(dangling, `outcomes (delete, update) per round: ${outcomes.join(' ')}`).toEqual([]);
  });
});
