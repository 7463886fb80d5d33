import { Types } from 'mongoose';
import type { Call } from '../../core/call.ts';
import { op } from '../../db/schema.ts';
import type { AppDeps } from '../../trpc.ts';
import { SYSTEM_ACTOR } from '../../core/call.ts';
import { notifyUsers } from '../notifications/service.ts';
import { markOnce, releaseClaims, settle, claimDocs } from './claims.ts';
import { patientInfo, staffInfo } from './dto.ts';
import { Appointment, HOLDING, ScheduleBlock, SlotClaim } from './model.ts';
import { markNoShow } from './service.ts';
import { GRANULE_MS, wallClock } from './time.ts';

/*
 * The appointment jobs. Agenda's lock is not isolated on FerretDB, so a job may run twice at
 * once: each one decides its effects by unique inserts (a reminder marker per appointment and
 * time; the version claim of a status change; the settle marker of a pending booking).
 */

const systemCall = (deps: AppDeps): Call => ({ deps, actor: SYSTEM_ACTOR, user: null });

/** Sends the reminders of booked appointments starting within the lead time; each once. */
export async function sendReminders(deps: AppDeps, now = new Date()) {
  const lead = deps.env.APPOINTMENT_REMINDER_HOURS * 3_600_000;
  const due = await Appointment.find(
    { status: 'booked', start: op({ $gt: now, $lte: new Date(now.getTime() + lead) }) },
    { patientId: 1, medicalStaffId: 1, start: 1, timeZone: 1 },
  ).lean();
  if (!due.length) return { reminders: 0 };
  const [staff, patients] = await Promise.all([
    staffInfo(due.map((doc) => String(doc.medicalStaffId))),
    patientInfo(due.map((doc) => String(doc.patientId))),
  ]);
  let sent = 0;
  for (const doc of due) {
    // Keyed by the start too: a rescheduled appointment is reminded of its new time.
    if (!(await markOnce(`reminder:${String(doc._id)}:${doc.start.getTime()}`, 'sent'))) continue;
    const member = staff.get(String(doc.medicalStaffId));
    const patient = patients.get(String(doc.patientId));
    const recipients = [member?.userId, patient?.userId].filter((id): id is Types.ObjectId => !!id);
    await notifyUsers(deps, SYSTEM_ACTOR, recipients, {
      type: 'reminder',
      entity: 'appointment',
      entityId: String(doc._id),
      // No clinical content: who with and when (in the staff member's zone).
      label: `${member?.name ?? '—'} · ${wallClock(doc.start, doc.timeZone)}`,
    });
    sent++;
  }
  return { reminders: sent };
}

/** Marks booked appointments nobody checked in by their end plus the grace period. */
export async function markNoShows(deps: AppDeps, now = new Date()) {
  const grace = deps.env.APPOINTMENT_NO_SHOW_GRACE_MINUTES * 60_000;
  const overdue = await Appointment.find(
    { status: 'booked', end: op({ $lte: new Date(now.getTime() - grace) }) },
    { _id: 1 },
  ).lean();
  let marked = 0;
  for (const doc of overdue) if (await markNoShow(systemCall(deps), String(doc._id))) marked++;
  return { noShows: marked };
}

/** A booking or block still pending after this long belongs to a process that died. */
export const PENDING_GRACE_MS = 2 * 60_000;

/**
 * Settles what a dead process left: a pending booking is given up (its claims freed, the
 * appointment marked abandoned) unless its booking already settled it as booked, in which case
 * it is finished; the same for blocks. Then removes claims whose owner no longer holds its time
 * (cancelled, no-show, abandoned or gone) and claims of the past, which no booking can want.
 */
export async function repairAppointments(deps: AppDeps, now = new Date()) {
  const settled = new Date(now.getTime() - PENDING_GRACE_MS);
  let abandoned = 0;
  let finished = 0;
  const pending = await Appointment.find({ status: 'pending', createdAt: op({ $lt: settled }) }).lean();
  for (const doc of pending) {
    const outcome = await settle(doc._id, 'abandoned');
    if (outcome === 'booked') {
      const done = await Appointment.updateOne({ _id: doc._id, status: 'pending' }, { $set: { status: 'booked' } });
      finished += done.modifiedCount;
      continue;
    }
    await releaseClaims(
      claimDocs(
        { staffId: doc.medicalStaffId, patientId: doc.patientId, start: doc.start, end: doc.end },
        { ownerId: doc._id, ownerKind: 'appointment' },
      ),
    );
    abandoned += (await Appointment.updateOne({ _id: doc._id, status: 'pending' }, { $set: { status: 'abandoned' } }))
      .modifiedCount;
  }
  const pendingBlocks = await ScheduleBlock.find({ state: 'pending', createdAt: op({ $lt: settled }) }).lean();
  for (const block of pendingBlocks) {
    if ((await settle(block._id, 'abandoned')) === 'active') {
      await ScheduleBlock.updateOne({ _id: block._id }, { $set: { state: 'active' } });
      continue;
    }
    await SlotClaim.deleteMany({ ownerId: block._id });
    await ScheduleBlock.deleteOne({ _id: block._id, state: 'pending' });
  }

  // Claims whose owner does not hold its time any more (a release that failed midway).
  const claims = await SlotClaim.find({ at: op({ $lt: settled }) }, { ownerId: 1, ownerKind: 1 }).lean();
  const ownerIds = [...new Set(claims.map((claim) => String(claim.ownerId)))].map((id) => new Types.ObjectId(id));
  const [holding, blocks] = ownerIds.length
    ? await Promise.all([
        Appointment.find({ _id: op({ $in: ownerIds }), status: op({ $in: [...HOLDING] }) }, { _id: 1 }).lean(),
        ScheduleBlock.find({ _id: op({ $in: ownerIds }) }, { _id: 1 }).lean(),
      ])
    : [[], []];
  const alive = new Set([...holding, ...blocks].map((doc) => String(doc._id)));
  let orphans = 0;
  for (const claim of claims) {
    if (!alive.has(String(claim.ownerId)))
      orphans += (await SlotClaim.deleteOne({ _id: claim._id, ownerId: claim.ownerId })).deletedCount;
  }
  // Past granules cannot collide with a new booking (none is made in the past).
  const past = (await SlotClaim.deleteMany({ g: op({ $lt: Math.floor((now.getTime() - 86_400_000) / GRANULE_MS) }) }))
    .deletedCount;
  return { abandoned, finished, orphans, past };
}
