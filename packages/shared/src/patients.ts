import { z } from 'zod';
import { ZObjectId, ZStamps, zListInput } from './common.ts';
import { updateInputOf } from './catalogues.ts';

/** Dates of people are calendar dates sent as Date; none before 1900. */
const EARLIEST = new Date('1900-01-01T00:00:00Z');

export const ZBirthDate = z
  .date()
  .min(EARLIEST, 'validation.tooOld')
  .refine((date) => date.getTime() <= Date.now(), 'validation.birthFuture');

export const ZPatientCreateInput = z.strictObject({
  userId: ZObjectId,
  birthDate: ZBirthDate,
  /** "None" (the seeded disability) stands alone; an empty list means not recorded. */
  disabilityIds: z.array(ZObjectId).max(20),
});

/** The linked user account is fixed once the record exists. */
export const ZPatientUpdateInput = updateInputOf(ZPatientCreateInput.omit({ userId: true }));

export const ZNamedRef = z.strictObject({ id: ZObjectId, name: z.string() });

export const ZPatient = ZStamps.extend({
  userId: ZObjectId,
  username: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  email: z.string(),
  birthDate: z.date(),
  /** Whole years, computed on read. */
  age: z.number().int(),
  disabilityIds: z.array(ZObjectId),
  disabilities: z.array(ZNamedRef),
  isActive: z.boolean(),
});
export type TPatient = z.infer<typeof ZPatient>;

export const PATIENT_SORT_FIELDS = ['name', 'birthDate', 'createdAt', 'updatedAt'] as const;
export const ZPatientListInput = zListInput(PATIENT_SORT_FIELDS, {
  disabilityId: ZObjectId.optional(),
  /** Born on or after / before (FHIR's birthdate search). */
  bornFrom: z.date().optional(),
  bornBefore: z.date().optional(),
});

/** Users a new patient or staff record may link to (the form's picker). */
export const ZEligibleUsersInput = z.strictObject({
  search: z.string().trim().max(100).optional(),
  limit: z.number().int().min(1).max(50).default(20),
});
export const ZEligibleUser = z.strictObject({
  id: ZObjectId,
  username: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  email: z.string(),
});
export type TEligibleUser = z.infer<typeof ZEligibleUser>;
