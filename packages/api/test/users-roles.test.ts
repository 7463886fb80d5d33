import { describe, expect, it } from 'vitest';
import { Audit } from '../src/core/audit-model.ts';
import { Role } from '../src/domains/roles/model.ts';
import { callerFor, clientFor, coded, userWithRole, useTestApi } from './helpers.ts';

const api = useTestApi();
const roleId = async (name: string) => String((await Role.findOne({ name }).lean())!._id);
const newUser = async (role: string, username: string) => ({
  username,
  password: 'a-good-password-1',
  email: `${username}@example.org`,
  firstName: 'Ana',
  lastName: 'García',
  roleId: await roleId(role),
});

describe('users', () => {
  it('are created with a forced password change, never exposing the hash', async () => {
    const chief = await userWithRole(api.server, 'Department Chief');
    const caller = callerFor(api.server, chief.user);
    const created = await caller.user.create({
      ...(await newUser('Medical Staff', 'ana.garcia')),
      phone: '+34 600 123 456',
      gender: 'F',
    });
    expect(created).toMatchObject({
      username: 'ana.garcia',
      roleName: 'Medical Staff',
      mustChangePassword: true,
      isActive: true,
    });
    expect(JSON.stringify(created)).not.toMatch(/passwordHash|argon2|searchText|usernameKey/);
    const { user } = await callerFor(api.server, null).auth.login({
      username: 'ana.garcia',
      password: 'a-good-password-1',
    });
    expect(user.mustChangePassword).toBe(true);
  });

  it('have unique usernames regardless of case', async () => {
    const caller = callerFor(api.server, (await userWithRole(api.server, 'Superadmin')).user);
    await caller.user.create(await newUser('Technical', 'Pepe'));
    await expect(caller.user.create(await newUser('Technical', 'PEPE'))).rejects.toMatchObject({
      code: 'CONFLICT',
      cause: coded('user.usernameTaken'),
    });
  });

  it('need an existing, active role; chiefs cannot hand out roles above their own', async () => {
    const chief = callerFor(api.server, (await userWithRole(api.server, 'Department Chief')).user);
    await expect(
      chief.user.create({ ...(await newUser('Technical', 'ghost')), roleId: '0123456789abcdef01234567' }),
    ).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      cause: coded('record.missing', { entity: 'role' }),
    });
    await expect(chief.user.create(await newUser('Administrator', 'climber'))).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    const admin = await userWithRole(api.server, 'Administrator');
    await expect(chief.user.update({ id: admin.id, data: { firstName: 'Changed' } })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
  });

  it('cannot delete or deactivate their own account', async () => {
    const admin = await userWithRole(api.server, 'Administrator');
    const caller = callerFor(api.server, admin.user);
    await expect(caller.user.delete({ id: admin.id })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      cause: coded('user.ownAccount', { action: 'delete' }),
    });
    await expect(caller.user.setActive({ id: admin.id, isActive: false })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
  });

  it('lose their sessions when deactivated, and can sign in again once restored', async () => {
    const admin = callerFor(api.server, (await userWithRole(api.server, 'Administrator')).user);
    const tech = await userWithRole(api.server, 'Technical');
    await admin.user.setActive({ id: tech.id, isActive: false });
    await expect(clientFor(api.server, tech.token).client.auth.me.query()).rejects.toMatchObject({
      data: { code: 'UNAUTHORIZED' },
    });
    await admin.user.setActive({ id: tech.id, isActive: true });
    await expect(
      callerFor(api.server, null).auth.login({ username: tech.username, password: tech.password }),
    ).resolves.toBeTruthy();
  });

  it('get a new password from an administrator, must change it, and lose old sessions', async () => {
    const admin = callerFor(api.server, (await userWithRole(api.server, 'Administrator')).user);
    const staff = await userWithRole(api.server, 'Medical Staff');
    await admin.user.resetPassword({ id: staff.id, newPassword: 'reset-password-77' });
    await expect(clientFor(api.server, staff.token).client.auth.me.query()).rejects.toMatchObject({
      data: { code: 'UNAUTHORIZED' },
    });
    const { user } = await callerFor(api.server, null).auth.login({
      username: staff.username,
      password: 'reset-password-77',
    });
    expect(user.mustChangePassword).toBe(true);
    expect(await Audit.countDocuments({ action: 'passwordReset', entityId: staff.id })).toBe(1);
  });

  it('hide Superadmin accounts from everyone but superadmins, and filter by role', async () => {
    const admin = callerFor(api.server, (await userWithRole(api.server, 'Administrator')).user);
    const superadmin = callerFor(api.server, (await userWithRole(api.server, 'Superadmin')).user);
    const visible = await admin.user.list({ perPage: 100 });
    expect(visible.items.some((user) => user.roleName === 'Superadmin')).toBe(false);
    expect((await superadmin.user.list({ perPage: 100 })).items.some((user) => user.roleName === 'Superadmin')).toBe(
      true,
    );
    const techs = await admin.user.list({ roleIds: [await roleId('Technical')], perPage: 100 });
    expect(techs.items.every((user) => user.roleName === 'Technical')).toBe(true);
  });

  it('are found by name, username, e-mail or phone', async () => {
    const caller = callerFor(api.server, (await userWithRole(api.server, 'Superadmin')).user);
    await caller.user.create({
      ...(await newUser('Technical', 'lucia.m')),
      firstName: 'Lucía',
      lastName: 'Martín',
      phone: '+34 611 222 333',
    });
    for (const search of ['lucía', 'MARTÍN', 'lucia.m', 'lucia.m@example', '611 222']) {
      expect(
        (await caller.user.list({ search })).items.map((user) => user.username),
        search,
      ).toEqual(['lucia.m']);
    }
  });

  it('have optional details cleared with null and kept when left out', async () => {
    const caller = callerFor(api.server, (await userWithRole(api.server, 'Superadmin')).user);
    const user = await caller.user.create({
      ...(await newUser('Technical', 'clara.v')),
      phone: '+34 622 000 111',
      gender: 'F',
      address: 'Calle Mayor 1',
    });
    expect(await caller.user.update({ id: user.id, data: { firstName: 'Clara' } })).toMatchObject({
      phone: '+34 622 000 111',
      gender: 'F',
    });
    const cleared = await caller.user.update({ id: user.id, data: { phone: null, gender: null, address: null } });
    expect(cleared).toMatchObject({ phone: null, gender: null, address: null, firstName: 'Clara' });
    expect((await caller.user.list({ search: '622 000' })).items).toEqual([]);
  });
});

describe('roles', () => {
  it('list the built-in roles with their permissions and user counts', async () => {
    const caller = callerFor(api.server, (await userWithRole(api.server, 'Superadmin')).user);
    const { items } = await caller.role.list({ perPage: 100 });
    const patient = items.find((role) => role.name === 'Patient')!;
    expect(patient).toMatchObject({
      isBuiltIn: true,
      permissions: ['specialty.read', 'appointment.read', 'appointment.write'],
    });
    expect(items.find((role) => role.name === 'Superadmin')!.userCount).toBeGreaterThan(0);
  });

  it('keep built-in roles from being renamed, deleted or retired', async () => {
    const caller = callerFor(api.server, (await userWithRole(api.server, 'Superadmin')).user);
    const id = await roleId('Technical');
    await expect(caller.role.update({ id, data: { name: 'Techies' } })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(caller.role.delete({ id })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(caller.role.setActive({ id, isActive: false })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(caller.role.update({ id, data: { description: 'Porters and maintenance' } })).resolves.toMatchObject({
      description: 'Porters and maintenance',
    });
  });

  it('refuse to delete a custom role in use; custom permissions apply to its users', async () => {
    const caller = callerFor(api.server, (await userWithRole(api.server, 'Superadmin')).user);
    const clerk = await caller.role.create({ name: 'Admissions Clerk', permissions: ['admission.read', 'room.read'] });
    expect(clerk.permissions).toEqual(['admission.read', 'room.read']);
    const user = await userWithRole(api.server, 'Admissions Clerk');
    expect(user.user.permissions).toEqual(['admission.read', 'room.read']);
    await expect(callerFor(api.server, user.user).room.list({})).resolves.toBeTruthy();
    await expect(caller.role.delete({ id: clerk.id })).rejects.toMatchObject({
      code: 'CONFLICT',
      cause: coded('record.stillUsed', { name: expect.any(String), usedBy: 'userAccounts' }),
    });
    await expect(caller.role.create({ name: 'admissions clerk' })).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('are managed by superadmins only', async () => {
    const admin = callerFor(api.server, (await userWithRole(api.server, 'Administrator')).user);
    await expect(admin.role.create({ name: 'Sneaky' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});
