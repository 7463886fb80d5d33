import { model, type Types } from 'mongoose';
import { entitySchema, ObjectIdType, type Stamped } from '../../db/schema.ts';

export interface MedicalStaffDoc extends Stamped {
  /** The staff member's user account (role "Medical Staff"); one record per account. */
  userId: Types.ObjectId;
  specialtyId: Types.ObjectId;
  departmentId: Types.ObjectId;
  graduatedAt: Date;
  isActive: boolean;
  /** Normalized "last first" of the linked account, for sorting by name. */
  sortName: string;
  /** Normalized names, username, e-mail, specialty and department, for one-field search. */
  searchText: string;
}

const schema = entitySchema(
  {
    userId: { type: ObjectIdType, required: true },
    specialtyId: { type: ObjectIdType, required: true },
    departmentId: { type: ObjectIdType, required: true },
    graduatedAt: { type: Date, required: true },
    isActive: { type: Boolean, default: true },
    sortName: { type: String, default: '' },
    searchText: { type: String, default: '' },
  },
  'medical_staff',
);
// One staff record per user account, held by the database.
schema.index({ userId: 1 }, { unique: true });
// The list's default order is sortName then _id (its tie-breaker): both in the index, or MongoDB sorts in memory.
schema.index({ isActive: 1, sortName: 1, _id: 1 });
schema.index({ sortName: 1, _id: 1 });
schema.index({ createdAt: -1 });
schema.index({ specialtyId: 1 });
schema.index({ departmentId: 1 });

export const MedicalStaff = model<MedicalStaffDoc>('MedicalStaff', schema);
