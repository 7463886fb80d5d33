import type { TEntity, TUsedBy } from '@mas/shared';
import mongoose, { type Model } from 'mongoose';

/** Something else that points at this entity, which makes deleting it unsafe. */
export interface Reference {
  model: () => Model<never>;
  field: string;
  /** Who points at it, as the error names them, e.g. "staffRecords" (medical staff records). */
  what: TUsedBy;
}

/**
 * Who points at whom. Deleting a record something still points at is refused
 * (retire it with setActive instead). Models are looked up when checked, so
 * domains need not import each other.
 */
const REFERENCES: Partial<Record<TEntity, Array<{ model: string; field: string; what: TUsedBy }>>> = {
  role: [{ model: 'User', field: 'roleId', what: 'userAccounts' }],
  department: [
    { model: 'Room', field: 'departmentId', what: 'rooms' },
    { model: 'MedicalStaff', field: 'departmentId', what: 'staffRecords' },
  ],
  specialty: [{ model: 'MedicalStaff', field: 'specialtyId', what: 'staffRecords' }],
  disability: [{ model: 'Patient', field: 'disabilityIds', what: 'patientRecords' }],
  diagnosis: [{ model: 'Admission', field: 'diagnosisIds', what: 'admissions' }],
  room: [
    { model: 'Admission', field: 'roomId', what: 'admissions' },
    { model: 'Admission', field: 'transfers.fromRoomId', what: 'transferHistory' },
  ],
  user: [
    { model: 'Patient', field: 'userId', what: 'aPatientRecord' },
    { model: 'MedicalStaff', field: 'userId', what: 'aStaffRecord' },
  ],
  patient: [
    { model: 'Admission', field: 'patientId', what: 'admissions' },
    { model: 'Appointment', field: 'patientId', what: 'appointments' },
  ],
  medicalStaff: [
    { model: 'Admission', field: 'medicalStaffId', what: 'admissions' },
    { model: 'Appointment', field: 'medicalStaffId', what: 'appointments' },
  ],
};

export function referencesTo(entity: TEntity): Reference[] {
  return (REFERENCES[entity] ?? []).map(({ model, field, what }) => ({
    model: () => mongoose.model(model) as unknown as Model<never>,
    field,
    what,
  }));
}

/**
 * The fields of a model that point at other records (e.g. Admission.diagnosisIds → Diagnosis),
 * for the pins a write takes on what it newly points at. Top-level fields only.
 */
export function referencesFrom(modelName: string): Array<{ field: string; target: () => Model<never> }> {
  return Object.entries(REFERENCES).flatMap(([entity, references]) =>
    references
      .filter((reference) => reference.model === modelName && !reference.field.includes('.'))
      .map((reference) => ({
        field: reference.field,
        target: () => mongoose.model(entity[0]!.toUpperCase() + entity.slice(1)) as unknown as Model<never>,
      })),
  );
}
