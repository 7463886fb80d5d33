import {
  BACKDATE_OVERRIDE_ROLES,
  codedLabel,
  MAX_BACKDATE_DAYS,
  type TAdmission,
  type TAuditAction,
  type TCodedLabel,
  type TNotificationType,
  type ZAdmissionCreateInput,
  type ZAdmissionUpdateInput,
} from '@mas/shared';
import { Types } from 'mongoose';
import type { z } from 'zod';
import { withReferencePins } from '../../crud/claims.ts';
import { checkedRefs } from '../../crud/query.ts';
import type { Call } from '../../core/call.ts';
import { oid, op } from '../../db/schema.ts';
import { findByIds } from '../../db/by-id.ts';
import { AppError, isDuplicateKeyError } from '../../errors.ts';
import { publishChange } from '../../realtime/changes.ts';
import type { AppDeps } from '../../trpc.ts';
import { diff, recordAudit } from '../../core/audit.ts';
import type { Actor } from '../../core/call.ts';
import { Diagnosis } from '../diagnoses/model.ts';
import { MedicalStaff } from '../medical-staff/model.ts';
import { notify } from '../notifications/service.ts';
import { Patient } from '../patients/model.ts';
import { patientNames } from '../patients/service.ts';
import { markCleaning } from '../rooms/beds.ts';
import { admissionKeys } from '../search-keys.ts';
import { Room, type RoomDoc } from '../rooms/model.ts';
import { bedHolder, claimBed, claimPatient, releaseBed, releasePatient, withAdmissionLocks } from './claims.ts';
import { DAY_MS, dayKey, wholeDays } from './dates.ts';
import { toAdmissionDtos } from './dto.ts';
import { Admission, ROW_PROJECTION, type AdmissionDoc } from './model.ts';
import { countAdmitted, countDeleted, countDischarged } from './tally.ts';
import { dayOf, dischargedOn, indexAdmissionDay } from './days.ts';

type AdmissionCreate = z.infer<typeof ZAdmissionCreateInput>;
type AdmissionUpdate = z.infer<typeof ZAdmissionUpdateInput>;

/** Clocks of clients and servers differ a little; more than this in the future is a mistake. */
const CLOCK_SKEW_MS = 5 * 60_000;

function assertNotFuture(date: Date, field: string) {
  if (date.getTime() > Date.now() + CLOCK_SKEW_MS) {
    throw new AppError('admission.dateFuture', {}, { [field]: 'field.future' });
  }
}

/**
 * Admissions are dated at most MAX_BACKDATE_DAYS back; further only by an Administrator (or
 * Superadmin) who gives a reason, which the audit trail keeps. Returns the audit change to add.
 */
function checkBackdate(call: Call, admittedAt: Date, reason: string | undefined) {
  if (admittedAt.getTime() >= Date.now() - MAX_BACKDATE_DAYS * DAY_MS) return [];
  const role = call.user?.roleName as (typeof BACKDATE_OVERRIDE_ROLES)[number] | undefined;
  if (!role || !BACKDATE_OVERRIDE_ROLES.includes(role)) {
    const forbidden = { code: 'admission.backdateForbidden', params: { days: MAX_BACKDATE_DAYS } } as const;
    throw AppError.of(forbidden, { admittedAt: forbidden });
  }
  if (!reason) {
    const needsReason = { code: 'admission.backdateNeedsReason', params: { days: MAX_BACKDATE_DAYS } } as const;
    throw AppError.of(needsReason, { backdateReason: needsReason });
  }
  return [{ field: 'backdateReason', from: null, to: reason }];
}

export async function findAdmission(id: string): Promise<AdmissionDoc> {
  const doc = await Admission.findById(id).lean();
  if (!doc) throw new AppError('record.notFound', { entity: 'admission' });
  return doc;
}

/** A bed that can take a patient: active room, a bed it has, not set aside by staff. */
async function checkedBed(roomId: string, bed: number): Promise<RoomDoc> {
  const room = await Room.findById(roomId).lean();
  if (!room) throw new AppError('record.missing', { entity: 'room' }, { roomId: 'field.notFound' });
  if (!room.isActive) throw new AppError('room.outOfUse', { room: room.name }, { roomId: 'field.inactive' });
  if (bed > room.bedCount) {
    throw new AppError('room.noSuchBed', { room: room.name, count: room.bedCount }, { bed: 'field.noSuchBed' });
  }
  const status = room.bedStates.find((state) => state.bed === bed)?.status;
  if (status === 'cleaning')
    throw new AppError('bed.cleaning', { room: room.name, bed }, { bed: 'field.beingCleaned' });
  if (status === 'outOfService')
    throw new AppError('bed.outOfService', { room: room.name, bed }, { bed: 'field.outOfService' });
  return room;
}

/** Diagnoses must exist; newly chosen ones must be active. */
async function checkedDiagnoses(ids: string[], kept: Types.ObjectId[] = []): Promise<Types.ObjectId[]> {
  const unique = [...new Set(ids)];
  await checkedRefs(Diagnosis, unique, { field: 'diagnosisIds', records: 'diagnosis', kept });
  return unique.map(oid);
}

const mayReadPatients = (call: Call) => call.user?.permissions.includes('patient.read') ?? false;

async function patientNameIfAllowed(call: Call, patientId: Types.ObjectId): Promise<string | null> {
  return mayReadPatients(call) ? ((await patientNames([patientId])).get(String(patientId)) ?? null) : null;
}

/** Names the occupant for those who may read patients. */
async function occupiedError(call: Call, room: RoomDoc, bed: number): Promise<AppError> {
  const holder = await bedHolder(room._id, bed);
  const name = holder ? await patientNameIfAllowed(call, holder.patientId) : null;
  const fieldErrors = { bed: 'field.occupied' } as const;
  return name
    ? new AppError('admission.bedOccupied', { room: room.name, bed, occupant: name }, fieldErrors)
    : new AppError('admission.bedTaken', { room: room.name, bed }, fieldErrors);
}

/** What the search box matches and the list sorts by (copies of the names the admission refers to). */
const keysOf = async (fields: Parameters<typeof admissionKeys>[0][number]) => (await admissionKeys([fields]))[0]!;

/**
 * Gives claims back (after a failed step, or once an admission moved or ended), last
 * taken first; what cannot be given back now is left to the repair job.
 */
async function compensate(deps: AppDeps, steps: Array<() => Promise<void>>) {
  for (const step of steps.reverse()) {
    try {
      await step();
    } catch (error) {
      deps.logger.error(
        { err: (error as Error).message },
        'claim compensation failed; the repair job will remove the claim',
      );
    }
  }
}

/** The bed as a composed label: the room's name now (kept as it was by the audit entry) and its id. */
async function bedLabel(roomId: Types.ObjectId, bed: number): Promise<TCodedLabel> {
  const room = await Room.findById(roomId, { name: 1 }).lean();
  return codedLabel('bed', { roomId: String(roomId), room: room?.name ?? '', bed });
}

/** The audit entry, the change event and the notifications every admission change owes. */
async function announce(
  deps: AppDeps,
  actor: Actor,
  action: TAuditAction,
  notification: TNotificationType,
  doc: AdmissionDoc,
  options: { dto?: TAdmission; changes?: ReturnType<typeof diff> } = {},
) {
  const coded = await bedLabel(doc.roomId, doc.bed);
  const id = String(doc._id);
  await recordAudit(deps, actor, {
    action,
    entity: 'admission',
    entityId: id,
    coded,
    ...(options.changes ? { changes: options.changes } : {}),
  });
  await publishChange(
    deps,
    'admission',
    notification === 'deleted' ? 'deleted' : notification === 'admitted' ? 'created' : 'updated',
    id,
    options.dto,
  );
  await notify(deps, actor, {
    permission: 'admission.read',
    type: notification,
    entity: 'admission',
    entityId: id,
    coded,
  });
}

/** Audit diffs say that the notes changed, never what they say; derived keys are left out. */
const DERIVED = new Set(['searchText', 'dupKey', 'patientSort', 'staffSort', 'roomSort', 'stayDays']);
const redacted = (changes: ReturnType<typeof diff>) =>
  changes
    .filter((change) => !DERIVED.has(change.field))
    .map((change) =>
      change.field === 'notes' ? { field: change.field, from: '[redacted]', to: '[redacted]' } : change,
    );

/**
 * Admit: check everything, then take the patient, then the bed, then write the
 * admission. Each take is an insert a unique key decides; if anything after a
 * take fails, what was taken is given back, so nothing half-written remains.
 */
export async function admit(call: Call, input: AdmissionCreate): Promise<TAdmission> {
  const { deps } = call;
  assertNotFuture(input.admittedAt, 'admittedAt');
  const backdated = checkBackdate(call, input.admittedAt, input.backdateReason);
  const [patient, staff, room, diagnosisIds] = await Promise.all([
    Patient.findById(input.patientId, { isActive: 1 }).lean(),
    MedicalStaff.findById(input.medicalStaffId, { isActive: 1 }).lean(),
    checkedBed(input.roomId, input.bed),
    checkedDiagnoses(input.diagnosisIds),
  ]);
  if (!patient) throw new AppError('record.missing', { entity: 'patient' }, { patientId: 'field.notFound' });
  if (!patient.isActive) throw new AppError('record.inactive', { entity: 'patient' }, { patientId: 'field.inactive' });
  if (!staff) throw new AppError('record.missing', { entity: 'medicalStaff' }, { medicalStaffId: 'field.notFound' });
  if (!staff.isActive)
    throw new AppError('record.inactive', { entity: 'medicalStaff' }, { medicalStaffId: 'field.inactive' });

  const id = new Types.ObjectId();
  const fields = {
    patientId: patient._id,
    medicalStaffId: staff._id,
    diagnosisIds,
    notes: input.notes ?? '',
  };
  const keys = await keysOf({ ...fields, roomId: room._id, admittedAt: input.admittedAt, dischargedAt: null });
  const undo: Array<() => Promise<void>> = [];
  let doc: AdmissionDoc;
  try {
    if (!(await claimPatient(patient._id, id))) {
      const name = await patientNameIfAllowed(call, patient._id);
      const fieldErrors = { patientId: 'field.alreadyAdmitted' } as const;
      throw name
        ? new AppError('admission.namedPatientAdmitted', { name }, fieldErrors)
        : new AppError('admission.patientAdmitted', {}, fieldErrors);
    }
    undo.push(() => releasePatient(patient._id, id));
    if (!(await claimBed(room._id, input.bed, id, patient._id))) throw await occupiedError(call, room, input.bed);
    undo.push(() => releaseBed(room._id, input.bed, id));
    // Pinned, so that none of them is deleted under the new admission.
    const pins = [
      { model: Patient, ids: [patient._id], field: 'patientId' },
      { model: MedicalStaff, ids: [staff._id], field: 'medicalStaffId' },
      { model: Room, ids: [room._id], field: 'roomId' },
      { model: Diagnosis, ids: diagnosisIds, field: 'diagnosisIds' },
    ];
    const created = await withReferencePins(pins, () =>
      Admission.create({
        _id: id,
        ...fields,
        status: 'active',
        roomId: room._id,
        bed: input.bed,
        expectedDays: input.expectedDays ?? null,
        isSurgical: input.isSurgical ?? false,
        isUrgent: input.isUrgent ?? false,
        admittedAt: input.admittedAt,
        dischargedAt: null,
        transfers: [],
        dupKey: `${String(patient._id)}:${String(staff._id)}:${dayKey(input.admittedAt, deps.env.JOBS_TIMEZONE)}`,
        ...keys,
      }),
    );
    doc = created.toObject() as AdmissionDoc;
  } catch (error) {
    await compensate(deps, undo);
    if (isDuplicateKeyError(error))
      throw new AppError('admission.duplicate', {}, { admittedAt: 'admission.duplicate' });
    throw error;
  }
  await Promise.all([countAdmitted(), indexAdmissionDay(doc._id, doc.admittedAt, 1)]);
  const [dto] = await toAdmissionDtos([doc]);
  await announce(deps, call.actor, 'admit', 'admitted', doc, {
    dto: dto!,
    ...(backdated.length ? { changes: backdated } : {}),
  });
  return dto!;
}

/** Transfer: take the new bed first, then move the admission, then give the old bed back (to be cleaned). */
export async function transfer(call: Call, input: { id: string; roomId: string; bed: number }): Promise<TAdmission> {
  const { deps, actor } = call;
  const { before, after } = await withAdmissionLocks([oid(input.id)], async () => {
    const before = await findAdmission(input.id);
    if (before.status !== 'active') throw new AppError('admission.ended', {});
    if (String(before.roomId) === input.roomId && before.bed === input.bed) {
      throw new AppError('admission.sameBed', {}, { bed: 'field.sameBed' });
    }
    const room = await checkedBed(input.roomId, input.bed);
    if (!(await claimBed(room._id, input.bed, before._id, before.patientId)))
      throw await occupiedError(call, room, input.bed);
    let after: AdmissionDoc | null;
    try {
      const entry = {
        at: new Date(),
        fromRoomId: before.roomId,
        fromBed: before.bed,
        toRoomId: room._id,
        toBed: input.bed,
        byUsername: actor.username,
      };
      const pins = [{ model: Room, ids: [room._id], field: 'roomId' }];
      const { searchText, roomSort } = await keysOf({ ...before, roomId: room._id });
      const moved = { roomId: room._id, bed: input.bed, transfers: [...before.transfers, entry], searchText, roomSort };
      after = await withReferencePins(pins, () =>
        Admission.findOneAndUpdate(
          { _id: before._id, version: before.version, status: 'active' },
          { $set: moved, $inc: { version: 1 } },
          { returnDocument: 'after' },
        ).lean(),
      );
      if (!after) throw new AppError('admission.changed', {});
    } catch (error) {
      await compensate(deps, [() => releaseBed(room._id, input.bed, before._id)]);
      throw error;
    }
    await markCleaning(deps, before.roomId, before.bed);
    await compensate(deps, [() => releaseBed(before.roomId, before.bed, before._id)]);
    return { before, after };
  });
  const [dto] = await toAdmissionDtos([after]);
  const changes = [
    { field: 'roomId', from: String(before.roomId), to: String(after.roomId) },
    { field: 'bed', from: before.bed, to: after.bed },
  ];
  await announce(deps, actor, 'transfer', 'transferred', after, { dto: dto!, changes });
  return dto!;
}

/** Discharge: end the admission, send the bed to cleaning, then give bed and patient back. */
export async function discharge(
  call: Call,
  input: { id: string; dischargedAt?: Date | undefined },
): Promise<TAdmission> {
  const { deps, actor } = call;
  const after = await withAdmissionLocks([oid(input.id)], async () => {
    const before = await findAdmission(input.id);
    if (before.status !== 'active') {
      throw before.dischargedAt
        ? new AppError('admission.alreadyDischargedOn', { date: before.dischargedAt.toISOString().slice(0, 10) })
        : new AppError('admission.alreadyDischarged', {});
    }
    const dischargedAt = input.dischargedAt ?? new Date();
    assertNotFuture(dischargedAt, 'dischargedAt');
    if (dischargedAt.getTime() < before.admittedAt.getTime()) {
      throw new AppError('admission.dischargeBeforeAdmission', {}, { dischargedAt: 'field.beforeAdmission' });
    }
    const after = await Admission.findOneAndUpdate(
      { _id: before._id, version: before.version, status: 'active' },
      {
        $set: { status: 'discharged', dischargedAt, stayDays: wholeDays(before.admittedAt, dischargedAt) },
        $inc: { version: 1 },
      },
      { returnDocument: 'after' },
    ).lean();
    if (!after) throw new AppError('admission.changed', {});
    await Promise.all([countDischarged(), dischargedOn.add(after._id, dischargedAt, 1)]);
    // Cleaning first: an admit racing for the freed bed then finds it set aside.
    await markCleaning(deps, before.roomId, before.bed);
    await compensate(deps, [
      () => releasePatient(before.patientId, before._id),
      () => releaseBed(before.roomId, before.bed, before._id),
    ]);
    return after;
  });
  const [dto] = await toAdmissionDtos([after]);
  await announce(deps, actor, 'discharge', 'discharged', after, {
    dto: dto!,
    changes: [{ field: 'status', from: 'active', to: 'discharged' }],
  });
  return dto!;
}

/** Clinical corrections: diagnoses, notes, expected days, flags, admission time. */
export async function updateAdmission(call: Call, input: AdmissionUpdate): Promise<TAdmission> {
  const { deps, actor } = call;
  let backdated: ReturnType<typeof checkBackdate> = [];
  const { before, after } = await withAdmissionLocks([oid(input.id)], async () => {
    const before = await findAdmission(input.id);
    if (input.version !== undefined && input.version !== before.version) throw new AppError('admission.changed', {});
    const data = input.data;
    const fields: Partial<AdmissionDoc> = {};
    if (data.admittedAt !== undefined) {
      assertNotFuture(data.admittedAt, 'admittedAt');
      // Moving the date further back than the limit needs the same override as admitting.
      if (data.admittedAt.getTime() < before.admittedAt.getTime())
        backdated = checkBackdate(call, data.admittedAt, data.backdateReason);
      if (before.dischargedAt && data.admittedAt.getTime() > before.dischargedAt.getTime()) {
        throw new AppError('admission.admissionAfterDischarge', {}, { admittedAt: 'field.afterDischarge' });
      }
      fields.admittedAt = data.admittedAt;
      fields.dupKey = `${String(before.patientId)}:${String(before.medicalStaffId)}:${dayKey(data.admittedAt, deps.env.JOBS_TIMEZONE)}`;
    }
    if (data.diagnosisIds !== undefined)
      fields.diagnosisIds = await checkedDiagnoses(data.diagnosisIds, before.diagnosisIds);
    if (data.notes !== undefined) fields.notes = data.notes;
    if (data.expectedDays !== undefined) fields.expectedDays = data.expectedDays;
    if (data.isSurgical !== undefined) fields.isSurgical = data.isSurgical;
    if (data.isUrgent !== undefined) fields.isUrgent = data.isUrgent;
    if (fields.diagnosisIds || fields.notes !== undefined || fields.admittedAt)
      Object.assign(fields, await keysOf({ ...before, ...fields }));
    let after: AdmissionDoc | null;
    try {
      // Diagnoses newly added are pinned, so that none is deleted under the admission.
      const kept = new Set(before.diagnosisIds.map(String));
      const added = (fields.diagnosisIds ?? []).filter((diagnosisId) => !kept.has(String(diagnosisId)));
      const pins = [{ model: Diagnosis, ids: added, field: 'diagnosisIds' }];
      after = await withReferencePins(pins, () =>
        Admission.findOneAndUpdate(
          { _id: before._id, version: before.version },
          { $set: fields, $inc: { version: 1 } },
          { returnDocument: 'after' },
        ).lean(),
      );
    } catch (error) {
      if (isDuplicateKeyError(error))
        throw new AppError('admission.duplicate', {}, { admittedAt: 'admission.duplicate' });
      throw error;
    }
    if (!after) throw new AppError('admission.changed', {});
    if (dayOf(after.admittedAt) !== dayOf(before.admittedAt)) {
      await indexAdmissionDay(after._id, after.admittedAt, 1);
      await indexAdmissionDay(before._id, before.admittedAt, -1);
    }
    return { before, after };
  });
  const [dto] = await toAdmissionDtos([after]);
  await announce(deps, actor, 'update', 'updated', after, {
    dto: dto!,
    changes: [...redacted(diff({ ...before }, { ...after })), ...backdated],
  });
  return dto!;
}

/** Deleting is a correction (an admission recorded by mistake): all or nothing, and the beds are freed. */
export async function removeAdmissions(call: Call, ids: string[]): Promise<{ deleted: number }> {
  const { deps, actor } = call;
  const unique = [...new Set(ids)];
  const deleted = await withAdmissionLocks(unique.map(oid), async () => {
    const docs = await findByIds(Admission, unique);
    if (docs.length !== unique.length) throw new AppError('record.someGone', { records: 'admission' });
    await Admission.deleteMany({ _id: op({ $in: docs.map((doc) => doc._id) }) });
    await countDeleted(docs.map((doc) => doc.status));
    for (const doc of docs) {
      await indexAdmissionDay(doc._id, doc.admittedAt, -1);
      if (doc.dischargedAt) await dischargedOn.add(doc._id, doc.dischargedAt, -1);
    }
    for (const doc of docs.filter((d) => d.status === 'active')) {
      await compensate(deps, [
        () => releasePatient(doc.patientId, doc._id),
        () => releaseBed(doc.roomId, doc.bed, doc._id),
      ]);
    }
    return docs;
  });
  for (const doc of deleted) await announce(deps, actor, 'delete', 'deleted', doc, { changes: snapshotOf(doc) });
  return { deleted: deleted.length };
}

/**
 * What a deleted admission held, kept in its audit entry (field → null): the record is gone,
 * its clinical history must not be. Only audit readers (administrators) see it.
 */
function snapshotOf(doc: AdmissionDoc): ReturnType<typeof diff> {
  const plain = (value: unknown): unknown =>
    value instanceof Types.ObjectId ? String(value) : Array.isArray(value) ? value.map(plain) : value;
  const kept = {
    patientId: doc.patientId,
    medicalStaffId: doc.medicalStaffId,
    roomId: doc.roomId,
    bed: doc.bed,
    status: doc.status,
    admittedAt: doc.admittedAt,
    dischargedAt: doc.dischargedAt,
    diagnosisIds: doc.diagnosisIds,
    notes: doc.notes,
    expectedDays: doc.expectedDays,
    isSurgical: doc.isSurgical,
    isUrgent: doc.isUrgent,
    transfers: doc.transfers.map((entry) => ({
      ...entry,
      fromRoomId: String(entry.fromRoomId),
      toRoomId: String(entry.toRoomId),
    })),
  };
  return Object.entries(kept).map(([field, value]) => ({ field, from: plain(value) ?? null, to: null }));
}

/** One admission; reading it is audited like a read of the patient's record. */
export async function getAdmission(call: Call, id: string): Promise<TAdmission> {
  const doc = await findAdmission(id);
  const [dto] = await toAdmissionDtos([doc]);
  await recordAudit(call.deps, call.actor, {
    action: 'read',
    entity: 'admission',
    entityId: id,
    coded: await bedLabel(doc.roomId, doc.bed),
  });
  return dto!;
}

/** Current DTOs by id (for subscription replays). */
export async function loadAdmissions(ids: string[]): Promise<Map<string, TAdmission>> {
  const docs = await Admission.find({ _id: op({ $in: ids }) }, ROW_PROJECTION).lean();
  const dtos = await toAdmissionDtos(docs);
  return new Map(dtos.map((dto) => [dto.id, dto]));
}
