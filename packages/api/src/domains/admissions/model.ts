import type { TAdmissionStatus } from '@mas/shared';
import { model, Schema, type Types } from 'mongoose';
import { entitySchema, ObjectIdType, type Stamped } from '../../db/schema.ts';

export interface TransferEntry {
  at: Date;
  fromRoomId: Types.ObjectId;
  fromBed: number;
  toRoomId: Types.ObjectId;
  toBed: number;
  byUsername: string;
}

export interface AdmissionDoc extends Stamped {
  status: TAdmissionStatus;
  patientId: Types.ObjectId;
  medicalStaffId: Types.ObjectId;
  roomId: Types.ObjectId;
  bed: number;
  diagnosisIds: Types.ObjectId[];
  notes: string;
  expectedDays: number | null;
  isSurgical: boolean;
  isUrgent: boolean;
  admittedAt: Date;
  dischargedAt: Date | null;
  transfers: TransferEntry[];
  /**
   * "patientId:medicalStaffId:YYYY-MM-DD" (admission day in the hospital's time
   * zone): the original's duplicate rule, held by a unique index.
   */
  dupKey: string;
  /** Normalized patient and staff names, specialty, department, room, diagnosis names and notes, for one-field search. */
  searchText: string;
  /** Sort keys copied from the names the admission refers to (domains/search-keys.ts admissionKeys). */
  patientSort: string;
  staffSort: string;
  roomSort: string;
  /** Whole days from admission to discharge; null while active. */
  stayDays: number | null;
}

/** What reads load: everything but the search and duplicate keys. */
export type AdmissionRow = Omit<AdmissionDoc, 'searchText' | 'dupKey'>;
export const ROW_PROJECTION = { searchText: 0, dupKey: 0 } as const;

const transferSchema = new Schema(
  {
    at: { type: Date, required: true },
    fromRoomId: { type: ObjectIdType, required: true },
    fromBed: { type: Number, required: true },
    toRoomId: { type: ObjectIdType, required: true },
    toBed: { type: Number, required: true },
    byUsername: { type: String, required: true },
  },
  { _id: false, strict: 'throw' },
);

const schema = entitySchema(
  {
    status: { type: String, required: true, enum: ['active', 'discharged'] },
    patientId: { type: ObjectIdType, required: true },
    medicalStaffId: { type: ObjectIdType, required: true },
    roomId: { type: ObjectIdType, required: true },
    bed: { type: Number, required: true, min: 1 },
    diagnosisIds: { type: [ObjectIdType], default: [] },
    notes: { type: String, default: '' },
    expectedDays: { type: Number, default: null },
    isSurgical: { type: Boolean, default: false },
    isUrgent: { type: Boolean, default: false },
    admittedAt: { type: Date, required: true },
    dischargedAt: { type: Date, default: null },
    transfers: { type: [transferSchema], default: [] },
    dupKey: { type: String, required: true },
    searchText: { type: String, default: '' },
    patientSort: { type: String, default: '' },
    staffSort: { type: String, default: '' },
    roomSort: { type: String, default: '' },
    stayDays: { type: Number, default: null },
  },
  'admissions',
);
schema.index({ dupKey: 1 }, { unique: true });
// The default views (all / active / discharged, newest first) and the dashboard's ranges.
schema.index({ admittedAt: -1, _id: -1 });
// Every sort ends with _id (the list's tie-breaker), so the index must too or MongoDB sorts in memory.
schema.index({ status: 1, admittedAt: -1, _id: -1 });
schema.index({ status: 1, dischargedAt: -1 });
// The dashboard's one query (active, or admitted or discharged in the range) plans as an $or of three index scans.
schema.index({ dischargedAt: -1 });
schema.index({ patientId: 1, admittedAt: -1, _id: -1 });
schema.index({ medicalStaffId: 1, admittedAt: -1, _id: -1 });
schema.index({ roomId: 1, status: 1 });
schema.index({ diagnosisIds: 1 });
// The list's sorts by patient, staff, room and length of stay.
schema.index({ patientSort: 1, _id: 1 });
schema.index({ staffSort: 1, _id: 1 });
schema.index({ roomSort: 1, bed: 1, _id: 1 });
schema.index({ stayDays: 1, admittedAt: -1 });

export const Admission = model<AdmissionDoc>('Admission', schema);
