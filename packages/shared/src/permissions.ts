import { z } from 'zod';
import { CATALOGUE_ACCESS, CATALOGUES } from './catalogues.ts';

/** The six built-in roles, by their stored names. */
export const BUILT_IN_ROLES = [
  'Superadmin',
  'Administrator',
  'Department Chief',
  'Medical Staff',
  'Technical',
  'Patient',
] as const;
export type TBuiltInRole = (typeof BUILT_IN_ROLES)[number];

export const ENTITIES = ['user', 'role', ...CATALOGUES, 'patient', 'medicalStaff', 'admission', 'appointment'] as const;
export type TEntity = (typeof ENTITIES)[number];

export const PERMISSIONS = [
  ...ENTITIES.flatMap((entity) => [`${entity}.read`, `${entity}.write`] as const),
  // Hard-deleting an admission erases clinical history: a correction for administrators, not a ward task.
  'admission.delete',
  'audit.read',
  'dashboard.read',
  'backup.export',
] as const;
export type TPermission = (typeof PERMISSIONS)[number];
export const ZPermission = z.enum(PERMISSIONS);

/**
 * Each role's own grants; a role also holds everything its children hold
 * (Superadmin ⊃ Administrator ⊃ Department Chief ⊃ {Medical Staff, Technical, Patient}).
 * Writes follow the original's route guards; reads go to whoever needs them in a form.
 */
const OWN_GRANTS: Record<TBuiltInRole, readonly TPermission[]> = {
  // A patient reads and books their own appointments only (the service scopes users who cannot read patients).
  Patient: ['appointment.read', 'appointment.write'],
  Technical: ['dashboard.read'],
  'Medical Staff': [
    'admission.read',
    'admission.write',
    'patient.read',
    'patient.write',
    'medicalStaff.read',
    'dashboard.read',
    'appointment.read',
    'appointment.write',
  ],
  'Department Chief': ['medicalStaff.write', 'user.read', 'user.write', 'role.read'],
  Administrator: ['admission.delete', 'audit.read', 'backup.export'],
  Superadmin: ['role.write'],
};

/** A role's own grants, with the catalogues' (catalogues.ts). */
const ownGrants = (role: TBuiltInRole): TPermission[] => [
  ...OWN_GRANTS[role],
  ...CATALOGUES.flatMap((entity) =>
    (['read', 'write'] as const)
      .filter((access) => (CATALOGUE_ACCESS[entity][access] as readonly TBuiltInRole[]).includes(role))
      .map((access) => `${entity}.${access}` as const),
  ),
];

const CHILDREN: Record<TBuiltInRole, readonly TBuiltInRole[]> = {
  Superadmin: ['Administrator'],
  Administrator: ['Department Chief'],
  'Department Chief': ['Medical Staff', 'Technical', 'Patient'],
  'Medical Staff': [],
  Technical: [],
  Patient: [],
};

/** Roles this role includes, itself first. */
export function rolesIncludedIn(role: TBuiltInRole): TBuiltInRole[] {
  return [role, ...CHILDREN[role].flatMap(rolesIncludedIn)];
}

export function isBuiltInRole(name: string): name is TBuiltInRole {
  return (BUILT_IN_ROLES as readonly string[]).includes(name);
}

/** Effective permissions of a role name; custom roles hold none until granted. */
export function permissionsOf(roleName: string): TPermission[] {
  if (!isBuiltInRole(roleName)) return [];
  const granted = new Set(rolesIncludedIn(roleName).flatMap(ownGrants));
  return PERMISSIONS.filter((permission) => granted.has(permission));
}

export function can(permissions: readonly string[], permission: TPermission): boolean {
  return permissions.includes(permission);
}

/** Who may call a procedure: anyone, any signed-in user, or holders of one permission. */
export type TAccess = 'public' | 'authenticated' | TPermission;
