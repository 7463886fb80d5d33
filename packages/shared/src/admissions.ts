import { z } from 'zod';
import { ZObjectId, ZStamps, clearable, zListInput } from './common.ts';
import { MAX_BEDS_PER_ROOM, ZBedStatus, updateInputOf } from './catalogues.ts';
import { ZNamedRef } from './patients.ts';

export const ADMISSION_STATUSES = ['active', 'discharged'] as const;
export const ZAdmissionStatus = z.enum(ADMISSION_STATUSES);
export type TAdmissionStatus = z.infer<typeof ZAdmissionStatus>;

const ZClinicalDate = z.date().min(new Date('1970-01-01T00:00:00Z'), 'validation.tooOld');
export const ZBedNumber = z.number().int().min(1).max(MAX_BEDS_PER_ROOM);

/** Admit: a patient, the responsible staff member, a bed, and why. */
/** How far back an admission may be dated without an Administrator's override (which needs a reason). */
export const MAX_BACKDATE_DAYS = 7;
/** Roles that may date an admission further back, giving a reason (kept in the audit trail). */
export const BACKDATE_OVERRIDE_ROLES = ['Superadmin', 'Administrator'] as const;

export const ZAdmissionCreateInput = z.strictObject({
  patientId: ZObjectId,
  medicalStaffId: ZObjectId,
  admittedAt: ZClinicalDate,
  roomId: ZObjectId,
  bed: ZBedNumber,
  diagnosisIds: z.array(ZObjectId).min(1, 'validation.oneDiagnosis').max(20),
  expectedDays: clearable(z.number().int().min(1).max(365)),
  notes: z.string().trim().max(4000).optional(),
  isSurgical: z.boolean().optional(),
  isUrgent: z.boolean().optional(),
  /** Why the admission is dated more than MAX_BACKDATE_DAYS back (Administrators and up only). */
  backdateReason: z.string().trim().min(5).max(500).optional(),
});

/** Clinical corrections only: patient, staff, room and bed change through their own flows. */
export const ZAdmissionUpdateInput = updateInputOf(
  ZAdmissionCreateInput.pick({
    admittedAt: true,
    diagnosisIds: true,
    expectedDays: true,
    notes: true,
    isSurgical: true,
    isUrgent: true,
    backdateReason: true,
  }),
);

export const ZAdmissionTransferInput = z.strictObject({ id: ZObjectId, roomId: ZObjectId, bed: ZBedNumber });
export const ZAdmissionDischargeInput = z.strictObject({ id: ZObjectId, dischargedAt: ZClinicalDate.optional() });

export const ZTransfer = z.strictObject({
  at: z.date(),
  fromRoomId: ZObjectId,
  fromRoomName: z.string().nullable(),
  fromBed: z.number().int(),
  toRoomId: ZObjectId,
  toRoomName: z.string().nullable(),
  toBed: z.number().int(),
  byUsername: z.string(),
});

export const ZAdmission = ZStamps.extend({
  status: ZAdmissionStatus,
  patientId: ZObjectId,
  patientName: z.string(),
  medicalStaffId: ZObjectId,
  medicalStaffName: z.string(),
  specialtyId: ZObjectId.nullable(),
  specialtyName: z.string().nullable(),
  roomId: ZObjectId,
  roomName: z.string(),
  bed: z.number().int(),
  /** The ward: the department of the room the patient lies in. */
  departmentId: ZObjectId.nullable(),
  departmentName: z.string().nullable(),
  diagnosisIds: z.array(ZObjectId),
  diagnoses: z.array(ZNamedRef),
  notes: z.string(),
  expectedDays: z.number().int().nullable(),
  isSurgical: z.boolean(),
  isUrgent: z.boolean(),
  admittedAt: z.date(),
  dischargedAt: z.date().nullable(),
  /** Whole days from admission to discharge (or now), computed on read. */
  daysInAdmission: z.number().int(),
  transfers: z.array(ZTransfer),
});
export type TAdmission = z.infer<typeof ZAdmission>;

export const ZAdmissionStatusFilter = z.enum(['all', ...ADMISSION_STATUSES]);

/** What the admissions list sorts by (the web's sortable columns read this list too). */
export const ADMISSION_SORT_FIELDS = [
  'admittedAt',
  'dischargedAt',
  'createdAt',
  'updatedAt',
  'patientName',
  'medicalStaffName',
  'place',
  'daysInAdmission',
] as const;

/** Like zListInput, with the admission's own status tabs (active / discharged) instead of active / inactive. */
export const ZAdmissionListInput = z.strictObject({
  ...zListInput(ADMISSION_SORT_FIELDS).omit({ status: true }).shape,
  status: ZAdmissionStatusFilter.default('all'),
  roomId: ZObjectId.optional(),
  departmentId: ZObjectId.optional(),
  patientId: ZObjectId.optional(),
  medicalStaffId: ZObjectId.optional(),
  /** Admitted on or after / on or before. */
  from: z.date().optional(),
  to: z.date().optional(),
});
export type TAdmissionListInput = z.infer<typeof ZAdmissionListInput>;

export const ZAdmissionListOutput = z.strictObject({
  items: z.array(ZAdmission),
  total: z.number().int(),
  page: z.number().int(),
  perPage: z.number().int(),
  counts: z.strictObject({ all: z.number().int(), active: z.number().int(), discharged: z.number().int() }),
});

/** The live bed board: every active room, each bed with its status and occupant. */
export const ZBoardBed = z.strictObject({
  bed: z.number().int(),
  status: ZBedStatus,
  admissionId: ZObjectId.nullable(),
  patientId: ZObjectId.nullable(),
  /** Only for callers who may read patients. */
  patientName: z.string().nullable(),
  since: z.date().nullable(),
});
export const ZBoardRoom = z.strictObject({
  id: ZObjectId,
  name: z.string(),
  departmentId: ZObjectId.nullable(),
  departmentName: z.string().nullable(),
  bedCount: z.number().int(),
  beds: z.array(ZBoardBed),
});
export const ZRoomBoard = z.array(ZBoardRoom);
export type TBoardRoom = z.infer<typeof ZBoardRoom>;
