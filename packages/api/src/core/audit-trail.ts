import { model, Schema } from 'mongoose';
import { numberedId, numberOf } from '../db/numbering.ts';
import { op } from '../db/schema.ts';
import { postings } from '../db/postings.ts';
import { isDuplicateKeyError } from '../errors.ts';
import { Audit, auditNumbers, type AuditDoc } from './audit-model.ts';

/*
 * The audit trail's layout, chosen so that every view the viewer offers and the retention purge
 * cost point lookups by `_id` however many years the trail holds (on FerretDB, which pushes down
 * nothing else, any other query decodes every entry: ~100 s at 1,000,000):
 * - entries are numbered in their `_id` in the order written (numbering.ts), so createdAt grows
 *   with the number (up to the clock difference of API processes);
 * - each entry is posted under its filter values (user, actor, kind, action, record) in posting
 *   lists (postings.ts): one user's actions, one record's history, one kind or action;
 * - a date range is found by binary search over the numbers of the list it walks;
 * - the purge deletes from the oldest number up to the first entry inside the window.
 * On MongoDB the same lookups use the `_id` index (and the ordinary query, kept as the fallback,
 * is served by the collection's indexes).
 */
export const auditPostings = postings('audit_postings');

/** Where the numbered views may start (kept with the trail; one document). */
interface TrailDoc {
  _id: string;
  /** The oldest number the purge has not passed. */
  start: number;
  /** Entries numbered from here on are in the posting lists (those before were written by an older version). */
  postingsFrom: number;
  /** Entries without a number (written before numbering) may remain: the purge deletes them by date. */
  legacy: boolean;
}
const Trail = model<TrailDoc>(
  'AuditTrail',
  new Schema<TrailDoc>(
    {
      _id: { type: String, required: true },
      start: { type: Number, required: true },
      postingsFrom: { type: Number, required: true },
      legacy: { type: Boolean, required: true },
    },
    { collection: 'audit_trail', versionKey: false, strict: 'throw' },
  ),
);
const TRAIL = 'audit';

/**
 * At start, before anything is audited: on a new database every entry will be posted; on one an
 * older version wrote, the entries so far are not, and those without numbers are deleted by date.
 */
export async function ensureAuditTrail(): Promise<void> {
  if (await Trail.exists({ _id: TRAIL })) return;
  const end = await auditNumbers.end();
  const legacy = (await Audit.findOne({}, { _id: 1 }).lean()) !== null;
  await Trail.create({ _id: TRAIL, start: 1, postingsFrom: legacy ? end : 1, legacy }).catch((error: unknown) => {
    if (!isDuplicateKeyError(error)) throw error; // another process started at the same moment
  });
}

async function trail(): Promise<TrailDoc> {
  return (await Trail.findById(TRAIL).lean()) ?? { _id: TRAIL, start: 1, postingsFrom: 1, legacy: true };
}

const part = (value: string) => encodeURIComponent(value);

/** The posting lists an entry belongs to (values encoded: `#` separates a key from its position). */
export function auditKeys(entry: Pick<AuditDoc, 'actorId' | 'actorUsername' | 'action' | 'entity' | 'entityId'>) {
  return [
    `user:${part(entry.actorUsername)}`,
    ...(entry.actorId ? [`actor:${String(entry.actorId)}`] : []),
    `kind:${part(entry.entity)}`,
    `action:${part(entry.action)}`,
    ...(entry.entityId ? [`record:${part(entry.entity)}:${part(entry.entityId)}`] : []),
  ];
}

/**
 * This process's numbers not yet posted. An entry is posted once every number this process took
 * before it is posted or given up, so each list holds this process's entries in number order
 * (only writers in different processes at the same moment can interleave).
 */
const unposted = new Map<number, { done: Promise<void>; release(): void }>();
const watch = {
  taken(n: number) {
    let release = () => {};
    const done = new Promise<void>((resolve) => (release = resolve));
    unposted.set(n, { done, release });
  },
  dropped(n: number) {
    unposted.get(n)?.release();
    unposted.delete(n);
  },
};

/** Writes an entry under the next number and posts it under its keys, in number order. */
export async function appendAudit(entry: Omit<AuditDoc, '_id'>): Promise<AuditDoc> {
  const written = await auditNumbers.insert(entry, watch);
  const n = numberOf(written._id)!;
  try {
    await Promise.all([...unposted].filter(([m]) => m < n).map(([, earlier]) => earlier.done));
    await auditPostings.add(auditKeys(written), n);
  } finally {
    watch.dropped(n);
  }
  return written;
}

/** When the newest numbered entry was written (null on an empty trail). */
export async function newestAuditTime(): Promise<Date | null> {
  const last = (await auditNumbers.end()) - 1;
  return last >= 1 ? ((await Audit.findById(numberedId(last), { createdAt: 1 }).lean())?.createdAt ?? null) : null;
}

/** Bulk load of entries (benchmark; nothing else writing meanwhile): numbered after the newest and posted. */
export async function loadAudit(entries: Array<Omit<AuditDoc, '_id'>>): Promise<void> {
  const first = await auditNumbers.end();
  const docs = entries.map((entry, i) => ({ ...entry, _id: numberedId(first + i) }));
  await Audit.insertMany(docs, { lean: true });
  await auditPostings.load(docs.map((doc, i) => ({ n: first + i, keys: auditKeys(doc) })));
  auditNumbers.forget();
}

export interface AuditFilters {
  actorId?: string | undefined;
  entity?: string | undefined;
  entityId?: string | undefined;
  action?: string | undefined;
  /** An exact username. */
  search?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
}

/** A list of entry numbers in order: all entries, or one posting list. */
interface Source {
  start: number;
  end: number;
  numbers(from: number, count: number): Promise<Array<number | null>>;
}

/** Entries a filtered view may read one by one (when no single list matches it) before the query costs less. */
const WALK_LIMIT = 1_000;
/** Entries missing in a row past which a binary search gives up (holes are rare: a failed insert). */
const PROBE = 8;

const entriesOf = async (numbers: Array<number | null>): Promise<Array<AuditDoc | null>> =>
  Promise.all(numbers.map((n) => (n === null ? null : Audit.findById(numberedId(n)).lean<AuditDoc>())));

/** The filters' posting list with the fewest entries, or all entries; and whether it is the whole filter. */
async function sourceOf(filters: AuditFilters, state: TrailDoc): Promise<{ source: Source; exact: boolean }> {
  const keys: Array<[string, number]> = [];
  // Each key with how many of the filters it answers by itself.
  if (filters.entity && filters.entityId) keys.push([`record:${part(filters.entity)}:${part(filters.entityId)}`, 2]);
  else if (filters.entity) keys.push([`kind:${part(filters.entity)}`, 1]);
  if (filters.action) keys.push([`action:${part(filters.action)}`, 1]);
  if (filters.actorId) keys.push([`actor:${filters.actorId}`, 1]);
  if (filters.search) keys.push([`user:${part(filters.search)}`, 1]);
  const filterCount = ['entity', 'entityId', 'action', 'actorId', 'search'].filter(
    (name) => filters[name as keyof AuditFilters] !== undefined,
  ).length;
  if (!keys.length) {
    const end = await auditNumbers.end();
    const numbers = async (from: number, count: number) => Array.from({ length: count }, (_, i) => from + i);
    return { source: { start: state.start, end, numbers }, exact: filterCount === 0 };
  }
  const ranges = await Promise.all(keys.map(async ([key]) => auditPostings.range(key)));
  let best = 0;
  ranges.forEach((range, i) => {
    if (range.end - range.start < ranges[best]!.end - ranges[best]!.start) best = i;
  });
  const [key, answers] = keys[best]!;
  const { start, end } = ranges[best]!;
  return {
    source: { start, end, numbers: (from, count) => auditPostings.numbers(key, from, count) },
    exact: answers === filterCount,
  };
}

/** The first position in [low, high) whose entry was created after `date` (or at it, when `inclusive`). */
async function firstAfter(source: Source, date: Date, inclusive: boolean): Promise<number | null> {
  let low = source.start;
  let high = source.end;
  while (low < high) {
    const mid = Math.floor((low + high) / 2);
    const probe = await entriesOf(await source.numbers(mid, Math.min(PROBE, high - mid)));
    const found = probe.findIndex((entry) => entry !== null);
    if (found < 0) return null;
    const at = probe[found]!.createdAt.getTime();
    if (inclusive ? at >= date.getTime() : at > date.getTime()) high = mid;
    else low = mid + found + 1;
  }
  return low;
}

const matches = (entry: AuditDoc, filters: AuditFilters) =>
  (!filters.actorId || String(entry.actorId) === filters.actorId) &&
  (!filters.entity || entry.entity === filters.entity) &&
  (!filters.entityId || entry.entityId === filters.entityId) &&
  (!filters.action || entry.action === filters.action) &&
  (!filters.search || entry.actorUsername === filters.search) &&
  (!filters.from || entry.createdAt >= filters.from) &&
  (!filters.to || entry.createdAt <= filters.to);

/**
 * One page of the trail through the numbers and posting lists, newest or oldest first: the entries
 * and how many match. Null when this layout cannot answer exactly (entries from an older version
 * still kept, a hole where an entry should be, or a combination of filters no single list answers
 * over more than WALK_LIMIT entries): the caller then runs the ordinary query.
 */
export async function auditPage(
  filters: AuditFilters,
  page: { skip: number; limit: number; newestFirst: boolean },
): Promise<{ items: AuditDoc[]; total: number } | null> {
  const state = await trail();
  if (state.legacy || state.start < state.postingsFrom) return null;
  const { source, exact } = await sourceOf(filters, state);
  const low = filters.from ? await firstAfter(source, filters.from, true) : source.start;
  const high = filters.to ? await firstAfter(source, filters.to, false) : source.end;
  if (low === null || high === null) return null;
  if (exact) {
    const total = Math.max(0, high - low);
    const count = Math.max(0, Math.min(page.limit, total - page.skip));
    const from = page.newestFirst ? high - page.skip - count : low + page.skip;
    const entries = await entriesOf(await source.numbers(from, count));
    if (entries.some((entry) => entry === null)) return null;
    // In number order within the page too (writers in two processes at once may post out of order).
    const items = (entries as AuditDoc[]).sort((a, b) => numberOf(a._id)! - numberOf(b._id)!);
    return { items: page.newestFirst ? items.reverse() : items, total };
  }
  if (high - low > WALK_LIMIT) return null;
  const found: AuditDoc[] = [];
  for (let at = low; at < high; at += 100) {
    const entries = await entriesOf(await source.numbers(at, Math.min(100, high - at)));
    for (const entry of entries) if (entry && matches(entry, filters)) found.push(entry);
  }
  if (page.newestFirst) found.reverse();
  return { items: found.slice(page.skip, page.skip + page.limit), total: found.length };
}

/** Entries the purge reads at a time: their postings are dropped together, one pass per list. */
const PURGE_CHUNK = 2_000;

/** Runs `work` on every item, at most `limit` at once. */
async function inParallel<T>(items: T[], limit: number, work: (item: T) => Promise<unknown>): Promise<void> {
  let at = 0;
  const worker = async () => {
    while (at < items.length) await work(items[at++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/**
 * Deletes the entries created before `cutoff`, oldest first, with their postings (postings first:
 * an entry interrupted between the two only leaves the filtered views a little early). Works for at
 * most `budgetMs`, the rest is left to the next run; a run killed midway leaves nothing inside the
 * window deleted and is finished by the next.
 */
export async function purgeAudit(cutoff: Date, budgetMs = 5 * 60_000): Promise<number> {
  const started = Date.now();
  await auditNumbers.raiseFloor();
  const state = await trail();
  const end = await auditNumbers.end();
  let next = state.start;
  let deleted = 0;
  while (next < end && Date.now() - started < budgetMs) {
    const count = Math.min(PURGE_CHUNK, end - next);
    const numbers = Array.from({ length: count }, (_, i) => next + i);
    const entries = await entriesOf(numbers);
    const kept = entries.findIndex((entry) => entry !== null && entry.createdAt >= cutoff);
    // At the top, never past the newest entry: a number above it may still be on its way in.
    const atTop = next + count >= end;
    const passed = kept >= 0 ? kept : atTop ? entries.findLastIndex((entry) => entry !== null) + 1 : count;
    const expired = entries.slice(0, passed).filter((entry): entry is AuditDoc => entry !== null);
    const keys = [...new Set(expired.flatMap(auditKeys))];
    await inParallel(keys, 16, (key) => auditPostings.dropBelow(key, next + passed));
    // One bulk write of `_id` point deletes (an `$in` would scan the trail on FerretDB).
    if (expired.length)
      await Audit.bulkWrite(
        expired.map((entry) => ({ deleteOne: { filter: { _id: entry._id } } })),
        { ordered: false },
      );
    deleted += expired.length;
    next += passed;
    await Trail.updateOne({ _id: TRAIL }, { $set: { start: next } });
    if (kept >= 0 || atTop) break;
  }
  if (state.legacy) {
    const legacy = await Audit.deleteMany({ createdAt: op({ $lt: cutoff }), _id: op({ $lt: numberedId(0) }) });
    deleted += legacy.deletedCount;
    // Entries without numbers are older than every numbered one: once a numbered entry expired, they all have.
    if (deleted > legacy.deletedCount) await Trail.updateOne({ _id: TRAIL }, { $set: { legacy: false } });
  }
  return deleted;
}
