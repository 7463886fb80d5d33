// Accounts and records under attack (security probe W5, W6, W8, W12): weak passwords, look-alike
// and invisible characters, hidden Superadmins, admission deletion, unaudited list reads.
import { beforeAll, describe, expect, it } from 'vitest';
import { Audit } from '../src/core/audit-model.ts';
import { Role } from '../src/domains/roles/model.ts';
import { User } from '../src/domains/users/model.ts';
import { callerFor, clientFor, coded, userWithRole, useTestApi, waitFor } from './helpers.ts';
import { daysAgo, makePatient, makeStaff, makeWard, type Caller } from './clinical-helpers.ts';

const api = useTestApi();
let admin: Caller;

beforeAll(async () => {
  admin = callerFor(api.server, (await userWithRole(api.server, 'Superadmin')).user);
});

const roleId = async (name: string) => String((await Role.findOne({ name }).lean())!._id);

/** The field errors a real HTTP client receives for a refused call (none when it succeeded). */
async function fieldErrorsOf(call: Promise<unknown>): Promise<Record<string, string[]> | 'accepted'> {
  try {
    await call;
    return 'accepted';
  } catch (error) {
    const data = (error as { data?: { code?: string; zodError?: { fieldErrors?: Record<string, string[]> } } }).data;
    expect(data?.code).toBe('BAD_REQUEST');
    return data?.zodError?.fieldErrors ?? {};
  }
}

let seq = 0;
const account = async (overrides: Record<string, string> = {}) => ({
  username: `mallory.${++seq}`,
  password: 'a-good-password-1',
  email: `mallory${seq}@example.org`,
  firstName: 'Mallory',
  lastName: 'Example',
  roleId: await roleId('Technical'),
  ...overrides,
});

describe('trust boundary: accounts and records', () => {
  it('refuses the most common passwords wherever a password is set (W5)', async () => {
    const chief = await userWithRole(api.server, 'Department Chief');
    const { client, close } = clientFor(api.server, chief.token);
    const weak = ['password', '12345678', 'Password1', 'qwertyuiop', 'aaaaaaaa', 'PASSWORD', 'iloveyou'];
    try {
      for (const password of weak) {
        const errors = await fieldErrorsOf(client.user.create.mutate(await account({ password })));
        expect(errors, `user.create accepted "${password}"`).not.toBe('accepted');
        expect((errors as Record<string, string[]>).password, password).toBeDefined();
      }
      const target = await userWithRole(api.server, 'Medical Staff');
      for (const newPassword of weak) {
        const errors = await fieldErrorsOf(client.user.resetPassword.mutate({ id: target.id, newPassword }));
        expect(errors, `user.resetPassword accepted "${newPassword}"`).not.toBe('accepted');
        expect((errors as Record<string, string[]>).newPassword, newPassword).toBeDefined();
      }
      const own = clientFor(api.server, target.token);
      try {
        for (const newPassword of weak) {
          const errors = await fieldErrorsOf(
            own.client.auth.changePassword.mutate({ currentPassword: target.password, newPassword }),
          );
          expect(errors, `auth.changePassword accepted "${newPassword}"`).not.toBe('accepted');
          expect((errors as Record<string, string[]>).newPassword, newPassword).toBeDefined();
        }
        // An uncommon password still goes through everywhere.
        await expect(
          own.client.auth.changePassword.mutate({
            currentPassword: target.password,
            newPassword: 'Tarde de lluvia en Soria',
          }),
        ).resolves.toEqual({ ok: true });
      } finally {
        void own.close();
      }
      await expect(client.user.create.mutate(await account({ password: 'verde-limon-42' }))).resolves.toMatchObject({
        isActive: true,
      });
      // A password that is the account's own name is refused beside the field the form shows.
      const named = await account({ lastName: 'Sanatorio' });
      const contextual = await fieldErrorsOf(client.user.create.mutate({ ...named, password: 'sanatorio123' }));
      expect((contextual as Record<string, string[]>).password).toBeDefined();
    } finally {
      void close();
    }
  });

  it('refuses look-alike usernames and invisible or control characters in names (W8)', async () => {
    const chief = await userWithRole(api.server, 'Department Chief');
    const { client, close } = clientFor(api.server, chief.token);
    try {
      // "аdmin" with a Cyrillic а beside the real admin; @, spaces and accents are not in the safe set either.
      for (const username of ['\u0430dmin', 'adm\u0131n', 'jos\u00e9', 'ana@ward', 'ana\u200bmaria', 'a\u0000b']) {
        const errors = await fieldErrorsOf(client.user.create.mutate(await account({ username })));
        expect(errors, `username ${JSON.stringify(username)} accepted`).not.toBe('accepted');
        expect((errors as Record<string, string[]>).username, JSON.stringify(username)).toBeDefined();
      }
      const hostile = {
        'a bidi override': 'Ana\u202Egnp.exe',
        'a bidi isolate': '\u2067Ana\u2069',
        'a zero-width space': 'An\u200Ba',
        'a zero-width joiner': 'An\u200Da',
        'a byte-order mark inside': 'An\uFEFFa',
        NUL: 'Ana\u0000',
        'a control character': 'Ana\u0007',
        'a lone surrogate': 'Ana\uD800',
      };
      for (const [what, name] of Object.entries(hostile)) {
        for (const field of ['firstName', 'lastName'] as const) {
          const errors = await fieldErrorsOf(client.user.create.mutate(await account({ [field]: name })));
          expect(errors, `${field} with ${what} accepted`).not.toBe('accepted');
          expect((errors as Record<string, string[]>)[field], `${field} with ${what}`).toBeDefined();
        }
        // Catalogue names share the rule.
        const errors = await fieldErrorsOf(client.specialty.create.mutate({ name: `Cardio ${name}` }));
        expect(errors, `specialty name with ${what} accepted`).not.toBe('accepted');
        expect((errors as Record<string, string[]>).name, `specialty name with ${what}`).toBeDefined();
      }
      // Decomposed accents are stored composed (NFC), so "José" is one spelling, not two.
      const created = await client.user.create.mutate(
        await account({ username: 'jose.nfc', firstName: 'Jose\u0301', lastName: 'N\u0303un\u0303ez' }),
      );
      expect(created.firstName).toBe('Jos\u00e9');
      expect(created.lastName).toBe('\u00d1u\u00f1ez');
      expect((await User.findById(created.id).lean())!.firstName).toBe('Jos\u00e9');
    } finally {
      void close();
    }
  });

  it('hides Superadmins from user.get and user.onChange for everyone else (W6)', async () => {
    const hidden = await userWithRole(api.server, 'Superadmin');
    const visible = await userWithRole(api.server, 'Technical');
    const chief = await userWithRole(api.server, 'Department Chief');
    await expect(callerFor(api.server, chief.user).user.get({ id: hidden.id })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    // Acting on one answers as for an unknown id too: nothing confirms it exists.
    const administrator = callerFor(api.server, (await userWithRole(api.server, 'Administrator')).user);
    // One at a time: a call started early would reject before anything awaits it.
    for (const attempt of [
      () => administrator.user.update({ id: hidden.id, data: { address: 'x' } }),
      () => administrator.user.setActive({ id: hidden.id, isActive: false }),
      () => administrator.user.resetPassword({ id: hidden.id, newPassword: 'a fresh passphrase 77' }),
      () => administrator.user.delete({ id: hidden.id }),
    ]) {
      await expect(attempt()).rejects.toMatchObject({
        code: 'NOT_FOUND',
        cause: coded('record.notFound', { entity: 'user' }),
      });
    }
    // Superadmins still see each other.
    await expect(admin.user.get({ id: hidden.id })).resolves.toMatchObject({ roleName: 'Superadmin', isActive: true });

    const { client, close } = clientFor(api.server, chief.token);
    const seen: Array<{ id: string; username: string | undefined }> = [];
    let started = false;
    const subscription = client.user.onChange.subscribe(undefined, {
      onStarted: () => (started = true),
      onData: ({ data }) => seen.push({ id: data.id, username: data.item?.username }),
    });
    try {
      await waitFor(() => started);
      await admin.user.update({ id: hidden.id, data: { address: 'Somewhere secret 1' } });
      await admin.user.update({ id: visible.id, data: { address: 'Calle Mayor 2' } });
      await waitFor(() => seen.some((event) => event.id === visible.id));
      expect(seen.map((event) => event.id)).not.toContain(hidden.id);
      expect(JSON.stringify(seen)).not.toContain(hidden.username);
    } finally {
      subscription.unsubscribe();
      void close();
    }
  });

  it('lets only Administrators and up delete an admission, keeping its snapshot in the audit trail (W12)', async () => {
    const ward = await makeWard(admin);
    const patient = await makePatient(admin, 'Borrada', 'Porerror');
    const staff = await makeStaff(admin, 'Doctora', 'Ejemplo', ward.specialty.id, ward.department.id);
    const doctor = callerFor(api.server, (await userWithRole(api.server, 'Medical Staff')).user);
    const chief = callerFor(api.server, (await userWithRole(api.server, 'Department Chief')).user);
    const administrator = callerFor(api.server, (await userWithRole(api.server, 'Administrator')).user);
    const admission = await doctor.admission.create({
      patientId: patient.id,
      medicalStaffId: staff.id,
      admittedAt: daysAgo(2),
      roomId: ward.room.id,
      bed: 1,
      diagnosisIds: [ward.diagnosis.id],
      notes: 'Ingresado por error',
    });
    for (const caller of [doctor, chief]) {
      await expect(caller.admission.delete({ id: admission.id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
      await expect(caller.admission.deleteMany({ ids: [admission.id] })).rejects.toMatchObject({
        code: 'FORBIDDEN',
      });
    }
    await expect(doctor.admission.get({ id: admission.id })).resolves.toMatchObject({ status: 'active' });

    await administrator.admission.delete({ id: admission.id });
    const entry = await Audit.findOne({ action: 'delete', entity: 'admission', entityId: admission.id }).lean();
    const snapshot = Object.fromEntries((entry?.changes ?? []).map((change) => [change.field, change.from]));
    expect(snapshot).toMatchObject({
      patientId: patient.id,
      medicalStaffId: staff.id,
      roomId: ward.room.id,
      bed: 1,
      status: 'active',
      diagnosisIds: [ward.diagnosis.id],
      notes: 'Ingresado por error',
      dischargedAt: null,
    });
    expect(new Date(snapshot.admittedAt as string).getTime()).toBe(admission.admittedAt.getTime());
  });

  it('writes one audit entry naming the records every list of patient data returned (W12)', async () => {
    const ward = await makeWard(admin);
    const staff = await makeStaff(admin, 'Lista', 'Doctor', ward.specialty.id, ward.department.id);
    const patients = [await makePatient(admin, 'Listada', 'Uno'), await makePatient(admin, 'Listada', 'Dos')];
    const nurse = await userWithRole(api.server, 'Medical Staff');
    const caller = callerFor(api.server, nurse.user);
    const admission = await caller.admission.create({
      patientId: patients[0]!.id,
      medicalStaffId: staff.id,
      admittedAt: daysAgo(1),
      roomId: ward.room.id,
      bed: 2,
      diagnosisIds: [ward.diagnosis.id],
    });
    const listEntries = () =>
      Audit.find({ actorId: nurse.user.id, action: 'list' }).sort({ createdAt: 1, _id: 1 }).lean();
    const idsOf = (entry: { changes: Array<{ field: string; to: unknown }> } | undefined) =>
      (entry?.changes.find((change) => change.field === 'ids')?.to ?? []) as string[];

    const page = await caller.patient.list({ search: 'Listada' });
    expect(page.items.map((item) => item.id).sort()).toEqual(patients.map((p) => p.id).sort());
    let entries = await listEntries();
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ entity: 'patient', actorUsername: nurse.username });
    expect(idsOf(entries[0]).sort()).toEqual(page.items.map((item) => item.id).sort());

    const admissions = await caller.admission.list({ patientId: patients[0]!.id });
    expect(admissions.items.map((item) => item.id)).toEqual([admission.id]);
    entries = await listEntries();
    expect(entries).toHaveLength(2);
    expect(entries[1]).toMatchObject({ entity: 'admission' });
    expect(idsOf(entries[1])).toEqual([admission.id]);

    // The bed board names the patients in beds for those who may read patients.
    const board = await caller.room.board();
    const occupants = board.flatMap((room) => room.beds.flatMap((bed) => (bed.patientId ? [bed.patientId] : [])));
    expect(occupants).toContain(patients[0]!.id);
    entries = await listEntries();
    expect(entries).toHaveLength(3);
    expect(entries[2]).toMatchObject({ entity: 'patient' });
    expect(idsOf(entries[2]).sort()).toEqual([...new Set(occupants)].sort());

    // A list that returned no patient data is not a read of anyone's record.
    await caller.patient.list({ search: 'nobody-is-called-this' });
    expect(await listEntries()).toHaveLength(3);
  });
});
