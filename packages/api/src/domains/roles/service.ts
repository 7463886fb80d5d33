import {
  type ZRoleCreateInput,
  type ZRoleListInput,
  isBuiltInRole,
  permissionsOf,
  type TPermission,
  type TRole,
} from '@mas/shared';
import type { z } from 'zod';
import { UNIQUE_NAME } from '../../crud/catalogue.ts';
import { createCrudService } from '../../crud/service.ts';
import { normalizeKey, op, stamps } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { forgetSessions } from '../auth/session.ts';
import { referencesTo } from '../references.ts';
import { User } from '../users/model.ts';
import { Role, type RoleDoc } from './model.ts';

/** Built-in roles take their permissions from the matrix in @mas/shared; custom roles store theirs. */
export function effectivePermissions(role: Pick<RoleDoc, 'name' | 'isBuiltIn' | 'permissions'>): TPermission[] {
  return role.isBuiltIn && isBuiltInRole(role.name) ? permissionsOf(role.name) : (role.permissions as TPermission[]);
}

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

function toRoleFields(input: Partial<RoleCreate>, existing?: RoleDoc): Partial<RoleDoc> {
  if (existing?.isBuiltIn && ((input.name !== undefined && input.name !== existing.name) || input.permissions)) {
    throw new AppError(
      'BAD_REQUEST',
      'Built-in roles keep their name and permissions; only the description can change.',
    );
  }
  if (!existing && input.name && isBuiltInRole(input.name)) {
    throw new AppError('CONFLICT', 'Another record already uses this name.', { name: ['Already in use'] });
  }
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
  if (builtIn)
    throw new AppError('BAD_REQUEST', `"${builtIn.name}" is a built-in role and cannot be deleted or deactivated.`);
}

export const roleService = {
  ...crud,
  async remove(...args: Parameters<typeof crud.remove>) {
    await assertNotBuiltIn([args[1]]);
    return crud.remove(...args);
  },
  async removeMany(...args: Parameters<typeof crud.removeMany>) {
    await assertNotBuiltIn(args[1]);
    return crud.removeMany(...args);
  },
  async setActive(...args: Parameters<typeof crud.setActive>) {
    if (!args[1].isActive) await assertNotBuiltIn([args[1].id]);
    const role = await crud.setActive(...args);
    await forgetSessions(args[0].deps, { all: true });
    return role;
  },
  /** A role's permissions live in every session of its users: refresh them all. */
  async update(...args: Parameters<typeof crud.update>) {
    const role = await crud.update(...args);
    await forgetSessions(args[0].deps, { all: true });
    return role;
  },
};
