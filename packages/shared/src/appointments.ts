import { z } from 'zod';
import { ZObjectId, ZStamps, zListInput, zSafeText } from './common.ts';

/*
 * Specialty appointments (DESIGN.md §10.1): each staff member's weekly hours in an IANA time
 * zone, blocks (leave, meetings), and appointments that never overlap for a staff member or a
 * patient. Overlap is refused by the database: one claim document per resource and 5-minute
 * granule, so any two intervals that share a minute share a claim.
 */

/** The claim granule: starts and durations are multiples of it (it divides every UTC offset in use). */
export const GRANULE_MINUTES = 5;
export const MIN_APPOINTMENT_MINUTES = 5;
export const MAX_APPOINTMENT_MINUTES = 240;
/** The longest range `freeSlots` and the calendar ask for at once. */
export const MAX_APPOINTMENT_RANGE_DAYS = 62;
/** The longest block (leave) one call adds. */
export const MAX_BLOCK_DAYS = 62;
/** Slot lengths a schedule may offer (the picker's step). */
export const DEFAULT_SLOT_MINUTES = 20;

export const APPOINTMENT_STATUSES = ['booked', 'checkedIn', 'completed', 'cancelled', 'noShow'] as const;
export const ZAppointmentStatus = z.enum(APPOINTMENT_STATUSES);
export type TAppointmentStatus = z.infer<typeof ZAppointmentStatus>;

/** What happened to an appointment, in its history (who, when, why). */
export const APPOINTMENT_ACTIONS = ['booked', 'rescheduled', 'checkedIn', 'completed', 'cancelled', 'noShow'] as const;
export const ZAppointmentAction = z.enum(APPOINTMENT_ACTIONS);
export type TAppointmentAction = z.infer<typeof ZAppointmentAction>;

/** Whether `zone` is an IANA time zone this runtime knows (e.g. "Europe/Madrid"). */
export function isTimeZone(zone: string): boolean {
  if (!/^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)*$/.test(zone) && zone !== 'UTC') return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export const ZTimeZone = z.string().trim().max(64).refine(isTimeZone, 'validation.timeZone');

/** "HH:mm" on a 5-minute mark; "24:00" ends a day. */
export const ZTimeOfDay = z.string().regex(/^(([01]\d|2[0-3]):[0-5][05]|24:00)$/, 'validation.timeOfDay');
export type TTimeOfDay = z.infer<typeof ZTimeOfDay>;

/** Minutes since midnight of an "HH:mm". */
export const minutesOfDay = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));

/** A whole number of minutes on the granule, within the allowed lengths. */
export const ZDurationMinutes = z
  .number()
  .int()
  .min(MIN_APPOINTMENT_MINUTES)
  .max(MAX_APPOINTMENT_MINUTES)
  .refine((minutes) => minutes % GRANULE_MINUTES === 0, 'validation.multipleOf');

export const ZSlotMinutes = ZDurationMinutes;

/** An instant on a 5-minute mark (seconds and milliseconds zero). */
export const ZGranuleDate = z
  .date()
  .min(new Date('2000-01-01T00:00:00Z'), 'validation.tooOld')
  .max(new Date('2100-01-01T00:00:00Z'), 'validation.invalid')
  .refine((date) => date.getTime() % (GRANULE_MINUTES * 60_000) === 0, 'validation.multipleOf');

/** One interval of working hours on an ISO weekday (1 = Monday … 7 = Sunday), in the schedule's zone. */
export const ZWeeklyRule = z
  .strictObject({
    weekday: z.number().int().min(1).max(7),
    start: ZTimeOfDay,
    end: ZTimeOfDay,
  })
  .refine((rule) => minutesOfDay(rule.end) > minutesOfDay(rule.start), {
    message: 'validation.endAfterStart',
    path: ['end'],
  });
export type TWeeklyRule = z.infer<typeof ZWeeklyRule>;

/** Intervals of one weekday must not overlap (touching is fine: 09:00–13:00 and 13:00–17:00). */
function rulesOverlap(rules: readonly TWeeklyRule[]): boolean {
  const sorted = [...rules].sort((a, b) => a.weekday - b.weekday || minutesOfDay(a.start) - minutesOfDay(b.start));
  return sorted.some(
    (rule, index) =>
      index > 0 &&
      sorted[index - 1]!.weekday === rule.weekday &&
      minutesOfDay(sorted[index - 1]!.end) > minutesOfDay(rule.start),
  );
}

export const ZScheduleGetInput = z.strictObject({
  medicalStaffId: ZObjectId,
  /** Blocks ending after this instant (default: a week ago). */
  from: z.date().optional(),
  /** Blocks starting before this instant (default: no limit). */
  to: z.date().optional(),
});

export const ZScheduleSetWeeklyInput = z.strictObject({
  medicalStaffId: ZObjectId,
  timeZone: ZTimeZone,
  slotMinutes: ZSlotMinutes,
  rules: z
    .array(ZWeeklyRule)
    .max(70)
    .refine((rules) => !rulesOverlap(rules), 'validation.rulesOverlap'),
});
export type TScheduleSetWeeklyInput = z.infer<typeof ZScheduleSetWeeklyInput>;

export const ZScheduleAddBlockInput = z
  .strictObject({
    medicalStaffId: ZObjectId,
    start: ZGranuleDate,
    end: ZGranuleDate,
    reason: zSafeText(200),
  })
  .refine((block) => block.end.getTime() > block.start.getTime(), {
    message: 'validation.endAfterStart',
    path: ['end'],
  })
  .refine((block) => block.end.getTime() - block.start.getTime() <= MAX_BLOCK_DAYS * 86_400_000, {
    message: 'validation.rangeTooLong',
    path: ['end'],
  });
export type TScheduleAddBlockInput = z.infer<typeof ZScheduleAddBlockInput>;

export const ZScheduleBlock = z.strictObject({
  id: ZObjectId,
  medicalStaffId: ZObjectId,
  start: z.date(),
  end: z.date(),
  reason: z.string(),
  createdByUsername: z.string(),
  createdAt: z.date(),
});
export type TScheduleBlock = z.infer<typeof ZScheduleBlock>;

/** A staff member's schedule; one with no hours set yet has no rules (nothing can be booked). */
export const ZSchedule = z.strictObject({
  medicalStaffId: ZObjectId,
  medicalStaffName: z.string(),
  specialtyId: ZObjectId,
  specialtyName: z.string(),
  timeZone: z.string(),
  slotMinutes: z.number().int(),
  rules: z.array(ZWeeklyRule),
  blocks: z.array(ZScheduleBlock),
  /** Whether the caller may change it (the staff member, or a Department Chief and up). */
  canEdit: z.boolean(),
  version: z.number().int(),
  updatedAt: z.date().nullable(),
});
export type TSchedule = z.infer<typeof ZSchedule>;

/** One entry of an appointment's history. */
export const ZAppointmentTransition = z.strictObject({
  action: ZAppointmentAction,
  at: z.date(),
  byUsername: z.string(),
  reason: z.string().nullable(),
  /** For bookings and reschedules: the interval it was set to. */
  start: z.date().nullable(),
  end: z.date().nullable(),
});
export type TAppointmentTransition = z.infer<typeof ZAppointmentTransition>;

/** An appointment as every reader sees it, with the names the screens show. */
export const ZAppointment = ZStamps.extend({
  status: ZAppointmentStatus,
  patientId: ZObjectId,
  patientName: z.string(),
  medicalStaffId: ZObjectId,
  medicalStaffName: z.string(),
  specialtyId: ZObjectId,
  specialtyName: z.string(),
  start: z.date(),
  end: z.date(),
  durationMinutes: z.number().int(),
  /** The staff member's zone when it was booked (what "09:00" meant). */
  timeZone: z.string(),
  reason: z.string().nullable(),
  notes: z.string().nullable(),
  cancelReason: z.string().nullable(),
  history: z.array(ZAppointmentTransition),
});
export type TAppointment = z.infer<typeof ZAppointment>;

export const ZAppointmentReason = z.string().trim().max(500);

export const ZAppointmentCreateInput = z.strictObject({
  /** Staff callers name the patient; a Patient-role caller may leave it out (their own record is used). */
  patientId: ZObjectId.optional(),
  medicalStaffId: ZObjectId,
  start: ZGranuleDate,
  durationMinutes: ZDurationMinutes,
  reason: ZAppointmentReason.optional(),
  notes: z.string().trim().max(4000).optional(),
});
export type TAppointmentCreateInput = z.infer<typeof ZAppointmentCreateInput>;

export const ZAppointmentRescheduleInput = z.strictObject({
  id: ZObjectId,
  start: ZGranuleDate,
  /** Keeps the current length when left out. */
  durationMinutes: ZDurationMinutes.optional(),
  /** The version the caller saw; another gets CONFLICT. */
  version: z.number().int().optional(),
});
export type TAppointmentRescheduleInput = z.infer<typeof ZAppointmentRescheduleInput>;

export const ZAppointmentCancelInput = z.strictObject({
  id: ZObjectId,
  reason: zSafeText(500),
});
export const ZAppointmentIdInput = z.strictObject({ id: ZObjectId });

const maxRange = (range: { from: Date; to: Date }) =>
  range.to.getTime() - range.from.getTime() <= MAX_APPOINTMENT_RANGE_DAYS * 86_400_000;

export const ZFreeSlotsInput = z
  .strictObject({
    medicalStaffId: ZObjectId.optional(),
    specialtyId: ZObjectId.optional(),
    from: z.date(),
    to: z.date(),
    /** Length of the appointment to fit (default: each schedule's slot length). */
    durationMinutes: ZDurationMinutes.optional(),
    /** Most slots returned, earliest first. */
    limit: z.number().int().min(1).max(500).default(50),
  })
  .refine((input) => input.medicalStaffId || input.specialtyId, {
    message: 'validation.staffOrSpecialty',
    path: ['medicalStaffId'],
  })
  .refine((input) => input.to.getTime() > input.from.getTime(), { message: 'validation.notBeforeFrom', path: ['to'] })
  .refine(maxRange, { message: 'validation.rangeTooLong', path: ['to'] });
export type TFreeSlotsInput = z.input<typeof ZFreeSlotsInput>;

export const ZFreeSlot = z.strictObject({
  medicalStaffId: ZObjectId,
  medicalStaffName: z.string(),
  start: z.date(),
  end: z.date(),
});
export type TFreeSlot = z.infer<typeof ZFreeSlot>;
export const ZFreeSlots = z.array(ZFreeSlot);

export const APPOINTMENT_SORT_FIELDS = ['start', 'createdAt', 'updatedAt', 'patientName', 'medicalStaffName'] as const;
export const ZAppointmentStatusFilter = z.enum(['all', ...APPOINTMENT_STATUSES]);

/** The list shape, with the appointment's own status tabs and its filters (start within [from, to)). */
export const ZAppointmentListInput = z.strictObject({
  ...zListInput(APPOINTMENT_SORT_FIELDS).omit({ status: true }).shape,
  status: ZAppointmentStatusFilter.default('all'),
  from: z.date().optional(),
  to: z.date().optional(),
  medicalStaffId: ZObjectId.optional(),
  patientId: ZObjectId.optional(),
  specialtyId: ZObjectId.optional(),
});
export type TAppointmentListInput = z.input<typeof ZAppointmentListInput>;

export const ZAppointmentListOutput = z.strictObject({
  items: z.array(ZAppointment),
  total: z.number().int(),
  page: z.number().int(),
  perPage: z.number().int(),
  counts: z.strictObject({
    all: z.number().int(),
    booked: z.number().int(),
    checkedIn: z.number().int(),
    completed: z.number().int(),
    cancelled: z.number().int(),
    noShow: z.number().int(),
  }),
});

/**
 * Who may cancel: staff with `appointment.write`; a patient (a user who cannot read patients)
 * only their own, until this many hours before the start (APPOINTMENT_CANCEL_NOTICE_HOURS).
 */
export const DEFAULT_CANCEL_NOTICE_HOURS = 24;
