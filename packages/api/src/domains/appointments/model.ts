import type { TAppointmentAction, TAppointmentStatus, TWeeklyRule } from '@mas/shared';
import { model, Schema, type Types } from 'mongoose';
import { entitySchema, ObjectIdType, type Stamped } from '../../db/schema.ts';

/**
 * `pending`: the document exists and its claims are being taken; it becomes `booked` once they
 * all are (or `abandoned`, by the repair job, if the booking process died on the way). Only
 * booked and later states are shown.
 */
export type StoredAppointmentStatus = TAppointmentStatus | 'pending' | 'abandoned';
/** States whose appointment occupies its time (its claims stand). */
export const HOLDING: readonly StoredAppointmentStatus[] = ['pending', 'booked', 'checkedIn', 'completed'];
/** States readers see. */
export const VISIBLE: readonly StoredAppointmentStatus[] = ['booked', 'checkedIn', 'completed', 'cancelled', 'noShow'];

export interface TransitionDoc {
  action: TAppointmentAction;
  at: Date;
  byUsername: string;
  byUserId: Types.ObjectId | null;
  reason: string | null;
  start: Date | null;
  end: Date | null;
}

export interface AppointmentDoc extends Stamped {
  status: StoredAppointmentStatus;
  patientId: Types.ObjectId;
  medicalStaffId: Types.ObjectId;
  /** The staff member's specialty when booked (what the patient was booked for). */
  specialtyId: Types.ObjectId;
  start: Date;
  end: Date;
  durationMinutes: number;
  timeZone: string;
  reason: string | null;
  notes: string | null;
  cancelReason: string | null;
  history: TransitionDoc[];
  /** Normalized names of patient and staff member (search box and name sorts). */
  searchText: string;
  patientSort: string;
  staffSort: string;
}

const transitionSchema = new Schema<TransitionDoc>(
  {
    action: { type: String, required: true },
    at: { type: Date, required: true },
    byUsername: { type: String, required: true },
    byUserId: { type: ObjectIdType, default: null },
    reason: { type: String, default: null },
    start: { type: Date, default: null },
    end: { type: Date, default: null },
  },
  { _id: false, strict: 'throw' },
);

const appointmentSchema = entitySchema(
  {
    status: { type: String, required: true },
    patientId: { type: ObjectIdType, required: true },
    medicalStaffId: { type: ObjectIdType, required: true },
    specialtyId: { type: ObjectIdType, required: true },
    start: { type: Date, required: true },
    end: { type: Date, required: true },
    durationMinutes: { type: Number, required: true },
    timeZone: { type: String, required: true },
    reason: { type: String, default: null },
    notes: { type: String, default: null },
    cancelReason: { type: String, default: null },
    history: { type: [transitionSchema], default: [] },
    searchText: { type: String, default: '' },
    patientSort: { type: String, default: '' },
    staffSort: { type: String, default: '' },
  },
  'appointments',
);
appointmentSchema.index({ medicalStaffId: 1, start: 1 });
appointmentSchema.index({ patientId: 1, start: 1 });
appointmentSchema.index({ specialtyId: 1, start: 1 });
appointmentSchema.index({ status: 1, start: 1 });
appointmentSchema.index({ start: 1 });
export const Appointment = model<AppointmentDoc>('Appointment', appointmentSchema);

/**
 * One per resource and 5-minute granule: "staff:<id>:<g>" or "patient:<id>:<g>". The unique
 * `_id` is the whole rule: two holders of one granule cannot both insert it.
 */
export interface SlotClaimDoc {
  _id: string;
  res: 'staff' | 'patient';
  rid: Types.ObjectId;
  g: number;
  ownerId: Types.ObjectId;
  ownerKind: 'appointment' | 'block';
  at: Date;
}
const claimSchema = new Schema<SlotClaimDoc>(
  {
    _id: { type: String, required: true },
    res: { type: String, required: true },
    rid: { type: ObjectIdType, required: true },
    g: { type: Number, required: true },
    ownerId: { type: ObjectIdType, required: true },
    ownerKind: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { collection: 'slot_claims', versionKey: false, strict: 'throw' },
);
claimSchema.index({ ownerId: 1 });
claimSchema.index({ g: 1 });
export const SlotClaim = model<SlotClaimDoc>('SlotClaim', claimSchema);

/** A staff member's weekly hours; `_id` is the staff member's id (one schedule each). */
export interface ScheduleDoc {
  _id: Types.ObjectId;
  timeZone: string;
  slotMinutes: number;
  rules: TWeeklyRule[];
  version: number;
  updatedAt: Date;
  updatedByUsername: string;
}
const ruleSchema = new Schema<TWeeklyRule>(
  {
    weekday: { type: Number, required: true },
    start: { type: String, required: true },
    end: { type: String, required: true },
  },
  { _id: false, strict: 'throw' },
);
const scheduleSchema = new Schema<ScheduleDoc>(
  {
    _id: { type: ObjectIdType, required: true },
    timeZone: { type: String, required: true },
    slotMinutes: { type: Number, required: true },
    rules: { type: [ruleSchema], default: [] },
    version: { type: Number, required: true, default: 1 },
    updatedAt: { type: Date, required: true },
    updatedByUsername: { type: String, required: true },
  },
  { collection: 'schedules', versionKey: false, strict: 'throw' },
);
export const Schedule = model<ScheduleDoc>('Schedule', scheduleSchema);

/** Leave or a meeting; `pending` while its claims are taken (like a booking). */
export interface ScheduleBlockDoc {
  _id: Types.ObjectId;
  medicalStaffId: Types.ObjectId;
  start: Date;
  end: Date;
  reason: string;
  state: 'pending' | 'active';
  createdByUsername: string;
  createdAt: Date;
}
const blockSchema = new Schema<ScheduleBlockDoc>(
  {
    medicalStaffId: { type: ObjectIdType, required: true },
    start: { type: Date, required: true },
    end: { type: Date, required: true },
    reason: { type: String, required: true },
    state: { type: String, required: true },
    createdByUsername: { type: String, required: true },
    createdAt: { type: Date, required: true },
  },
  { collection: 'schedule_blocks', versionKey: false, strict: 'throw' },
);
blockSchema.index({ medicalStaffId: 1, end: 1 });
export const ScheduleBlock = model<ScheduleBlockDoc>('ScheduleBlock', blockSchema);

/**
 * Markers decided by their unique `_id`: "settle:<appointmentId>" (the booking or the repair job
 * settles a pending booking, never both), "reminder:<appointmentId>:<start ms>" (one reminder per
 * appointment time, however often the job runs).
 */
export interface AppointmentMarkerDoc {
  _id: string;
  outcome: string;
  at: Date;
}
const markerSchema = new Schema<AppointmentMarkerDoc>(
  {
    _id: { type: String, required: true },
    outcome: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { collection: 'appointment_markers', versionKey: false, strict: 'throw' },
);
markerSchema.index({ at: 1 });
export const AppointmentMarker = model<AppointmentMarkerDoc>('AppointmentMarker', markerSchema);
