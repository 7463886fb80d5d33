import { model, Schema } from 'mongoose';
import { isDuplicateKeyError } from '../errors.ts';
import { firstFree as firstFreeNumber } from './first-free.ts';
import { op } from './schema.ts';

/**
 * Counts kept up to date on every change, read by `_id` point lookups (tab counts, dashboard
 * figures), so no screen recounts a collection by scanning it.
 *
 * Why not `$inc` on one document: FerretDB applies an update as read-modify-write without
 * isolation, and 200 parallel `$inc` of one counter there left it at 3 (measured, 2026-12-01).
 * So every change appends a delta document whose `_id` is the tally's key and the next number
 * (`admissions#41`): an insert with a unique `_id` is atomic on both servers, and a number already
 * taken is a duplicate key, so the writer takes the next one. Deltas are contiguous from 1.
 * A snapshot (`_id` = the key) holds the totals up to a number; a read loads the snapshot and the
 * deltas after it, by `_id`, until the first missing number, and writes a newer snapshot when it
 * read many. Snapshots are whole-document writes of a consistent pair (number, totals), so a
 * racing reader can only leave an older but still correct one.
 *
 * A tally that has no snapshot yet is counted once from its collection (a scan). The repair job
 * recounts every tally (drift from a write whose delta was lost in a crash) and drops old deltas.
 */
export type Totals = Record<string, number>;

interface TallyDoc {
  _id: string;
  /** Snapshot: totals of deltas 1..upTo (and of the count it started from). */
  upTo?: number;
  totals?: Totals;
  /** Delta. */
  d?: Totals;
  at: Date;
}

const schema = new Schema<TallyDoc>(
  {
    _id: { type: String, required: true },
    upTo: { type: Number },
    totals: { type: Schema.Types.Mixed },
    d: { type: Schema.Types.Mixed },
    at: { type: Date, required: true },
  },
  { collection: 'tallies', versionKey: false, strict: 'throw', minimize: false },
);
export const Tally = model<TallyDoc>('Tally', schema);

/** How a tally is recounted from its collection: by key prefix (`notifications:<userId>` → `notifications`). */
const counters = new Map<string, (arg: string) => Promise<Totals>>();

/** Tallies with one key (not one per user): counted at start when they have no snapshot yet. */
const globalKeys = new Set<string>();

/**
 * Per-key tallies (one per user) counted all at once by one grouping, so that a key without a
 * snapshot means "nothing before its deltas" instead of a recount: by prefix.
 */
const groupCounters = new Map<string, () => Promise<Map<string, Totals>>>();

/**
 * Prefixes whose totals are only read as present (> 0) or absent (an index of ids, not a count):
 * a recount may fold a delta in twice, so it never leaves one out.
 */
const presencePrefixes = new Set<string>();

export function defineTally(
  prefix: string,
  count: (arg: string) => Promise<Totals>,
  options: { global?: boolean; countAll?: () => Promise<Map<string, Totals>>; presence?: boolean } = {},
) {
  counters.set(prefix, count);
  if (options.global) globalKeys.add(prefix);
  if (options.countAll) groupCounters.set(prefix, options.countAll);
  if (options.presence) presencePrefixes.add(prefix);
}

/** Keeps a tally of a defined prefix counted from start (e.g. `records:patient`). */
export function keepTally(key: string) {
  globalKeys.add(key);
}

function counterOf(key: string) {
  const colon = key.indexOf(':');
  const prefix = colon < 0 ? key : key.slice(0, colon);
  const count = counters.get(prefix);
  if (!count) throw new Error(`no tally defined for ${key}`);
  return () => count(colon < 0 ? '' : key.slice(colon + 1));
}

const deltaId = (key: string, seq: number) => `${key}#${seq}`;
const exists = async (key: string, seq: number) => (await Tally.exists({ _id: deltaId(key, seq) })) !== null;

/** The first delta number at or after `from` that is not taken (deltas are contiguous). */
const firstFree = (key: string, from: number) => firstFreeNumber((seq) => exists(key, seq), from);

/**
 * The next delta number of each tally in this process, handed out synchronously so that this
 * process's concurrent writers never ask for the same number; another process's writes only cost
 * a duplicate key and a new look for the end.
 */
const next = new Map<string, number>();

/** Forgets where each tally ends, as a new process would (tests). */
export function forgetTallyEnds() {
  next.clear();
}

async function allocate(key: string): Promise<number> {
  if (!next.has(key)) {
    const snapshot = await Tally.findById(key, { upTo: 1 }).lean();
    const end = await firstFree(key, (snapshot?.upTo ?? 0) + 1);
    if (!next.has(key)) next.set(key, end);
  }
  const seq = next.get(key)!;
  next.set(key, seq + 1);
  return seq;
}

const add = (into: Totals, delta: Totals | undefined) => {
  for (const [name, value] of Object.entries(delta ?? {})) into[name] = (into[name] ?? 0) + value;
  return into;
};

/** Records a change of a tally (after the write it counts succeeded). */
export async function addToTally(key: string, delta: Totals): Promise<void> {
  if (Object.values(delta).every((value) => value === 0)) return;
  for (let attempt = 0; ; attempt++) {
    const seq = await allocate(key);
    try {
      await Tally.create({ _id: deltaId(key, seq), d: delta, at: new Date() });
      // Every so often the writer folds the deltas into a snapshot, so that a tally written much
      // and read rarely (the audit total) never makes a reader walk thousands of deltas.
      if (seq % FOLD_EVERY === 0) void readTally(key).catch(() => {});
      return;
    } catch (error) {
      if (!isDuplicateKeyError(error) || attempt > 20) {
        // Leave no hole that would hide the deltas after it (a reader fills one too).
        await Tally.create({ _id: deltaId(key, seq), d: {}, at: new Date() }).catch(() => {});
        throw error;
      }
      const end = await firstFree(key, seq + 1);
      next.set(key, Math.max(next.get(key) ?? 0, end));
    }
  }
}

/** Deltas after which a writer has them folded into a snapshot. */
const FOLD_EVERY = 64;
/** Reads after which a reader writes a newer snapshot. */
const COMPACT_AFTER = 32;
const BATCH = 8;

/** Counts from the collection and stores them as the snapshot, past every delta written so far. */
/**
 * Writes a snapshot or marker, creating it if absent. Two processes that start together both
 * upsert it; the loser's insert is a duplicate key (on FerretDB and MongoDB alike), and the
 * document now exists, so it writes again as a plain update.
 */
async function upsert(id: string, set: Record<string, unknown>): Promise<void> {
  try {
    await Tally.updateOne({ _id: id }, { $set: set }, { upsert: true });
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
    await Tally.updateOne({ _id: id }, { $set: set });
  }
}

/** The first delta number not yet written (the snapshot covers the ones before it). */
async function endOf(key: string): Promise<number> {
  const snapshot = await Tally.findById(key, { upTo: 1 }).lean();
  return firstFree(key, (snapshot?.upTo ?? 0) + 1);
}

/**
 * Stores a count as the snapshot. The end is found before counting: a delta written meanwhile may
 * be counted twice (in the count and after the snapshot), never left out.
 */
async function recount(key: string, counted?: Totals, end?: number): Promise<Totals> {
  const upTo = (end ?? (await endOf(key))) - 1;
  const totals = counted ?? (await counterOf(key)());
  await upsert(key, { upTo, totals, at: new Date() });
  return totals;
}

const groupMarker = (prefix: string) => `${prefix}:*`;

/** Recounts every key of a grouped prefix with one grouping, and marks the prefix as counted. */
async function recountGroup(prefix: string): Promise<number> {
  // Ends first, then the count (see recount). A key the count finds without a snapshot has its end
  // found after the count, so a delta written in between would be left out; a presence index, which
  // may count one twice, takes all of that key's deltas instead.
  const snapshots = await Tally.find(
    { _id: op({ $regex: `^${prefix}:` }), upTo: op({ $exists: true }) },
    { _id: 1 },
  ).lean();
  const ends = new Map<string, number>();
  for (const { _id: key } of snapshots) if (key !== groupMarker(prefix)) ends.set(key, await endOf(key));
  const all = await groupCounters.get(prefix)!();
  const keys = new Set([...ends.keys(), ...[...all.keys()].map((arg) => `${prefix}:${arg}`)]);
  for (const key of keys) {
    const end = ends.get(key) ?? (presencePrefixes.has(prefix) ? 1 : undefined);
    await recount(key, all.get(key.slice(prefix.length + 1)) ?? {}, end);
  }
  await upsert(groupMarker(prefix), { at: new Date() });
  return keys.size;
}

/** The current totals: the snapshot and the deltas after it, all by `_id`. */
export async function readTally(key: string): Promise<Totals> {
  const snapshot = await Tally.findById(key).lean();
  // A grouped tally (counted at start for every key) without a snapshot holds only its deltas.
  if (!snapshot && !groupCounters.has(key.slice(0, key.indexOf(':')))) return recount(key);
  const totals = add({}, snapshot?.totals);
  let seq = snapshot?.upTo ?? 0;
  let read = 0;
  for (;;) {
    const ids = Array.from({ length: BATCH }, (_, i) => deltaId(key, seq + 1 + i));
    const batch = await Promise.all(ids.map((id) => Tally.findById(id, { d: 1 }).lean()));
    const last = batch.findLastIndex((doc) => doc !== null);
    // A number skipped with deltas after it (a writer that died between taking it and writing):
    // fill it with an empty delta; a writer still on its way gets a duplicate key and writes anew.
    for (let i = 0; i < last; i++) {
      if (batch[i]) continue;
      await Tally.create({ _id: ids[i], d: {}, at: new Date() }).catch(() => {});
      batch[i] = await Tally.findById(ids[i], { d: 1 }).lean();
    }
    const present = last + 1;
    for (const doc of batch.slice(0, present)) add(totals, doc!.d);
    seq += present;
    read += present;
    if (present < BATCH) break;
  }
  if (read >= COMPACT_AFTER) {
    await Tally.updateOne({ _id: key, upTo: op({ $lt: seq }) }, { $set: { upTo: seq, totals, at: new Date() } });
  }
  return totals;
}

/**
 * The repair job: recounts every tally that has a snapshot (deltas written meanwhile may be counted
 * twice or not at all; the next run corrects them) and drops deltas an hour old that a snapshot covers.
 */
export async function repairTallies(): Promise<{ recounted: number; deltasRemoved: number }> {
  const snapshots = await Tally.find({ upTo: op({ $exists: true }) }, { _id: 1, upTo: 1 }).lean();
  const covered = new Map(snapshots.map((doc) => [doc._id, doc.upTo ?? 0]));
  const old = await Tally.find(
    { d: op({ $exists: true }), at: op({ $lt: new Date(Date.now() - 3_600_000) }) },
    { _id: 1 },
  ).lean();
  const removable = old
    .map((doc) => doc._id)
    .filter((id) => {
      const hash = id.lastIndexOf('#');
      return Number(id.slice(hash + 1)) <= (covered.get(id.slice(0, hash)) ?? 0);
    });
  const deltasRemoved = removable.length ? (await Tally.deleteMany({ _id: op({ $in: removable }) })).deletedCount : 0;
  let recounted = 0;
  for (const key of covered.keys()) {
    const prefix = key.split(':')[0]!;
    if (!counters.has(prefix) || groupCounters.has(prefix)) continue;
    await recount(key);
    recounted += 1;
  }
  for (const prefix of groupCounters.keys()) recounted += await recountGroup(prefix);
  return { recounted, deltasRemoved };
}

/** Recounts every tally of a prefix that has a snapshot (after a purge that deleted by date). */
export async function recountTallies(prefix: string): Promise<number> {
  if (groupCounters.has(prefix)) return recountGroup(prefix);
  const snapshots = await Tally.find(
    { _id: op({ $regex: `^${prefix}:` }), upTo: op({ $exists: true }) },
    { _id: 1 },
  ).lean();
  for (const { _id: key } of snapshots) await recount(key);
  return snapshots.length;
}

/** At start: counts each global tally that has no snapshot yet (a first start, or an older database). */
export async function ensureTallies(): Promise<void> {
  for (const key of globalKeys) if (!(await Tally.exists({ _id: key }))) await recount(key);
  for (const prefix of groupCounters.keys()) {
    if (!(await Tally.exists({ _id: groupMarker(prefix) }))) await recountGroup(prefix);
  }
}

/** After a bulk load or purge that bypassed the services (seed, benchmark, retention): recounts tallies. */
export async function recountAllTallies(keys?: string[]): Promise<void> {
  if (keys) {
    for (const key of keys) await recount(key);
    return;
  }
  await repairTallies();
  for (const key of globalKeys) await recount(key);
  for (const prefix of groupCounters.keys()) await recountGroup(prefix);
}
