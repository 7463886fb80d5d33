import { randomBytes } from 'node:crypto';
import { model, Schema, type Types } from 'mongoose';
import { ObjectIdType, op } from '../../db/schema.ts';
import { AppError, isDuplicateKeyError } from '../../errors.ts';
import { Admission } from './model.ts';

/*
 * Beds and patients are held by claim documents whose _id is the thing held.
 * FerretDB updates are not isolated, but an insert against a unique index is
 * atomic on every server we run on, so "two active admissions in one bed" and
 * "one patient admitted twice" are each one duplicate-key error away, whatever
 * the timing. An admission's own writes (transfer, discharge, edits) take a
 * per-admission lock, itself an insert-only document, so they never interleave.
 */

export interface BedClaimDoc {
  /** "<roomId>:<bed>" */
  _id: string;
  roomId: Types.ObjectId;
  bed: number;
  admissionId: Types.ObjectId;
  patientId: Types.ObjectId;
  at: Date;
}

export interface PatientClaimDoc {
  /** The patient's id. */
  _id: Types.ObjectId;
  admissionId: Types.ObjectId;
  at: Date;
}

interface AdmissionLockDoc {
  /** The admission's id. */
  _id: Types.ObjectId;
  token: string;
  at: Date;
}

const bedClaimSchema = new Schema<BedClaimDoc>(
  {
    _id: { type: String, required: true },
    roomId: { type: ObjectIdType, required: true },
    bed: { type: Number, required: true },
    admissionId: { type: ObjectIdType, required: true },
    patientId: { type: ObjectIdType, required: true },
    at: { type: Date, required: true },
  },
  { collection: 'bed_claims', versionKey: false, strict: 'throw' },
);
bedClaimSchema.index({ roomId: 1, bed: 1 });
bedClaimSchema.index({ admissionId: 1 });
export const BedClaim = model<BedClaimDoc>('BedClaim', bedClaimSchema);

const patientClaimSchema = new Schema<PatientClaimDoc>(
  {
    _id: { type: ObjectIdType, required: true },
    admissionId: { type: ObjectIdType, required: true },
    at: { type: Date, required: true },
  },
  { collection: 'patient_claims', versionKey: false, strict: 'throw' },
);
patientClaimSchema.index({ admissionId: 1 });
export const PatientClaim = model<PatientClaimDoc>('PatientClaim', patientClaimSchema);

const lockSchema = new Schema<AdmissionLockDoc>(
  {
    _id: { type: ObjectIdType, required: true },
    token: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { collection: 'admission_locks', versionKey: false, strict: 'throw' },
);
export const AdmissionLock = model<AdmissionLockDoc>('AdmissionLock', lockSchema);

export const bedKey = (roomId: Types.ObjectId | string, bed: number) => `${String(roomId)}:${bed}`;

/** Claims younger than this may belong to an admit or transfer still under way; repair leaves them alone. */
export const CLAIM_GRACE_MS = 2 * 60_000;
/** A lock older than this belongs to a process that died; it may be taken over. */
const LOCK_STALE_MS = 60_000;

/** Takes the patient; false when someone else holds them. */
export async function claimPatient(patientId: Types.ObjectId, admissionId: Types.ObjectId): Promise<boolean> {
  try {
    await PatientClaim.create({ _id: patientId, admissionId, at: new Date() });
    return true;
  } catch (error) {
    if (isDuplicateKeyError(error)) return false;
    throw error;
  }
}

/** Takes the bed; false when it is held. */
export async function claimBed(
  roomId: Types.ObjectId,
  bed: number,
  admissionId: Types.ObjectId,
  patientId: Types.ObjectId,
): Promise<boolean> {
  try {
    await BedClaim.create({ _id: bedKey(roomId, bed), roomId, bed, admissionId, patientId, at: new Date() });
    return true;
  } catch (error) {
    if (isDuplicateKeyError(error)) return false;
    throw error;
  }
}

/** Releases only what this admission holds, never a later holder's claim. */
export async function releaseBed(roomId: Types.ObjectId, bed: number, admissionId: Types.ObjectId): Promise<void> {
  await BedClaim.deleteOne({ _id: bedKey(roomId, bed), admissionId });
}

export async function releasePatient(patientId: Types.ObjectId, admissionId: Types.ObjectId): Promise<void> {
  await PatientClaim.deleteOne({ _id: patientId, admissionId });
}

export async function bedHolder(roomId: Types.ObjectId | string, bed: number): Promise<BedClaimDoc | null> {
  return BedClaim.findById(bedKey(roomId, bed)).lean();
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function acquire(id: Types.ObjectId, token: string): Promise<boolean> {
  for (let attempt = 0; attempt < 8; attempt++) {
    try {
      await AdmissionLock.create({ _id: id, token, at: new Date() });
      return true;
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
    }
    const held = await AdmissionLock.findById(id).lean();
    if (held && Date.now() - held.at.getTime() > LOCK_STALE_MS) {
      // Its holder died mid-way; only the exact stale lock is removed.
      await AdmissionLock.deleteOne({ _id: id, token: held.token });
      continue;
    }
    await sleep(15 + Math.random() * 35);
  }
  return false;
}

/**
 * Runs `work` holding the locks of these admissions (all or none), so their
 * writes never interleave even though the server's updates are not isolated.
 */
export async function withAdmissionLocks<T>(ids: Types.ObjectId[], work: () => Promise<T>): Promise<T> {
  const token = randomBytes(12).toString('hex');
  const held: Types.ObjectId[] = [];
  try {
    for (const id of ids) {
      if (!(await acquire(id, token))) {
        throw new AppError('admission.busy', {});
      }
      held.push(id);
    }
    return await work();
  } finally {
    await AdmissionLock.deleteMany({ _id: op({ $in: held }), token }).catch(() => undefined);
  }
}

/**
 * Removes claims no active admission stands behind: left by a process that
 * died between a claim and its admission write, or by a compensation that
 * could not run. Young claims may belong to work under way and are kept.
 */
export async function repairClaims(now = new Date()) {
  const settled = new Date(now.getTime() - CLAIM_GRACE_MS);
  const [bedClaims, patientClaims] = await Promise.all([
    BedClaim.find({ at: op({ $lt: settled }) }).lean(),
    PatientClaim.find({ at: op({ $lt: settled }) }).lean(),
  ]);
  const admissionIds = [...new Set([...bedClaims, ...patientClaims].map((claim) => String(claim.admissionId)))];
  const admissions = admissionIds.length
    ? await Admission.find({ _id: op({ $in: admissionIds }) }, { status: 1, roomId: 1, bed: 1, patientId: 1 }).lean()
    : [];
  const byId = new Map(admissions.map((admission) => [String(admission._id), admission]));
  let beds = 0;
  let patients = 0;
  for (const claim of bedClaims) {
    const admission = byId.get(String(claim.admissionId));
    const backed = admission?.status === 'active' && bedKey(admission.roomId, admission.bed) === claim._id;
    if (!backed)
      beds += (await BedClaim.deleteOne({ _id: claim._id, admissionId: claim.admissionId, at: claim.at })).deletedCount;
  }
  for (const claim of patientClaims) {
    const admission = byId.get(String(claim.admissionId));
    const backed = admission?.status === 'active' && String(admission.patientId) === String(claim._id);
    if (!backed)
      patients += (await PatientClaim.deleteOne({ _id: claim._id, admissionId: claim.admissionId, at: claim.at }))
        .deletedCount;
  }
  const locks = (await AdmissionLock.deleteMany({ at: op({ $lt: new Date(now.getTime() - LOCK_STALE_MS) }) }))
    .deletedCount;
  return { bedClaims: beds, patientClaims: patients, locks };
}
