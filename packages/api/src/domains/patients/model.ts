import { model, type Types } from 'mongoose';
import { entitySchema, ObjectIdType, type Stamped } from '../../db/schema.ts';

export interface PatientDoc extends Stamped {
  /** The patient's own user account (role "Patient"); one record per account. */
  userId: Types.ObjectId;
  birthDate: Date;
  disabilityIds: Types.ObjectId[];
  isActive: boolean;
  /** Normalized "last first" of the linked account, for sorting by name. */
  sortName: string;
  /** Normalized names, username, e-mail and disability names, for one-field search. */
  searchText: string;
}

const schema = entitySchema(
  {
    userId: { type: ObjectIdType, required: true },
    birthDate: { type: Date, required: true },
    disabilityIds: { type: [ObjectIdType], default: [] },
    isActive: { type: Boolean, default: true },
    sortName: { type: String, default: '' },
    searchText: { type: String, default: '' },
  },
  'patients',
);
// One patient record per user account, held by the database.
schema.index({ userId: 1 }, { unique: true });
// The list's default order is sortName then _id (its tie-breaker): both in the index, or MongoDB sorts in memory.
schema.index({ isActive: 1, sortName: 1, _id: 1 });
schema.index({ sortName: 1, _id: 1 });
schema.index({ createdAt: -1 });
schema.index({ disabilityIds: 1 });

export const Patient = model<PatientDoc>('Patient', schema);
