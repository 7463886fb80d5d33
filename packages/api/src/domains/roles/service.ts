import { type ZRoleCreateInput, type ZRoleListInput, BUILT_IN_ROLES, ENTITIES, type TRole } from '@mas/shared';
import type { z } from 'zod';
import { UNIQUE_NAME } from '../catalogue.ts';
import { createCrudService } from '../../crud/service.ts';
import type { Call } from '../../core/call.ts';
import { normalizeKey, op, stamps } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { forgetSessions } from '../auth/session.ts';
import { referencesTo } from '../../core/references.ts';
import { User } from '../users/model.ts';
import { effectivePermissions, Role, type RoleDoc } from './model.ts';

async function toRoleDtos(docs: RoleDoc[]): Promise<TRole[]> {
  const counts = docs.length
    ? await User.aggregate<{ _id: unknown; n: number }>([
        { $match: { roleId: { $in: docs.map((doc) => doc._id) } } },
        { $group: { _id: '$roleId', n: { $sum: 1 } } },
      ])
    : [];
  const byRole = new Map(counts.map((row) => [String(row._id), row.n]));
  return docs.map((doc) => ({
    ...stamps(doc),
    name: doc.name,
    description: doc.description,
    isBuiltIn: doc.isBuiltIn,
    isActive: doc.isActive,
    permissions: effectivePermissions(doc),
    userCount: byRole.get(String(doc._id)) ?? 0,
  }));
}

type RoleCreate = z.infer<typeof ZRoleCreateInput>;

/** Case-, accent- and spacing-insensitive form of a role name, for comparing with the built-in ones. */
const folded = (name: string) =>
  name.normalize('NFKD').replace(/\p{M}/gu, '').trim().replace(/\s+/g, ' ').toLowerCase();

/**
 * Names people read as a built-in role: the stored English names and the labels the web shows
 * for them (packages/web/src/locales/{en,es}/entities.json, role.builtInNames; a test checks both).
 */
const BUILT_IN_LABELS = [
  ...BUILT_IN_ROLES,
  'Department chief',
  'Medical staff',
  'Technical staff',
  'Superadministrador',
  'Administrador',
  'Jefe de departamento',
  'Personal médico',
  'Personal técnico',
  'Paciente',
];
const RESERVED_NAMES = new Set(BUILT_IN_LABELS.map(folded));

/** A permission set the matrix can show: no entity written without being read. */
function assertCoherent(permissions: readonly string[]) {
  const held = new Set(permissions);
  if (ENTITIES.some((entity) => held.has(`${entity}.write`) && !held.has(`${entity}.read`))) {
    throw new AppError('role.writeNeedsRead', {}, { permissions: 'role.writeNeedsRead' });
  }
}

function toRoleFields(input: Partial<RoleCreate>, existing?: RoleDoc): Partial<RoleDoc> {
  if (existing?.isBuiltIn && ((input.name !== undefined && input.name !== existing.name) || input.permissions)) {
    throw new AppError('role.builtInFixed', {});
  }
  if (!existing?.isBuiltIn && input.name !== undefined && RESERVED_NAMES.has(folded(input.name))) {
    throw new AppError('role.builtInName', {}, { name: 'role.builtInName' });
  }
  if (input.permissions) assertCoherent(input.permissions);
  return {
    ...(input.name !== undefined ? { name: input.name, nameKey: normalizeKey(input.name) } : {}),
    ...(input.description !== undefined ? { description: input.description } : {}),
    ...(input.permissions !== undefined ? { permissions: [...new Set(input.permissions)] } : {}),
  };
}

const crud = createCrudService<RoleDoc, TRole, RoleCreate, z.infer<typeof ZRoleListInput>>({
  entity: 'role',
  model: Role,
  toDtos: toRoleDtos,
  toFields: toRoleFields,
  searchFields: ['name', 'description'],
  sortPaths: { name: 'nameKey' },
  defaultSort: { nameKey: 1 },
  label: (doc) => doc.name,
  references: referencesTo('role'),
  unique: UNIQUE_NAME,
});

/** Built-in roles can be described but never deleted or retired: that would lock people out. */
async function assertNotBuiltIn(ids: string[]) {
  const builtIn = await Role.findOne({ _id: op({ $in: ids }), isBuiltIn: true }, { name: 1 }).lean();
  if (builtIn) throw new AppError('role.builtInKept', { role: builtIn.name });
}

/** Nobody hands out a permission they do not hold. */
function assertGrantable(call: Call, permissions: readonly string[] | undefined) {
  const mine = new Set<string>(call.user?.permissions ?? []);
  if (permissions?.some((permission) => !mine.has(permission))) {
    throw new AppError('role.notGrantable', {}, { permissions: 'role.notGrantable' });
  }
}

/**
 * Nobody changes their own role (they would widen their own access), nor a role holding a
 * permission they lack (they would change what someone more trusted may do).
 */
async function assertMayChange(call: Call, ids: string[]) {
  if (call.user && ids.includes(call.user.roleId)) {
    throw new AppError('role.ownRole', {});
  }
  const mine = new Set<string>(call.user?.permissions ?? []);
  const roles = await Role.find({ _id: op({ $in: ids }) }).lean();
  if (roles.some((role) => effectivePermissions(role).some((permission) => !mine.has(permission)))) {
    throw new AppError('role.aboveYou', {});
  }
}

export const roleService = {
  ...crud,
  async create(...args: Parameters<typeof crud.create>) {
    assertGrantable(args[0], args[1].permissions);
    return crud.create(...args);
  },
  async remove(...args: Parameters<typeof crud.remove>) {
    await assertMayChange(args[0], [args[1]]);
    await assertNotBuiltIn([args[1]]);
    return crud.remove(...args);
  },
  async removeMany(...args: Parameters<typeof crud.removeMany>) {
    await assertMayChange(args[0], args[1]);
    await assertNotBuiltIn(args[1]);
    return crud.removeMany(...args);
  },
  async setActive(...args: Parameters<typeof crud.setActive>) {
    await assertMayChange(args[0], [args[1].id]);
    if (!args[1].isActive) await assertNotBuiltIn([args[1].id]);
    const role = await crud.setActive(...args);
    await forgetSessions(args[0].deps, { all: true });
    return role;
  },
  /** A role's permissions live in every session of its users: refresh them all. */
  async update(...args: Parameters<typeof crud.update>) {
    await assertMayChange(args[0], [args[1].id]);
    assertGrantable(args[0], args[1].data.permissions);
    const role = await crud.update(...args);
    await forgetSessions(args[0].deps, { all: true });
    return role;
  },
};
