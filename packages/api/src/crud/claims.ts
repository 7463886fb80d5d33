import { randomBytes } from 'node:crypto';
import { model, Schema, type Types } from 'mongoose';
import { op } from '../db/schema.ts';
import { AppError, isDuplicateKeyError } from '../errors.ts';

/*
 * On FerretDB an update is read-modify-write without isolation: several
 * `updateOne({ _id, version })` calls holding one version can all match and
 * all write. Inserts against a unique `_id` are atomic on every server, so
 * each write first inserts a claim on the record's next version
 * ("<collection>:<id>:v<next>"): of the writers holding one version, one gets
 * the claim and writes; the others are told CONFLICT. The claim is removed
 * once the write is done (the version filter then refuses late writers).
 *
 * Deleting races with adding a reference in the same way, so both sides write
 * first and look second: a deletion inserts a tombstone ("delete:<id>") and
 * then looks for pins and references; a write that adds a reference inserts a
 * pin on the target and then looks for tombstones and checks that the target
 * still exists. Whatever the timing, one of them sees the other.
 *
 * A process may die holding a claim, a tombstone or a pin: those older than
 * CLAIM_STALE_MS are ignored or taken over, and the repair job removes them.
 */

/** Writes hold their claim for milliseconds; one older than this belongs to a process that died. */
export const CLAIM_STALE_MS = 15_000;

interface RecordClaimDoc {
  /** "<collection>:<id>:v<next version>", "delete:<id>" or "guard:<name>". */
  _id: string;
  token: string;
  at: Date;
}

interface ReferencePinDoc {
  _id: Types.ObjectId;
  /** The id of the record a write is about to point at. */
  target: string;
  at: Date;
}

const claimSchema = new Schema<RecordClaimDoc>(
  {
    _id: { type: String, required: true },
    token: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { collection: 'record_claims', versionKey: false, strict: 'throw' },
);
claimSchema.index({ at: 1 });
export const RecordClaim = model<RecordClaimDoc>('RecordClaim', claimSchema);

const pinSchema = new Schema<ReferencePinDoc>(
  {
    target: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { collection: 'reference_pins', versionKey: false, strict: 'throw' },
);
pinSchema.index({ target: 1 });
pinSchema.index({ at: 1 });
export const ReferencePin = model<ReferencePinDoc>('ReferencePin', pinSchema);

const fresh = () => op({ $gt: new Date(Date.now() - CLAIM_STALE_MS) });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Inserts the claim; its token, or null while someone else holds it (a stale one is taken over). */
async function insertClaim(key: string): Promise<string | null> {
  const token = randomBytes(12).toString('hex');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await RecordClaim.create({ _id: key, token, at: new Date() });
      return token;
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
    }
    const held = await RecordClaim.findById(key).lean();
    if (held && Date.now() - held.at.getTime() <= CLAIM_STALE_MS) return null;
    // Its holder died mid-way: only that exact claim is removed, then this one tries again.
    if (held) await RecordClaim.deleteOne({ _id: key, token: held.token });
  }
  return null;
}

async function releaseClaim(key: string, token: string) {
  await RecordClaim.deleteOne({ _id: key, token }).catch(() => undefined);
}

/** What `withVersionClaim` returns when another writer holds the record's next version. */
export const TAKEN = Symbol('taken');

/**
 * Runs `write` (an update filtered on `version`) holding the claim on the record's
 * next version; TAKEN, without running it, when another writer holds that claim.
 */
export async function withVersionClaim<T>(
  collection: string,
  id: Types.ObjectId | string,
  version: number,
  write: () => Promise<T>,
): Promise<T | typeof TAKEN> {
  const key = `${collection}:${String(id)}:v${version + 1}`;
  const token = await insertClaim(key);
  if (!token) return TAKEN;
  try {
    return await write();
  } finally {
    await releaseClaim(key, token);
  }
}

/**
 * Runs `work` (checks, then the write) holding a lock shared by every change that can break
 * one invariant (e.g. "an active Superadmin remains"); waits a little for a holder to finish.
 */
export async function withGuard<T>(name: string, work: () => Promise<T>): Promise<T> {
  const key = `guard:${name}`;
  for (let attempt = 0; attempt < 40; attempt++) {
    const token = await insertClaim(key);
    if (token) {
      try {
        return await work();
      } finally {
        await releaseClaim(key, token);
      }
    }
    await sleep(20 + Math.random() * 30);
  }
  throw new AppError('record.changed', {});
}

const tombstone = (id: string) => `delete:${id}`;

/**
 * Runs `work` (reference checks, then the delete) holding tombstones on these records,
 * after making sure no write is about to point at one of them.
 */
export async function withDeletionClaims<T>(ids: string[], work: () => Promise<T>): Promise<T> {
  const held: Array<{ key: string; token: string }> = [];
  try {
    for (const id of new Set(ids)) {
      const token = await insertClaim(tombstone(id));
      if (!token) throw new AppError('record.beingDeleted', {});
      held.push({ key: tombstone(id), token });
    }
    if (await ReferencePin.exists({ target: op({ $in: ids }), at: fresh() })) {
      throw new AppError('record.beingUsed', {});
    }
    return await work();
  } finally {
    for (const { key, token } of held) await releaseClaim(key, token);
  }
}

/** Records a write is about to point at, from one field. */
export interface PinTarget {
  /** The target's model (only counted in). */
  model: { countDocuments(filter: never): PromiseLike<number> };
  ids: Array<Types.ObjectId | string>;
  /** The input field, for the field error. */
  field: string;
}

/**
 * Runs `write` with pins on the records it makes it point at; refuses when one of them
 * is being deleted or is gone, so no reference is ever left dangling.
 */
export async function withReferencePins<T>(targets: PinTarget[], write: () => Promise<T>): Promise<T> {
  const ids = [...new Set(targets.flatMap((target) => target.ids.map(String)))];
  if (!ids.length) return write();
  const pins = await ReferencePin.insertMany(ids.map((target) => ({ target, at: new Date() })));
  try {
    const deleting = await RecordClaim.findOne({ _id: op({ $in: ids.map(tombstone) }), at: fresh() }).lean();
    for (const target of targets) {
      const wanted = [...new Set(target.ids.map(String))];
      const gone =
        (deleting && wanted.some((id) => tombstone(id) === deleting._id)) ||
        (await target.model.countDocuments({ _id: op({ $in: wanted }) } as never)) !== wanted.length;
      if (gone) {
        throw new AppError('record.choiceGone', {}, { [target.field]: 'record.choiceGone' });
      }
    }
    return await write();
  } finally {
    await ReferencePin.deleteMany({ _id: op({ $in: pins.map((pin) => pin._id) }) }).catch(() => undefined);
  }
}

/** Removes claims, tombstones and pins left by processes that died holding them. */
export async function repairRecordClaims(now = new Date()) {
  const settled = op({ $lt: new Date(now.getTime() - CLAIM_STALE_MS) });
  const [claims, pins] = await Promise.all([
    RecordClaim.deleteMany({ at: settled }),
    ReferencePin.deleteMany({ at: settled }),
  ]);
  return { recordClaims: claims.deletedCount, referencePins: pins.deletedCount };
}
