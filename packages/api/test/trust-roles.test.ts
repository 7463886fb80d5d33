// The trust boundary around roles (DESIGN §10.3, issue #11 item 3, probe H3 and W11), written as the attacks.
import { readFileSync } from 'node:fs';
import { PERMISSIONS, type TPermission } from '@mas/shared';
import { describe, expect, it } from 'vitest';
import { normalizeKey, op } from '../src/db/schema.ts';
import { Role } from '../src/domains/roles/model.ts';
import { User } from '../src/domains/users/model.ts';
import { callerFor, coded, userWithRole, useTestApi } from './helpers.ts';

const api = useTestApi();
const roleId = async (name: string) => String((await Role.findOne({ nameKey: normalizeKey(name) }).lean())!._id);

let seq = 0;
/** A custom role stored directly (as a Superadmin would have made it), and a signed-in user holding it. */
async function customRoleUser(permissions: TPermission[]) {
  const name = `Custom ${++seq} ${Date.now()}`;
  const role = await Role.create({ name, nameKey: normalizeKey(name), permissions });
  const user = await userWithRole(api.server, name);
  return { role, roleId: String(role._id), user, caller: callerFor(api.server, user.user) };
}

const newUser = (username: string, roleId: string) => ({
  username,
  password: 'a-good-password-1',
  email: `${username}@example.org`,
  firstName: 'Eva',
  lastName: 'Ruiz',
  roleId,
});

describe('a role editor cannot grant what it lacks (H3)', () => {
  it('a role holding only role.read + role.write cannot give itself every permission', async () => {
    const editor = await customRoleUser(['role.read', 'role.write']);
    await expect(
      editor.caller.role.update({ id: editor.roleId, data: { permissions: [...PERMISSIONS] } }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const stored = await Role.findById(editor.roleId).lean();
    expect(stored!.permissions.sort()).toEqual(['role.read', 'role.write']);
  });

  it('nobody edits, retires or deletes their own role, even within their permissions', async () => {
    const editor = await customRoleUser(['role.read', 'role.write']);
    await expect(
      editor.caller.role.update({ id: editor.roleId, data: { description: 'mine now' } }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(editor.caller.role.setActive({ id: editor.roleId, isActive: false })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    await expect(editor.caller.role.delete({ id: editor.roleId })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const superadmin = await userWithRole(api.server, 'Superadmin');
    await expect(
      callerFor(api.server, superadmin.user).role.update({
        id: await roleId('Superadmin'),
        data: { description: 'Mine' },
      }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('role.create cannot hand out a permission the caller lacks', async () => {
    const editor = await customRoleUser(['role.read', 'role.write']);
    await expect(
      editor.caller.role.create({ name: `All powerful ${seq}`, permissions: [...PERMISSIONS] }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(
      editor.caller.role.create({ name: `Exporter ${seq}`, permissions: ['backup.export'] }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(await Role.countDocuments({ nameKey: normalizeKey(`All powerful ${seq}`) })).toBe(0);
    // Within its own permissions it may.
    await expect(
      editor.caller.role.create({ name: `Role readers ${seq}`, permissions: ['role.read'] }),
    ).resolves.toMatchObject({ permissions: ['role.read'] });
  });

  it('cannot add a permission it lacks to another role, nor edit a role that holds more than it does', async () => {
    const editor = await customRoleUser(['role.read', 'role.write', 'room.read']);
    const superadmin = callerFor(api.server, (await userWithRole(api.server, 'Superadmin')).user);
    const small = await superadmin.role.create({ name: `Small ${seq}`, permissions: ['room.read'] });
    const big = await superadmin.role.create({ name: `Big ${seq}`, permissions: ['audit.read'] });
    await expect(
      editor.caller.role.update({ id: small.id, data: { permissions: ['room.read', 'audit.read'] } }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(editor.caller.role.update({ id: big.id, data: { permissions: [] } })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    await expect(editor.caller.role.delete({ id: big.id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(editor.caller.role.setActive({ id: big.id, isActive: false })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    await expect(
      editor.caller.role.update({ id: small.id, data: { description: 'rooms only' } }),
    ).resolves.toMatchObject({ description: 'rooms only' });
  });

  it('nobody assigns a role holding a permission they lack (user.create, user.update)', async () => {
    const superadmin = callerFor(api.server, (await userWithRole(api.server, 'Superadmin')).user);
    const exporter = await superadmin.role.create({
      name: `Exporters ${seq}`,
      permissions: ['user.read', 'user.write', 'backup.export'],
    });
    const chief = await userWithRole(api.server, 'Department Chief');
    const chiefCaller = callerFor(api.server, chief.user);
    await expect(chiefCaller.user.create(newUser(`exp.${seq}`, exporter.id))).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    const tech = await chiefCaller.user.create(newUser(`tech.${seq}`, await roleId('Technical')));
    await expect(
      chiefCaller.user.update({ id: tech.id, data: { roleId: exporter.id }, version: tech.version }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    // A user-manager holding a custom role cannot move itself into a bigger one either.
    const manager = await customRoleUser(['user.read', 'user.write']);
    await expect(
      manager.caller.user.update({ id: manager.user.id, data: { roleId: exporter.id } }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(String((await User.findById(tech.id).lean())!.roleId)).toBe(await roleId('Technical'));
  });
});

describe('role permission sets and names', () => {
  it('refuse "write" of an entity without its "read", beside the permissions field', async () => {
    const superadmin = callerFor(api.server, (await userWithRole(api.server, 'Superadmin')).user);
    await expect(
      superadmin.role.create({ name: `Writers ${seq}`, permissions: ['patient.write'] }),
    ).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      cause: coded('role.writeNeedsRead'),
    });
    const ok = await superadmin.role.create({
      name: `Readers ${seq}`,
      permissions: ['patient.read', 'patient.write'],
    });
    await expect(
      superadmin.role.update({ id: ok.id, data: { permissions: ['patient.write', 'room.read'] } }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('refuse a custom name that reads as a built-in role in English or Spanish, whatever the case or accents', async () => {
    const superadmin = callerFor(api.server, (await userWithRole(api.server, 'Superadmin')).user);
    for (const name of ['administrador', 'ADMINISTRATOR', 'Personal medico', 'personal MÉDICO', 'Superadministrador']) {
      await expect(superadmin.role.create({ name })).rejects.toMatchObject({ code: 'CONFLICT' });
    }
    const custom = await superadmin.role.create({ name: `Porters ${seq}` });
    await expect(superadmin.role.update({ id: custom.id, data: { name: 'Paciente' } })).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    await expect(
      superadmin.role.update({ id: custom.id, data: { name: 'Jefé de Departamento' } }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('reserve every name the web shows for a built-in role', async () => {
    const superadmin = callerFor(api.server, (await userWithRole(api.server, 'Superadmin')).user);
    for (const language of ['en', 'es']) {
      const url = new URL(`../../web/src/locales/${language}/entities.json`, import.meta.url);
      const names = Object.values(
        (JSON.parse(readFileSync(url, 'utf8')) as { role: { builtInNames: Record<string, string> } }).role.builtInNames,
      );
      for (const name of names) {
        await expect(superadmin.role.create({ name }), name).rejects.toMatchObject({ code: 'CONFLICT' });
      }
    }
  });
});

describe('the last active Superadmin (W11)', () => {
  it('cannot be demoted, deactivated or deleted, by itself or by an all-powerful custom role', async () => {
    const superRoleId = await roleId('Superadmin');
    const last = await userWithRole(api.server, 'Superadmin');
    // Every other Superadmin account is retired: `last` is the only active one.
    await User.updateMany({ roleId: superRoleId, _id: op({ $ne: last.user.id }) }, { $set: { isActive: false } });
    const self = callerFor(api.server, last.user);
    const adminRoleId = await roleId('Administrator');

    await expect(self.user.update({ id: last.id, data: { roleId: adminRoleId } })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      cause: coded('user.lastSuperadmin'),
    });

    const everything = await customRoleUser([...PERMISSIONS]);
    await expect(everything.caller.user.update({ id: last.id, data: { roleId: adminRoleId } })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      cause: coded('user.lastSuperadmin'),
    });
    await expect(everything.caller.user.setActive({ id: last.id, isActive: false })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      cause: coded('user.lastSuperadmin'),
    });
    await expect(everything.caller.user.delete({ id: last.id })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      cause: coded('user.lastSuperadmin'),
    });
    const stored = await User.findById(last.id).lean();
    expect(stored).toMatchObject({ isActive: true });
    expect(String(stored!.roleId)).toBe(superRoleId);

    // With a second active Superadmin, the first may step down.
    const second = await userWithRole(api.server, 'Superadmin');
    await expect(
      callerFor(api.server, second.user).user.update({ id: last.id, data: { roleId: adminRoleId } }),
    ).resolves.toMatchObject({ roleName: 'Administrator' });
  });
});
