import type {
  TAppointment,
  TAppointmentAction,
  TAppointmentCreateInput,
  TAppointmentRescheduleInput,
  TAuditAction,
  TFieldErrors,
} from '@mas/shared';
import { Types } from 'mongoose';
import { TAKEN, withReferencePins, withVersionClaim } from '../../crud/claims.ts';
import type { Call } from '../../core/call.ts';
import { normalizeKey, oid } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { publishChange } from '../../realtime/changes.ts';
import type { SessionUser } from '../../trpc.ts';
import { recordAudit } from '../../core/audit.ts';
import { MedicalStaff } from '../medical-staff/model.ts';
import { Patient } from '../patients/model.ts';
import { claimDocs, releaseClaims, settle, takeClaims, type Collision } from './claims.ts';
import { patientInfo, staffInfo, toAppointmentDtos } from './dto.ts';
import { Appointment, Schedule, ScheduleBlock, VISIBLE, type AppointmentDoc, type TransitionDoc } from './model.ts';
import { blockAt, scheduleOf } from './schedule.ts';
import { granulesOf, insideHours, MINUTE_MS, wallClock } from './time.ts';

/**
 * Who the caller books for: staff (whoever may read patients) book for anyone; everyone else
 * (the Patient role) only for the patient record linked to their own account.
 */
export type Scope = { kind: 'staff' } | { kind: 'patient'; patientId: string | null };

export async function scopeOf(user: SessionUser | null): Promise<Scope> {
  if (!user || user.permissions.includes('patient.read')) return { kind: 'staff' };
  const own = await Patient.findOne({ userId: oid(user.id) }, { _id: 1 }).lean();
  return { kind: 'patient', patientId: own ? String(own._id) : null };
}

/** Whether a scope may see an appointment of this patient. */
export const scopeSees = (scope: Scope, patientId: string) => scope.kind === 'staff' || scope.patientId === patientId;

export async function findAppointment(id: string, scope?: Scope): Promise<AppointmentDoc> {
  const doc = await Appointment.findById(id).lean();
  // Someone else's appointment reads as absent to a patient, exactly like an unknown id.
  if (!doc || !VISIBLE.includes(doc.status) || (scope && !scopeSees(scope, String(doc.patientId)))) {
    throw new AppError('record.notFound', { entity: 'appointment' });
  }
  return doc;
}

/** One appointment; reading it is a read of patient data, audited like a patient record's (HIPAA's "who saw this"). */
export async function getAppointment(call: Call, id: string): Promise<TAppointment> {
  const doc = await findAppointment(id, await scopeOf(call.user));
  const dto = (await toAppointmentDtos([doc]))[0]!;
  await recordAudit(call.deps, call.actor, { action: 'read', entity: 'appointment', entityId: id });
  return dto;
}

const transition = (
  call: Call,
  action: TAppointmentAction,
  extra: { reason?: string | null; start?: Date | null; end?: Date | null } = {},
): TransitionDoc => ({
  action,
  at: new Date(),
  byUsername: call.actor.username,
  byUserId: call.actor.id ? oid(call.actor.id) : null,
  reason: extra.reason ?? null,
  start: extra.start ?? null,
  end: extra.end ?? null,
});

/** The audit entry and the live event every change owes. */
async function announce(
  call: Call,
  action: TAuditAction,
  doc: AppointmentDoc,
  changes: Array<{ field: string; from: unknown; to: unknown }>,
): Promise<TAppointment> {
  const [dto] = await toAppointmentDtos([doc]);
  const id = String(doc._id);
  await recordAudit(call.deps, call.actor, { action, entity: 'appointment', entityId: id, changes });
  await publishChange(call.deps, 'appointment', action === 'book' ? 'created' : 'updated', id, dto);
  return dto!;
}

/** The CONFLICT a collision stands for: what the time is taken by, never another patient's name. */
async function conflictOf(collision: Collision, field = 'start'): Promise<AppError> {
  const fieldErrors: TFieldErrors = { [field]: 'field.taken' };
  const holder = collision.holder;
  if (holder?.ownerKind === 'block') {
    const block = await ScheduleBlock.findById(holder.ownerId).lean();
    if (block) {
      const staffId = block.medicalStaffId;
      const [staff, zone] = await Promise.all([staffInfo([String(staffId)]), zoneOf(staffId)]);
      return new AppError(
        'appointment.staffBlocked',
        {
          staff: staff.get(String(staffId))?.name ?? '—',
          from: wallClock(block.start, zone),
          to: wallClock(block.end, zone),
        },
        fieldErrors,
      );
    }
  }
  if (holder?.ownerKind === 'appointment') {
    const other = await Appointment.findById(holder.ownerId).lean();
    if (other) {
      const staff = (await staffInfo([String(other.medicalStaffId)])).get(String(other.medicalStaffId))?.name ?? '—';
      const params = {
        staff,
        from: wallClock(other.start, other.timeZone),
        to: wallClock(other.end, other.timeZone),
      };
      return holder.res === 'patient'
        ? new AppError('appointment.patientBusy', params, { patientId: 'field.taken', ...fieldErrors })
        : new AppError('appointment.staffBusy', params, fieldErrors);
    }
  }
  return new AppError('appointment.slotTaken', {}, fieldErrors);
}

/** The zone a staff member's schedule is read in. */
async function zoneOf(staffId: Types.ObjectId): Promise<string> {
  const doc = await Schedule.findById(staffId, { timeZone: 1 }).lean();
  return doc?.timeZone ?? 'UTC';
}

/** Hours, blocks and the clock: what a new time must satisfy before it is claimed. */
async function checkTime(call: Call, staffId: Types.ObjectId, staffName: string, start: Date, end: Date) {
  if (start.getTime() < Date.now()) throw new AppError('appointment.inPast', {}, { start: 'field.past' });
  const schedule = await scheduleOf(call.deps.env, staffId);
  if (!insideHours(start, end, schedule.rules, schedule.timeZone)) {
    throw new AppError('appointment.outsideHours', { staff: staffName }, { start: 'field.outsideHours' });
  }
  const block = await blockAt(staffId, start, end);
  if (block) {
    throw new AppError(
      'appointment.inBlock',
      {
        staff: staffName,
        from: wallClock(block.start, schedule.timeZone),
        to: wallClock(block.end, schedule.timeZone),
      },
      { start: 'field.blocked' },
    );
  }
  return schedule;
}

/**
 * Book: check the time, write the appointment as `pending`, take the staff member's and the
 * patient's claims for every granule (one ordered insert), then settle it as booked. A
 * collision gives the claims back and removes the pending document; a process that dies
 * midway leaves a pending appointment the repair job settles (claims freed, nothing orphaned).
 */
export async function createAppointment(call: Call, input: TAppointmentCreateInput): Promise<TAppointment> {
  const scope = await scopeOf(call.user);
  let patientKey = input.patientId;
  if (scope.kind === 'patient') {
    if (!scope.patientId) throw new AppError('appointment.noPatientRecord', {});
    if (patientKey !== undefined && scope.patientId !== patientKey) throw new AppError('appointment.notYours', {});
    patientKey = scope.patientId;
  }
  if (!patientKey) throw new AppError('request.invalidInput', {}, { patientId: 'field.required' });
  const [patients, staffMap] = await Promise.all([patientInfo([patientKey]), staffInfo([input.medicalStaffId])]);
  const patient = patients.get(patientKey);
  const staff = staffMap.get(input.medicalStaffId);
  if (!patient) throw new AppError('record.missing', { entity: 'patient' }, { patientId: 'field.notFound' });
  if (!patient.isActive) throw new AppError('record.inactive', { entity: 'patient' }, { patientId: 'field.inactive' });
  if (!staff) throw new AppError('record.missing', { entity: 'medicalStaff' }, { medicalStaffId: 'field.notFound' });
  if (!staff.isActive)
    throw new AppError('record.inactive', { entity: 'medicalStaff' }, { medicalStaffId: 'field.inactive' });

  const staffId = oid(input.medicalStaffId);
  const patientId = oid(patientKey);
  const start = input.start;
  const end = new Date(start.getTime() + input.durationMinutes * MINUTE_MS);
  const schedule = await checkTime(call, staffId, staff.name, start, end);

  const id = new Types.ObjectId();
  const docs = claimDocs({ staffId, patientId, start, end }, { ownerId: id, ownerKind: 'appointment' });
  const pins = [
    { model: Patient, ids: [patientId], field: 'patientId' },
    { model: MedicalStaff, ids: [staffId], field: 'medicalStaffId' },
  ];
  const booked = transition(call, 'booked', { reason: input.reason ?? null, start, end });
  await withReferencePins(pins, async () => {
    await Appointment.create({
      _id: id,
      status: 'pending',
      patientId,
      medicalStaffId: staffId,
      specialtyId: staff.specialtyId,
      start,
      end,
      durationMinutes: input.durationMinutes,
      timeZone: schedule.timeZone,
      reason: input.reason || null,
      notes: input.notes || null,
      cancelReason: null,
      history: [booked],
      searchText: normalizeKey(`${patient.name} ${staff.name}`),
      patientSort: normalizeKey(patient.name),
      staffSort: normalizeKey(staff.name),
    });
    const collision = await takeClaims(docs);
    if (collision) {
      await Appointment.deleteOne({ _id: id, status: 'pending' });
      throw await conflictOf(collision);
    }
  });
  // The repair job may have given up on this booking meanwhile (only after minutes); one of us settles it.
  if ((await settle(id, 'booked')) !== 'booked') {
    await releaseClaims(docs);
    throw new AppError('appointment.slotTaken', {}, { start: 'field.taken' });
  }
  const after = await Appointment.findOneAndUpdate(
    { _id: id, status: 'pending' },
    { $set: { status: 'booked' } },
    { returnDocument: 'after' },
  ).lean();
  if (!after) throw new AppError('appointment.changed', {});
  return announce(call, 'book', after, [
    { field: 'status', from: null, to: 'booked' },
    { field: 'start', from: null, to: start },
    { field: 'end', from: null, to: end },
  ]);
}

/** Runs a write on one appointment holding the claim on its next version (one of racing writers wins). */
async function versioned<T>(doc: AppointmentDoc, write: () => Promise<T | null>): Promise<T> {
  const result = await withVersionClaim('appointments', doc._id, doc.version, write);
  if (result === TAKEN) throw new AppError('appointment.busy', {});
  if (result === null) throw new AppError('appointment.changed', {});
  return result;
}

/** A patient changes their own bookings only until the notice period before the start. */
function assertNotice(call: Call, scope: Scope, start: Date) {
  if (scope.kind !== 'patient') return;
  const hours = call.deps.env.APPOINTMENT_CANCEL_NOTICE_HOURS;
  if (start.getTime() - Date.now() < hours * 3_600_000) throw new AppError('appointment.noticePassed', { hours });
}

/**
 * Move (or resize) a booking: claim the granules the new time adds (those it keeps are already
 * this appointment's), write the new time under the version claim, then give back the granules
 * it left. A collision or a lost race gives back what was added.
 */
export async function rescheduleAppointment(call: Call, input: TAppointmentRescheduleInput): Promise<TAppointment> {
  const scope = await scopeOf(call.user);
  const before = await findAppointment(input.id, scope);
  if (before.status !== 'booked') throw new AppError('appointment.closed', {});
  if (input.version !== undefined && input.version !== before.version) throw new AppError('appointment.changed', {});
  assertNotice(call, scope, before.start);
  const staff = (await staffInfo([String(before.medicalStaffId)])).get(String(before.medicalStaffId));
  const duration = input.durationMinutes ?? before.durationMinutes;
  const start = input.start;
  const end = new Date(start.getTime() + duration * MINUTE_MS);
  await checkTime(call, before.medicalStaffId, staff?.name ?? '—', start, end);

  const owner = { ownerId: before._id, ownerKind: 'appointment' as const };
  const spec = { staffId: before.medicalStaffId, patientId: before.patientId, start, end };
  const kept = new Set(granulesOf(before.start, before.end));
  const wanted = granulesOf(start, end);
  const added = claimDocs(
    spec,
    owner,
    wanted.filter((g) => !kept.has(g)),
  );
  const left = claimDocs(
    { ...spec, start: before.start, end: before.end },
    owner,
    [...kept].filter((g) => !wanted.includes(g)),
  );

  const after = await versioned(before, async () => {
    const collision = await takeClaims(added);
    if (collision) throw await conflictOf(collision);
    const written = await Appointment.findOneAndUpdate(
      { _id: before._id, version: before.version, status: 'booked' },
      {
        $set: {
          start,
          end,
          durationMinutes: duration,
          history: [...before.history, transition(call, 'rescheduled', { start, end })],
        },
        $inc: { version: 1 },
      },
      { returnDocument: 'after' },
    ).lean();
    if (!written) await releaseClaims(added);
    return written;
  });
  await releaseClaims(left);
  return announce(call, 'reschedule', after, [
    { field: 'start', from: before.start, to: after.start },
    { field: 'end', from: before.end, to: after.end },
  ]);
}

/** The claims an appointment holds (recomputed from its time: they depend on nothing else). */
const claimsOf = (doc: AppointmentDoc) =>
  claimDocs(
    { staffId: doc.medicalStaffId, patientId: doc.patientId, start: doc.start, end: doc.end },
    { ownerId: doc._id, ownerKind: 'appointment' },
  );

interface StatusChange {
  from: AppointmentDoc['status'];
  to: AppointmentDoc['status'];
  action: TAppointmentAction;
  audit: TAuditAction;
  reason?: string;
  /** Gives the time back (cancel, no-show). */
  release: boolean;
}

/** One status change under the version claim: of a cancel and a check-in racing, one wins. */
async function changeStatus(call: Call, before: AppointmentDoc, change: StatusChange): Promise<TAppointment> {
  if (before.status !== change.from) {
    if (change.to === 'completed' && before.status === 'booked') throw new AppError('appointment.notCheckedIn', {});
    throw new AppError('appointment.closed', {});
  }
  const after = await versioned(before, () =>
    Appointment.findOneAndUpdate(
      { _id: before._id, version: before.version, status: change.from },
      {
        $set: {
          status: change.to,
          history: [...before.history, transition(call, change.action, { reason: change.reason ?? null })],
          ...(change.to === 'cancelled' ? { cancelReason: change.reason ?? null } : {}),
        },
        $inc: { version: 1 },
      },
      { returnDocument: 'after' },
    ).lean(),
  );
  if (change.release) {
    // What cannot be given back now is left to the repair job (claims of a closed appointment).
    await releaseClaims(claimsOf(after)).catch((error: unknown) =>
      call.deps.logger.error({ err: (error as Error).message }, 'appointment claims not released; repair will'),
    );
  }
  return announce(call, change.audit, after, [{ field: 'status', from: change.from, to: change.to }]);
}

export async function cancelAppointment(call: Call, input: { id: string; reason: string }): Promise<TAppointment> {
  const scope = await scopeOf(call.user);
  const before = await findAppointment(input.id, scope);
  assertNotice(call, scope, before.start);
  return changeStatus(call, before, {
    from: 'booked',
    to: 'cancelled',
    action: 'cancelled',
    audit: 'cancel',
    reason: input.reason,
    release: true,
  });
}

/** Front-desk steps: never a patient's own. */
async function staffOnly(call: Call, id: string) {
  const scope = await scopeOf(call.user);
  const doc = await findAppointment(id, scope);
  if (scope.kind !== 'staff') throw new AppError('appointment.notYours', {});
  return doc;
}

export async function checkInAppointment(call: Call, input: { id: string }): Promise<TAppointment> {
  const before = await staffOnly(call, input.id);
  return changeStatus(call, before, {
    from: 'booked',
    to: 'checkedIn',
    action: 'checkedIn',
    audit: 'checkIn',
    release: false,
  });
}

export async function completeAppointment(call: Call, input: { id: string }): Promise<TAppointment> {
  const before = await staffOnly(call, input.id);
  return changeStatus(call, before, {
    from: 'checkedIn',
    to: 'completed',
    action: 'completed',
    audit: 'complete',
    release: false,
  });
}

/** The no-show job's step: a booking nobody checked in by its end plus the grace period. */
export async function markNoShow(call: Call, id: string): Promise<TAppointment | null> {
  const before = await Appointment.findById(id).lean();
  if (!before || before.status !== 'booked') return null;
  try {
    return await changeStatus(call, before, {
      from: 'booked',
      to: 'noShow',
      action: 'noShow',
      audit: 'noShow',
      release: true,
    });
  } catch (error) {
    // Checked in, cancelled or marked by a twin run meanwhile: nothing to do.
    if (error instanceof AppError && error.status === 'CONFLICT') return null;
    throw error;
  }
}
