import { model, Schema } from 'mongoose';
import { isDuplicateKeyError } from '../errors.ts';
import { firstFree as firstFreeNumber } from './first-free.ts';

/**
 * Posting lists: for each key (a filter value, such as `user:ana` or `action:delete`), the numbers
 * of the numbered entries (numbering.ts) that carry it, in the order they were written. One
 * document per posting, `_id` = `<key>#<k>` with k = 1, 2, … per key, so a key's k-th posting and
 * the length of its list are `_id` point lookups: the filtered views of a numbered collection stay
 * as cheap as its unfiltered one on FerretDB (which pushes down only `_id` equality), whatever the
 * size. Inserted under the next free k: a duplicate key means another writer took it, so the writer
 * takes the next (atomic on both servers). A list begins at its start (`_id` = the key; 1 when
 * absent): the postings before it were dropped with the entries they pointed to.
 *
 * A key's postings follow its entries' numbers in order, up to writers racing each other (an entry
 * numbered just before another may be posted just after it).
 */
interface PostingDoc {
  _id: string;
  /** The entry's number (a posting). */
  n?: number;
  /** The first k still kept (a key's start). */
  start?: number;
}

export interface Postings {
  /** Posts entry `n` under each key (after the entry was written). */
  add(keys: string[], n: number): Promise<void>;
  /** The key's list: k from `start` (included) to `end` (excluded). */
  range(key: string): Promise<{ start: number; end: number }>;
  /** The entry numbers at k = `from`, `from` + 1, … (null where missing). */
  numbers(key: string, from: number, count: number): Promise<Array<number | null>>;
  /** Drops the key's postings of entries numbered below `n`, from its start (after a purge). */
  dropBelow(key: string, n: number): Promise<number>;
  /** Bulk load (seed, benchmark, rebuild; no other writer at the same time): entries in number order. */
  load(entries: Array<{ n: number; keys: string[] }>): Promise<void>;
  /** Forgets where each list ends, as a new process would (tests). */
  forget(): void;
}

const BATCH = 8;
/** Keys whose end a process remembers (one per record it audited: bounded). */
const MAX_KEYS = 50_000;

export function postings(collection: string): Postings {
  const Posting = model<PostingDoc>(
    `Postings_${collection}`,
    new Schema<PostingDoc>(
      { _id: { type: String, required: true }, n: { type: Number }, start: { type: Number } },
      { collection, versionKey: false, strict: 'throw' },
    ),
  );
  const id = (key: string, k: number) => `${key}#${k}`;
  const exists = async (key: string, k: number) => (await Posting.exists({ _id: id(key, k) })) !== null;
  /**
   * The next k this process hands out per key (synchronously, so its own writers never collide). Only
   * a hint (a stale one costs a duplicate key and a look for the end), so it is cleared past MAX_KEYS.
   */
  const next = new Map<string, number>();

  const startOf = async (key: string) => (await Posting.findById(key, { start: 1 }).lean())?.start ?? 1;

  /** The first free k at or after `from` (taken ks are contiguous). */
  const firstFree = (key: string, from: number) => firstFreeNumber((k) => exists(key, k), from);

  async function end(key: string, start: number): Promise<number> {
    let from = Math.max(next.get(key) ?? 0, start);
    for (;;) {
      const free = await firstFree(key, from);
      // A hole (an insert that failed for another reason) must not hide the postings after it.
      const after = await Promise.all(Array.from({ length: BATCH }, (_, i) => exists(key, free + 1 + i)));
      const last = after.lastIndexOf(true);
      if (last < 0) {
        if (next.size > MAX_KEYS) next.clear();
        next.set(key, Math.max(next.get(key) ?? 0, free));
        return free;
      }
      from = free + 1 + last;
    }
  }

  async function post(key: string, n: number) {
    if (!next.has(key)) await end(key, await startOf(key));
    for (let attempt = 0; ; attempt++) {
      const k = next.get(key)!;
      next.set(key, k + 1);
      try {
        await Posting.create({ _id: id(key, k), n });
        return;
      } catch (error) {
        if (!isDuplicateKeyError(error) || attempt > 1000) throw error;
        next.set(key, Math.max(next.get(key)!, await firstFree(key, k + 1)));
      }
    }
  }

  /** One bulk write of `_id` point deletes (twice as fast as separate deletes on FerretDB; `$in` would scan). */
  async function deleteByIds(ids: string[]) {
    await Posting.bulkWrite(
      ids.map((_id) => ({ deleteOne: { filter: { _id } } })),
      { ordered: false },
    );
  }

  async function numbers(key: string, from: number, count: number) {
    const docs = await Promise.all(
      Array.from({ length: count }, (_, i) => Posting.findById(id(key, from + i), { n: 1 }).lean()),
    );
    return docs.map((doc) => doc?.n ?? null);
  }

  return {
    async add(keys, n) {
      await Promise.all(keys.map((key) => post(key, n)));
    },
    async range(key) {
      const start = await startOf(key);
      return { start, end: await end(key, start) };
    },
    numbers,
    async dropBelow(key, n) {
      const start = await startOf(key);
      let k = start;
      let dropped = 0;
      // A few at first (most lists lose a few postings a night), more while they keep going.
      for (let size = 2; ; size = Math.min(size * 4, 256)) {
        const batch = await numbers(key, k, size);
        // Up to the first posting of an entry kept; a missing one (a hole) goes too, unless nothing follows (the end).
        const stop = batch.findIndex((number) => number !== null && number >= n);
        const count = stop >= 0 ? stop : batch.findLastIndex((number) => number !== null) + 1;
        if (count) await deleteByIds(Array.from({ length: count }, (_, i) => id(key, k + i)));
        dropped += count;
        k += count;
        if (count < batch.length) break;
      }
      if (k > start) {
        try {
          await Posting.updateOne({ _id: key }, { $set: { start: k } }, { upsert: true });
        } catch (error) {
          if (!isDuplicateKeyError(error)) throw error;
          await Posting.updateOne({ _id: key }, { $set: { start: k } });
        }
      }
      return dropped;
    },
    async load(entries) {
      const byKey = new Map<string, number[]>();
      for (const { n, keys } of entries) {
        for (const key of keys) {
          const list = byKey.get(key) ?? [];
          list.push(n);
          byKey.set(key, list);
        }
      }
      const docs: PostingDoc[] = [];
      const keys = [...byKey.keys()];
      // Where each list ends: known from the previous batch, or looked up (many keys at once).
      for (let i = 0; i < keys.length; i += 64) {
        const ends = await Promise.all(
          keys.slice(i, i + 64).map(async (key) => next.get(key) ?? firstFree(key, await startOf(key))),
        );
        ends.forEach((first, j) => {
          const key = keys[i + j]!;
          const numbers = byKey.get(key)!;
          numbers.forEach((n, k) => docs.push({ _id: id(key, first + k), n }));
          next.set(key, first + numbers.length);
        });
      }
      for (let i = 0; i < docs.length; i += 5000) await Posting.insertMany(docs.slice(i, i + 5000), { lean: true });
    },
    forget() {
      next.clear();
    },
  };
}
