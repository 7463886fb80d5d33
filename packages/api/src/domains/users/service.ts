import { type ZUserCreateInput, type ZUserListInput, type TPermission, type TUser } from '@mas/shared';
import type { z } from 'zod';
import { withGuard } from '../../crud/claims.ts';
import { byIds, checkedRef } from '../../crud/query.ts';
import { createCrudService } from '../../crud/service.ts';
import type { Call } from '../../core/call.ts';
import { normalizeKey, oid, op, stamps } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import type { SessionUser } from '../../trpc.ts';
import { recordAudit } from '../../core/audit.ts';
import { hashPassword } from '../auth/password.ts';
import { forgetSessions, revokeUserSessions } from '../auth/session.ts';
import { referencesTo } from '../../core/references.ts';
import { followRename } from '../renames.ts';
import { effectivePermissions, Role } from '../roles/model.ts';
import { User, type UserDoc } from './model.ts';
import { assertNotCommon, assertNotContextual } from './password-policy.ts';

type UserCreate = z.infer<typeof ZUserCreateInput>;
type UserList = z.infer<typeof ZUserListInput>;

async function toUserDtos(docs: UserDoc[]): Promise<TUser[]> {
  const roles = await byIds(
    Role,
    docs.map((doc) => doc.roleId),
  );
  return docs.map((doc) => ({
    ...stamps(doc),
    username: doc.username,
    email: doc.email,
    firstName: doc.firstName,
    lastName: doc.lastName,
    phone: doc.phone,
    gender: doc.gender,
    address: doc.address,
    roleId: String(doc.roleId),
    roleName: roles.get(String(doc.roleId))?.name ?? '',
    isActive: doc.isActive,
    mustChangePassword: doc.mustChangePassword,
    lastLoginAt: doc.lastLoginAt,
  }));
}

const searchTextOf = (
  user: Pick<UserDoc, 'username' | 'firstName' | 'lastName' | 'email'> & { phone?: string | null },
) => normalizeKey([user.firstName, user.lastName, user.username, user.email, user.phone ?? ''].join(' '));

async function toUserFields(input: Partial<UserCreate>, existing?: UserDoc): Promise<Partial<UserDoc>> {
  const fields: Partial<UserDoc> = {};
  if (input.username !== undefined)
    Object.assign(fields, { username: input.username, usernameKey: normalizeKey(input.username) });
  if (input.password !== undefined) {
    assertNotContextual(
      input.password,
      {
        username: input.username ?? '',
        firstName: input.firstName ?? '',
        lastName: input.lastName ?? '',
      },
      'password',
    );
    assertNotCommon(input.password, 'password');
    Object.assign(fields, { passwordHash: await hashPassword(input.password), mustChangePassword: true });
  }
  for (const key of ['email', 'firstName', 'lastName'] as const) if (input[key] !== undefined) fields[key] = input[key];
  for (const key of ['phone', 'gender', 'address'] as const)
    if (input[key] !== undefined) fields[key] = (input[key] || null) as never;
  if (input.roleId !== undefined) {
    // Always an active role, even the one already held.
    fields.roleId = await checkedRef(Role, input.roleId, { field: 'roleId', entity: 'role' });
  }
  const merged = { ...existing, ...fields } as UserDoc;
  fields.searchText = searchTextOf(merged);
  return fields;
}

const crud = createCrudService<UserDoc, TUser, UserCreate, UserList>({
  entity: 'user',
  model: User,
  toDtos: toUserDtos,
  toFields: toUserFields,
  searchFields: ['searchText', 'address'],
  sortPaths: { username: 'usernameKey' },
  defaultSort: { createdAt: -1 },
  label: (doc) => doc.username,
  references: referencesTo('user'),
  unique: { field: 'username', error: 'user.usernameTaken' },
  filter: (query, call) => userListFilter(query, call?.user ?? null),
});

/** User procedures always run signed in; the permission middleware saw to it. */
function userOf(call: Pick<Call, 'user'>): SessionUser {
  if (!call.user) throw new AppError('auth.signIn', {});
  return call.user;
}

/** You may only manage accounts (and hand out roles) that hold no permission you lack. */
async function assertWithinReach(actor: SessionUser, roleIds: string[]) {
  const roles = await byIds(Role, roleIds);
  const mine = new Set<TPermission>(actor.permissions);
  for (const role of roles.values()) {
    if (effectivePermissions(role).some((permission) => !mine.has(permission))) {
      throw new AppError('user.seniorOnly', { role: role.name });
    }
  }
}

async function assertCanManage(actor: SessionUser, ids: string[], what: 'delete' | 'deactivate' | 'edit' | 'reset') {
  if ((what === 'delete' || what === 'deactivate') && ids.includes(actor.id)) {
    throw new AppError('user.ownAccount', { action: what });
  }
  const targets = await User.find({ _id: op({ $in: ids }) }, { roleId: 1 }).lean();
  // A hidden Superadmin is absent for whoever cannot see it, not "forbidden" (which would confirm it).
  if (!seesSuperadmins(actor) && targets.length) {
    const superadmin = await Role.findOne({ isBuiltIn: true, nameKey: normalizeKey('Superadmin') }, { _id: 1 }).lean();
    if (superadmin && targets.some((target) => String(target.roleId) === String(superadmin._id))) {
      throw new AppError('record.notFound', { entity: 'user' });
    }
  }
  await assertWithinReach(
    actor,
    targets.map((target) => String(target.roleId)),
  );
}

/** Superadmin accounts are for superadmins' eyes only (role.write marks them, as in userListFilter). */
const seesSuperadmins = (viewer: SessionUser | null) => viewer?.permissions.includes('role.write') ?? false;
const isSuperadmin = (user: Pick<TUser, 'roleName'> | undefined) => user?.roleName === 'Superadmin';

/**
 * Runs `change`, which may demote, retire or delete these accounts, only if an active Superadmin
 * remains besides them. Such changes take one guard, so two Superadmins retiring each other at
 * once cannot both succeed.
 */
async function keepingASuperadmin<T>(ids: string[], change: () => Promise<T>): Promise<T> {
  const role = await Role.findOne({ isBuiltIn: true, nameKey: normalizeKey('Superadmin') }, { _id: 1 }).lean();
  if (!role || !(await User.exists({ _id: op({ $in: ids }), roleId: role._id, isActive: true }))) return change();
  return withGuard('superadmins', async () => {
    const others = await User.countDocuments({ _id: op({ $nin: ids }), roleId: role._id, isActive: true });
    if (!others) throw new AppError('user.lastSuperadmin', {});
    return change();
  });
}

export const userService = {
  ...crud,

  /** A hidden Superadmin reads as absent, exactly like an unknown id. */
  async get(id: string, call?: Call): Promise<TUser> {
    const user = await crud.get(id, call);
    if (isSuperadmin(user) && !seesSuperadmins(call?.user ?? null))
      throw new AppError('record.notFound', { entity: 'user' });
    return user;
  },

  /** Live changes of hidden Superadmins never reach other subscribers (checked per event, as permissions change). */
  canSee(viewer: SessionUser | null) {
    return (message: { item?: TUser | undefined }) => seesSuperadmins(viewer) || !isSuperadmin(message.item);
  },

  async create(call: Call, input: UserCreate) {
    await assertWithinReach(userOf(call), [input.roleId]);
    return crud.create(call, input);
  },

  async update(call: Call, input: Parameters<typeof crud.update>[1]) {
    await assertCanManage(userOf(call), [input.id], 'edit');
    if (input.data.roleId) await assertWithinReach(userOf(call), [input.data.roleId]);
    const user = input.data.roleId
      ? await keepingASuperadmin([input.id], () => crud.update(call, input))
      : await crud.update(call, input);
    // Names and role travel in the session: refresh it.
    await forgetSessions(call.deps, { userId: input.id });
    // Patient and staff records (and their admissions) are searched by these names.
    const { firstName, lastName, email } = input.data;
    if (firstName !== undefined || lastName !== undefined || email !== undefined) {
      void followRename(call.deps, { userId: oid(input.id) });
    }
    return user;
  },

  async setActive(call: Call, input: { id: string; isActive: boolean }) {
    await assertCanManage(userOf(call), [input.id], input.isActive ? 'edit' : 'deactivate');
    const user = input.isActive
      ? await crud.setActive(call, input)
      : await keepingASuperadmin([input.id], () => crud.setActive(call, input));
    if (!input.isActive) await revokeUserSessions(call.deps, input.id);
    return user;
  },

  async remove(call: Call, id: string) {
    await assertCanManage(userOf(call), [id], 'delete');
    const result = await keepingASuperadmin([id], () => crud.remove(call, id));
    await revokeUserSessions(call.deps, id);
    return result;
  },

  async removeMany(call: Call, ids: string[]) {
    await assertCanManage(userOf(call), ids, 'delete');
    const result = await keepingASuperadmin(ids, () => crud.removeMany(call, ids));
    for (const id of ids) await revokeUserSessions(call.deps, id);
    return result;
  },

  /** An administrator sets a new password; the user must change it at next sign-in. */
  async resetPassword({ deps, actor, user: viewer }: Call, input: { id: string; newPassword: string }) {
    await assertCanManage(userOf({ user: viewer }), [input.id], 'reset');
    const user = await crud.findDoc(input.id);
    assertNotContextual(input.newPassword, user, 'newPassword');
    assertNotCommon(input.newPassword, 'newPassword');
    const passwordHash = await hashPassword(input.newPassword);
    // Under the version claim like any edit, so it never undoes a concurrent deactivation.
    await crud.writeLatest(input.id, async () => ({
      update: { $set: { passwordHash, mustChangePassword: true, passwordChangedAt: new Date() }, $inc: { version: 1 } },
    }));
    await revokeUserSessions(deps, input.id);
    await recordAudit(deps, actor, {
      action: 'passwordReset',
      entity: 'user',
      entityId: input.id,
      label: user.username,
    });
  },
};

/** Superadmin accounts are visible to superadmins only; role filter chips. */
async function userListFilter(input: UserList, viewer: SessionUser | null) {
  const hidden = viewer?.permissions.includes('role.write')
    ? []
    : (await Role.find({ isBuiltIn: true, nameKey: 'superadmin' }, { _id: 1 }).lean()).map((role) => role._id);
  const roleFilter: Record<string, unknown> = {};
  if (input.roleIds?.length) roleFilter.$in = input.roleIds.map(oid);
  if (hidden.length) roleFilter.$nin = hidden;
  return Object.keys(roleFilter).length ? { roleId: op(roleFilter) } : {};
}
