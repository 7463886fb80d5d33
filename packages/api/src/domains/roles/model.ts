import { isBuiltInRole, permissionsOf, type TPermission } from '@mas/shared';
import { model } from 'mongoose';
import { entitySchema, type Stamped } from '../../db/schema.ts';

export interface RoleDoc extends Stamped {
  name: string;
  nameKey: string;
  description: string;
  isBuiltIn: boolean;
  permissions: string[];
  isActive: boolean;
}

const schema = entitySchema(
  {
    name: { type: String, required: true },
    nameKey: { type: String, required: true },
    description: { type: String, default: '' },
    isBuiltIn: { type: Boolean, default: false },
    permissions: { type: [String], default: [] },
    isActive: { type: Boolean, default: true },
  },
  'roles',
);
schema.index({ nameKey: 1 }, { unique: true });

export const Role = model<RoleDoc>('Role', schema);

/** Built-in roles take their permissions from the matrix in @mas/shared; custom roles store theirs. */
export function effectivePermissions(role: Pick<RoleDoc, 'name' | 'isBuiltIn' | 'permissions'>): TPermission[] {
  return role.isBuiltIn && isBuiltInRole(role.name) ? permissionsOf(role.name) : (role.permissions as TPermission[]);
}
