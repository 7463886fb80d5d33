import { z } from 'zod';
import { ZObjectId, ZStamps, zListInput } from './common.ts';
import { updateInputOf } from './catalogues.ts';

/** As in the original: graduation at least this many years ago. */
export const MIN_YEARS_SINCE_GRADUATION = 24;

/** The latest graduation date allowed today (same day and month, 24 years back, UTC). */
export function latestGraduationDate(now = new Date()): Date {
  const limit = new Date(now);
  limit.setUTCFullYear(limit.getUTCFullYear() - MIN_YEARS_SINCE_GRADUATION);
  return limit;
}

export const ZGraduationDate = z
  .date()
  .min(new Date('1900-01-01T00:00:00Z'), 'validation.tooOld')
  .refine((date) => date.getTime() <= latestGraduationDate().getTime(), 'validation.graduation');

export const ZMedicalStaffCreateInput = z.strictObject({
  userId: ZObjectId,
  specialtyId: ZObjectId,
  departmentId: ZObjectId,
  graduatedAt: ZGraduationDate,
});

/** The linked user account is fixed once the record exists. */
export const ZMedicalStaffUpdateInput = updateInputOf(ZMedicalStaffCreateInput.omit({ userId: true }));

export const ZMedicalStaff = ZStamps.extend({
  userId: ZObjectId,
  username: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  email: z.string(),
  specialtyId: ZObjectId,
  specialtyName: z.string(),
  departmentId: ZObjectId,
  departmentName: z.string(),
  graduatedAt: z.date(),
  /** Whole years since graduation, computed on read. */
  experienceYears: z.number().int(),
  isActive: z.boolean(),
});
export type TMedicalStaff = z.infer<typeof ZMedicalStaff>;

export const STAFF_SORT_FIELDS = ['name', 'graduatedAt', 'createdAt', 'updatedAt'] as const;
export const ZMedicalStaffListInput = zListInput(STAFF_SORT_FIELDS, {
  specialtyId: ZObjectId.optional(),
  departmentId: ZObjectId.optional(),
});
