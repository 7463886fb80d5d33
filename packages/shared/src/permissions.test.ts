import { describe, expect, it } from 'vitest';
import { BUILT_IN_ROLES, PERMISSIONS, permissionsOf, rolesIncludedIn } from './permissions.ts';

describe('permission matrix', () => {
  it('gives each role everything its children have (the hierarchy)', () => {
    for (const role of BUILT_IN_ROLES) {
      const mine = new Set(permissionsOf(role));
      for (const child of rolesIncludedIn(role)) {
        for (const permission of permissionsOf(child))
          expect(mine.has(permission), `${role} ⊇ ${child}: ${permission}`).toBe(true);
      }
    }
  });

  it('gives Superadmin every permission and Patient only its own appointments and the specialty names', () => {
    expect(permissionsOf('Superadmin')).toEqual([...PERMISSIONS]);
    // The appointment service scopes a Patient to the patient record linked to its account;
    // specialty names are what a patient books by.
    expect(permissionsOf('Patient')).toEqual(['specialty.read', 'appointment.read', 'appointment.write']);
  });

  it('follows the original route guards for writes', () => {
    const writers = (permission: (typeof PERMISSIONS)[number]) =>
      BUILT_IN_ROLES.filter((role) => permissionsOf(role).includes(permission));
    expect(writers('admission.write')).toEqual(['Superadmin', 'Administrator', 'Department Chief', 'Medical Staff']);
    expect(writers('room.write')).toEqual(['Superadmin', 'Administrator', 'Department Chief', 'Technical']);
    expect(writers('medicalStaff.write')).toEqual(['Superadmin', 'Administrator', 'Department Chief']);
    expect(writers('department.write')).toEqual(['Superadmin', 'Administrator']);
    expect(writers('audit.read')).toEqual(['Superadmin', 'Administrator']);
    expect(writers('role.write')).toEqual(['Superadmin']);
    // Appointments: Medical Staff and up, and Patients for themselves; never Technical.
    expect(writers('appointment.write')).toEqual([
      'Superadmin',
      'Administrator',
      'Department Chief',
      'Medical Staff',
      'Patient',
    ]);
    // Deleting an admission is a correction for administrators; the ward admits, transfers and discharges.
    expect(writers('admission.delete')).toEqual(['Superadmin', 'Administrator']);
  });

  it('grants custom (unknown) roles nothing by name', () => {
    expect(permissionsOf('Night Porter')).toEqual([]);
  });
});
