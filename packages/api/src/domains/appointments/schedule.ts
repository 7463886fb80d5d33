import {
  DEFAULT_SLOT_MINUTES,
  type TSchedule,
  type TScheduleAddBlockInput,
  type TScheduleBlock,
  type TScheduleSetWeeklyInput,
  type TWeeklyRule,
} from '@mas/shared';
import { Types } from 'mongoose';
import { TAKEN, withVersionClaim } from '../../crud/claims.ts';
import type { Call } from '../../core/call.ts';
import { oid, op } from '../../db/schema.ts';
import { AppError, isDuplicateKeyError } from '../../errors.ts';
import type { Env } from '../../env.ts';
import { recordAudit } from '../../core/audit.ts';
import { MedicalStaff } from '../medical-staff/model.ts';
import { claimDocs, releaseClaims, settle, takeClaims } from './claims.ts';
import { staffInfo } from './dto.ts';
import { Appointment, Schedule, ScheduleBlock, SlotClaim, type ScheduleBlockDoc } from './model.ts';
import { GRANULE_MS, hourSlots, wallClock } from './time.ts';

export interface EffectiveSchedule {
  timeZone: string;
  slotMinutes: number;
  rules: TWeeklyRule[];
  version: number;
  updatedAt: Date | null;
}

/** A staff member's weekly hours; before any are set: none (nothing can be booked), in the default zone. */
export async function scheduleOf(env: Env, staffId: Types.ObjectId | string): Promise<EffectiveSchedule> {
  const doc = await Schedule.findById(staffId).lean();
  return doc
    ? {
        timeZone: doc.timeZone,
        slotMinutes: doc.slotMinutes,
        rules: doc.rules,
        version: doc.version,
        updatedAt: doc.updatedAt,
      }
    : { timeZone: env.APPOINTMENT_TIMEZONE, slotMinutes: DEFAULT_SLOT_MINUTES, rules: [], version: 0, updatedAt: null };
}

/** The staff member themselves (their linked account) and Department Chiefs and up (medicalStaff.write). */
export async function canEditSchedule(call: Call, staffId: string): Promise<boolean> {
  const user = call.user;
  if (!user) return true;
  if (user.permissions.includes('medicalStaff.write')) return true;
  const staff = await MedicalStaff.findById(staffId, { userId: 1 }).lean();
  return !!staff && String(staff.userId) === user.id;
}

async function assertCanEdit(call: Call, staffId: string) {
  if (!(await canEditSchedule(call, staffId))) throw new AppError('schedule.notYours', {});
}

async function existingStaff(staffId: string) {
  const staff = await MedicalStaff.findById(staffId, { _id: 1, isActive: 1 }).lean();
  if (!staff) throw new AppError('record.notFound', { entity: 'medicalStaff' });
  return staff;
}

const toBlockDto = (doc: ScheduleBlockDoc): TScheduleBlock => ({
  id: String(doc._id),
  medicalStaffId: String(doc.medicalStaffId),
  start: doc.start,
  end: doc.end,
  reason: doc.reason,
  createdByUsername: doc.createdByUsername,
  createdAt: doc.createdAt,
});

export async function getSchedule(
  call: Call,
  input: { medicalStaffId: string; from?: Date | undefined; to?: Date | undefined },
): Promise<TSchedule> {
  await existingStaff(input.medicalStaffId);
  const from = input.from ?? new Date(Date.now() - 7 * 86_400_000);
  const blockFilter: Record<string, unknown> = {
    medicalStaffId: oid(input.medicalStaffId),
    state: 'active',
    end: op({ $gt: from }),
  };
  if (input.to) blockFilter.start = op({ $lt: input.to });
  const [schedule, info, blocks, canEdit] = await Promise.all([
    scheduleOf(call.deps.env, input.medicalStaffId),
    staffInfo([input.medicalStaffId]),
    ScheduleBlock.find(blockFilter).sort({ start: 1 }).limit(500).lean(),
    canEditSchedule(call, input.medicalStaffId),
  ]);
  const staff = info.get(input.medicalStaffId)!;
  return {
    medicalStaffId: input.medicalStaffId,
    medicalStaffName: staff.name,
    specialtyId: String(staff.specialtyId),
    specialtyName: staff.specialtyName,
    timeZone: schedule.timeZone,
    slotMinutes: schedule.slotMinutes,
    rules: schedule.rules.map(({ weekday, start, end }) => ({ weekday, start, end })),
    blocks: blocks.map(toBlockDto),
    canEdit,
    version: schedule.version,
    updatedAt: schedule.updatedAt,
  };
}

/**
 * Replaces the weekly hours. Appointments already booked stay as they are (changing hours does
 * not cancel anyone); new bookings follow the new hours.
 */
export async function setWeekly(call: Call, input: TScheduleSetWeeklyInput): Promise<TSchedule> {
  await assertCanEdit(call, input.medicalStaffId);
  await existingStaff(input.medicalStaffId);
  const fields = {
    timeZone: input.timeZone,
    slotMinutes: input.slotMinutes,
    rules: [...input.rules].sort((a, b) => a.weekday - b.weekday || a.start.localeCompare(b.start)),
    updatedAt: new Date(),
    updatedByUsername: call.actor.username,
  };
  const before = await Schedule.findById(input.medicalStaffId).lean();
  if (!before) {
    try {
      await Schedule.create({ _id: oid(input.medicalStaffId), ...fields, version: 1 });
    } catch (error) {
      if (isDuplicateKeyError(error)) throw new AppError('record.changed', {});
      throw error;
    }
  } else {
    const written = await withVersionClaim('schedules', before._id, before.version, () =>
      Schedule.findOneAndUpdate(
        { _id: before._id, version: before.version },
        { $set: fields, $inc: { version: 1 } },
        { returnDocument: 'after' },
      ).lean(),
    );
    if (written === TAKEN || !written) throw new AppError('record.changed', {});
  }
  await recordAudit(call.deps, call.actor, {
    action: 'update',
    entity: 'schedule',
    entityId: input.medicalStaffId,
    changes: [
      { field: 'timeZone', from: before?.timeZone ?? null, to: fields.timeZone },
      { field: 'slotMinutes', from: before?.slotMinutes ?? null, to: fields.slotMinutes },
      { field: 'rules', from: before?.rules ?? [], to: fields.rules },
    ].filter((change) => JSON.stringify(change.from) !== JSON.stringify(change.to)),
  });
  return getSchedule(call, { medicalStaffId: input.medicalStaffId });
}

/**
 * The granules of a block that fall in working hours: the only ones a booking can take, so the
 * only ones a block must hold against a racing booking (a whole month of leave stays a few
 * hundred claims). Bookings also check blocks by reading them.
 */
function blockGranules(schedule: EffectiveSchedule, start: Date, end: Date): number[] {
  const granules: number[] = [];
  for (const slot of hourSlots(schedule.rules, schedule.timeZone, start, end, 5, 5)) {
    granules.push(slot.start.getTime() / GRANULE_MS);
  }
  return granules;
}

/**
 * Leave or a meeting. Refused with CONFLICT when it overlaps a booked appointment: the block
 * takes the staff member's claims like a booking, so a block and a booking racing for the same
 * time cannot both win.
 */
export async function addBlock(call: Call, input: TScheduleAddBlockInput): Promise<TSchedule> {
  await assertCanEdit(call, input.medicalStaffId);
  const staff = await existingStaff(input.medicalStaffId);
  const schedule = await scheduleOf(call.deps.env, staff._id);
  const id = new Types.ObjectId();
  await ScheduleBlock.create({
    _id: id,
    medicalStaffId: staff._id,
    start: input.start,
    end: input.end,
    reason: input.reason,
    state: 'pending',
    createdByUsername: call.actor.username,
    createdAt: new Date(),
  });
  const docs = claimDocs(
    { staffId: staff._id, patientId: null, start: input.start, end: input.end },
    { ownerId: id, ownerKind: 'block' },
    blockGranules(schedule, input.start, input.end),
  );
  const collision = await takeClaims(docs);
  if (collision) {
    await ScheduleBlock.deleteOne({ _id: id, state: 'pending' });
    throw await blockConflict(collision.holder, schedule.timeZone);
  }
  if ((await settle(id, 'active')) !== 'active') {
    await releaseClaims(docs);
    throw new AppError('record.changed', {});
  }
  await ScheduleBlock.updateOne({ _id: id }, { $set: { state: 'active' } });
  await recordAudit(call.deps, call.actor, {
    action: 'create',
    entity: 'schedule',
    entityId: input.medicalStaffId,
    changes: [{ field: 'block', from: null, to: { id: String(id), start: input.start, end: input.end } }],
  });
  return getSchedule(call, { medicalStaffId: input.medicalStaffId });
}

async function blockConflict(
  holder: { ownerId: Types.ObjectId; ownerKind: string } | null,
  timeZone: string,
): Promise<AppError> {
  if (holder?.ownerKind === 'appointment') {
    const appointment = await Appointment.findById(holder.ownerId, { start: 1, end: 1, timeZone: 1 }).lean();
    if (appointment) {
      const zone = appointment.timeZone;
      return new AppError(
        'schedule.blockOverlapsAppointment',
        { from: wallClock(appointment.start, zone), to: wallClock(appointment.end, zone) },
        { start: 'field.taken' },
      );
    }
  }
  if (holder?.ownerKind === 'block') {
    const block = await ScheduleBlock.findById(holder.ownerId, { start: 1, end: 1 }).lean();
    if (block) {
      return new AppError(
        'schedule.blockOverlapsBlock',
        { from: wallClock(block.start, timeZone), to: wallClock(block.end, timeZone) },
        { start: 'field.taken' },
      );
    }
  }
  return new AppError('appointment.slotTaken', {}, { start: 'field.taken' });
}

export async function removeBlock(call: Call, input: { id: string }): Promise<TSchedule> {
  const block = await ScheduleBlock.findById(input.id).lean();
  if (!block || block.state !== 'active') throw new AppError('record.notFound', { entity: 'medicalStaff' });
  const staffId = String(block.medicalStaffId);
  await assertCanEdit(call, staffId);
  // Its claims first (by owner: the hours may have changed since it was added), then the block.
  await SlotClaim.deleteMany({ ownerId: block._id });
  await ScheduleBlock.deleteOne({ _id: block._id });
  await recordAudit(call.deps, call.actor, {
    action: 'delete',
    entity: 'schedule',
    entityId: staffId,
    changes: [{ field: 'block', from: { id: input.id, start: block.start, end: block.end }, to: null }],
  });
  return getSchedule(call, { medicalStaffId: staffId });
}

/** Whether an active block covers any of [start, end) (the read-side check; claims decide races). */
export async function blockAt(staffId: Types.ObjectId, start: Date, end: Date) {
  return ScheduleBlock.findOne(
    { medicalStaffId: staffId, state: 'active', start: op({ $lt: end }), end: op({ $gt: start }) },
    { start: 1, end: 1 },
  ).lean();
}
