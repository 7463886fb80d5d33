import type { Types } from 'mongoose';
import { isDuplicateKeyError } from '../../errors.ts';
import { AppointmentMarker, SlotClaim, type SlotClaimDoc } from './model.ts';
import { granulesOf } from './time.ts';

/*
 * Appointments and blocks hold time by claim documents whose `_id` is the resource and the
 * 5-minute granule ("staff:<id>:<g>", "patient:<id>:<g>"). Any two intervals that share a
 * minute share a granule, so every overlap is one duplicate-key error, decided by the database
 * whatever the timing (FerretDB's updates are not isolated; its unique inserts are). Claims are
 * inserted together, in one order (staff before patient, earliest first), so of many bookings
 * racing for one slot the first to take its first granule takes them all; a failure gives back
 * what this owner took (by `_id`, which FerretDB looks up directly, never by a scan).
 */

export const staffKey = (staffId: Types.ObjectId | string, granule: number) => `staff:${String(staffId)}:${granule}`;
export const patientKey = (patientId: Types.ObjectId | string, granule: number) =>
  `patient:${String(patientId)}:${granule}`;

export interface ClaimOwner {
  ownerId: Types.ObjectId;
  ownerKind: SlotClaimDoc['ownerKind'];
}

export interface ClaimSpec {
  staffId: Types.ObjectId;
  /** Null for a block (it holds only the staff member's time). */
  patientId: Types.ObjectId | null;
  start: Date;
  end: Date;
}

/** The claim documents of an interval, in the one order every writer inserts them. */
export function claimDocs(spec: ClaimSpec, owner: ClaimOwner, granules = granulesOf(spec.start, spec.end)) {
  const at = new Date();
  const docs: SlotClaimDoc[] = granules.map((g) => ({
    _id: staffKey(spec.staffId, g),
    res: 'staff',
    rid: spec.staffId,
    g,
    ...owner,
    at,
  }));
  if (spec.patientId) {
    const patientId = spec.patientId;
    docs.push(
      ...granules.map((g) => ({
        _id: patientKey(patientId, g),
        res: 'patient' as const,
        rid: patientId,
        g,
        ...owner,
        at,
      })),
    );
  }
  return docs;
}

/** The claim that stopped an insert: its key, and who holds it now (null if it was released meanwhile). */
export interface Collision {
  key: string;
  holder: SlotClaimDoc | null;
}

/** The index of the document that failed an ordered insertMany, if the server says. */
function failedIndex(error: unknown): number | null {
  const raw = (error as { writeErrors?: unknown }).writeErrors;
  const first = (Array.isArray(raw) ? raw[0] : raw) as { index?: number; err?: { index?: number } } | undefined;
  const index = first?.index ?? first?.err?.index;
  return typeof index === 'number' ? index : null;
}

/**
 * Inserts the claims in order; on a collision gives back those this owner inserted and
 * returns which key collided and its holder. Null when every claim was taken.
 */
export async function takeClaims(docs: SlotClaimDoc[]): Promise<Collision | null> {
  if (!docs.length) return null;
  try {
    await SlotClaim.insertMany(docs, { ordered: true, lean: true });
    return null;
  } catch (error) {
    if (!isDuplicateKeyError(error) && !hasDuplicate(error)) {
      await releaseClaims(docs).catch(() => undefined);
      throw error;
    }
    const ownerId = docs[0]!.ownerId;
    const index = failedIndex(error);
    const candidates = index !== null && docs[index] ? [docs[index]] : docs;
    let collision: Collision | null = null;
    for (const doc of candidates) {
      const holder = await SlotClaim.findById(doc._id).lean();
      if (holder && String(holder.ownerId) !== String(ownerId)) {
        collision = { key: doc._id, holder };
        break;
      }
    }
    await releaseClaims(docs);
    return collision ?? { key: candidates[0]!._id, holder: null };
  }
}

const hasDuplicate = (error: unknown) => {
  const raw = (error as { writeErrors?: unknown; code?: unknown }).writeErrors;
  const list = (Array.isArray(raw) ? raw : raw ? [raw] : []) as Array<{ code?: number; err?: { code?: number } }>;
  return (error as { code?: unknown }).code === 11000 || list.some((e) => (e.code ?? e.err?.code) === 11000);
};

/** Gives back this owner's claims among `docs` (by `_id`, never someone else's). */
export async function releaseClaims(docs: Array<Pick<SlotClaimDoc, '_id' | 'ownerId'>>): Promise<number> {
  let released = 0;
  const batch = 32;
  for (let index = 0; index < docs.length; index += batch) {
    const results = await Promise.all(
      docs.slice(index, index + batch).map((doc) => SlotClaim.deleteOne({ _id: doc._id, ownerId: doc.ownerId })),
    );
    released += results.reduce((sum, result) => sum + result.deletedCount, 0);
  }
  return released;
}

/** Which of these keys are held now, by `_id` point lookups, a few at a time. */
export async function heldKeys(keys: string[], concurrency = 32): Promise<Map<string, SlotClaimDoc>> {
  const held = new Map<string, SlotClaimDoc>();
  for (let index = 0; index < keys.length; index += concurrency) {
    const found = await Promise.all(
      keys.slice(index, index + concurrency).map((key) => SlotClaim.findById(key).lean()),
    );
    for (const claim of found) if (claim) held.set(claim._id, claim);
  }
  return held;
}

/**
 * Settles a pending booking or block once: the first to insert "settle:<id>" decides whether it
 * stands ('booked'/'active') or is given up ('abandoned'). Returns the outcome that stands.
 */
export async function settle(ownerId: Types.ObjectId, outcome: string): Promise<string> {
  const key = `settle:${String(ownerId)}`;
  try {
    await AppointmentMarker.create({ _id: key, outcome, at: new Date() });
    return outcome;
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
    const marker = await AppointmentMarker.findById(key).lean();
    return marker?.outcome ?? outcome;
  }
}

/** Inserts a one-time marker; false when it was already there (the work is done). */
export async function markOnce(key: string, outcome: string): Promise<boolean> {
  try {
    await AppointmentMarker.create({ _id: key, outcome, at: new Date() });
    return true;
  } catch (error) {
    if (isDuplicateKeyError(error)) return false;
    throw error;
  }
}
