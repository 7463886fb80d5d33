import { model, Schema, Types, type Model } from 'mongoose';
import { isDuplicateKeyError } from '../errors.ts';
import { firstFree as firstFreeNumber } from './first-free.ts';

/**
 * Contiguous numbers for the documents of an append-mostly collection, carried in their `_id`, so
 * that any page of the newest entries is 25 `_id` point lookups instead of a sort of the collection.
 *
 * Why: FerretDB 1.24 on SQLite pushes down only `_id` equality; a newest-first page of a 1,000,000-
 * entry audit trail decodes every entry (tens of seconds), while point lookups cost ~1.5 ms each
 * whatever the size. On MongoDB the `_id` index serves the same lookups.
 *
 * The `_id` is an ObjectId made from the number (`a` + 23 hex digits), so it stays a valid ObjectId
 * for every schema and client, sorts in number order, and tells numbered entries from driver-made
 * ones (older entries keep theirs and are reached by the ordinary query).
 *
 * An insert under a number already taken is a duplicate key (atomic on both servers), so the writer
 * takes the next one: numbers are never shared. The newest numbers are found by point lookups from
 * the last one this process saw, or from the floor, a number below which everything may have been
 * purged: a purge raises the floor first, so a purged number is never handed out again.
 */
interface FloorDoc {
  _id: string;
  floor: number;
  at: Date;
}
const Floor = model<FloorDoc>(
  'NumberingFloor',
  new Schema<FloorDoc>(
    {
      _id: { type: String, required: true },
      floor: { type: Number, required: true },
      at: { type: Date, required: true },
    },
    { collection: 'numbering', versionKey: false, strict: 'throw' },
  ),
);

const MARK = 'a';
const BATCH = 8;
/** Numbers past the newest found that inserts still on their way may hold (a busy server has several). */
const SLACK = 16;

export function numberedId(n: number): Types.ObjectId {
  return new Types.ObjectId(MARK + n.toString(16).padStart(23, '0'));
}

/** The number in a numbered `_id`; null for a driver-made ObjectId. */
export function numberOf(id: Types.ObjectId | string): number | null {
  const hex = String(id);
  return hex.startsWith(MARK) ? parseInt(hex.slice(1), 16) : null;
}

export interface Numbering<T> {
  /**
   * Inserts `doc` under the next free number. `taken` hears each number as this process takes it
   * (synchronously, in number order) and `dropped` each it gave up (another process had it, or the
   * insert failed): what follows numbers in order, the audit trail's postings, waits on them.
   */
  insert(
    doc: Omit<T, '_id'>,
    watch?: { taken(n: number): void; dropped(n: number): void },
  ): Promise<T & { _id: Types.ObjectId }>;
  /** One past the newest number (1 when there is none). */
  end(): Promise<number>;
  /**
   * Entries `skip`..`skip + limit - 1` counted from the newest, newest first; null when the range
   * reaches a number that is missing (purged, never numbered, or a rare hole), for the caller to
   * answer by its ordinary query.
   */
  newest(skip: number, limit: number): Promise<Array<T & { _id: Types.ObjectId }> | null>;
  /** Before deleting old entries: no number below the current end is handed out again. */
  raiseFloor(): Promise<void>;
  /** Forgets what this process saw, as a new process would (tests). */
  forget(): void;
}

export function numbering<T>(name: string, collection: Model<T>): Numbering<T> {
  /** The next number this process hands out (synchronously, so its own writers never collide). */
  let next = 0;
  const exists = async (n: number) => (await collection.exists({ _id: numberedId(n) })) !== null;

  /** The first free number at or after `from` (taken numbers are contiguous). */
  const firstFree = (from: number) => firstFreeNumber(exists, from);

  async function end(): Promise<number> {
    let from = next;
    if (!from) from = (await Floor.findById(name).lean())?.floor ?? 1;
    for (;;) {
      const free = await firstFree(from);
      // A hole (an insert that failed for another reason) must not hide the numbers after it.
      const after = await Promise.all(Array.from({ length: BATCH }, (_, i) => exists(free + 1 + i)));
      const last = after.lastIndexOf(true);
      if (last < 0) {
        next = Math.max(next, free);
        return free;
      }
      from = free + 1 + last;
    }
  }

  return {
    end,
    async insert(doc, watch) {
      if (!next) await end();
      for (let attempt = 0; ; attempt++) {
        const n = next++;
        watch?.taken(n);
        try {
          const created = await new collection({ ...doc, _id: numberedId(n) }).save();
          return created.toObject() as T & { _id: Types.ObjectId };
        } catch (error) {
          watch?.dropped(n);
          // Another process took it: look for the end again. Each retry starts past a number
          // taken, so it ends; the cap only guards against a server that reports duplicates falsely.
          if (!isDuplicateKeyError(error) || attempt > 1000) throw error;
          next = Math.max(next, await firstFree(n + 1));
        }
      }
    },
    async newest(skip, limit) {
      const top = (await end()) - 1 - skip;
      // On the first page, a few more than asked: the newest numbers may be taken by inserts still on
      // their way, which are not there to show yet. Deeper pages must be whole, or their rows would shift.
      const extra = skip === 0 ? SLACK : 0;
      const numbers = Array.from({ length: limit + extra }, (_, i) => top - i).filter((n) => n >= 1);
      const docs = await Promise.all(numbers.map((n) => collection.findById(numberedId(n)).lean()));
      const first = skip === 0 ? docs.findIndex((doc) => doc !== null) : 0;
      const page = first < 0 ? [] : docs.slice(first, first + limit);
      return page.length === limit && page.every((doc) => doc !== null)
        ? (page as Array<T & { _id: Types.ObjectId }>)
        : null;
    },
    async raiseFloor() {
      const floor = await end();
      try {
        await Floor.updateOne({ _id: name }, { $set: { floor, at: new Date() } }, { upsert: true });
      } catch (error) {
        // Two purges at once: both upserted; the document exists now.
        if (!isDuplicateKeyError(error)) throw error;
        await Floor.updateOne({ _id: name }, { $set: { floor, at: new Date() } });
      }
    },
    forget() {
      next = 0;
    },
  };
}
