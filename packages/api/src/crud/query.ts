import type { TEntity } from '@mas/shared';
import type { Model, ProjectionType, SortOrder, Types } from 'mongoose';
import { findByIds } from '../db/by-id.ts';
import { oid } from '../db/schema.ts';
import { AppError } from '../errors.ts';

/**
 * The few queries every domain writes: documents by id, the checks on what a record points at,
 * and one page of a list with its tab counts. The database subset has no joins, so relations
 * resolve by `_id` point lookups of the page's rows (pushed down on FerretDB, indexed on MongoDB).
 */

/** A filter built by our own code (never from client JSON). */
export type Filter = Record<string, unknown>;

type WithId = { _id: Types.ObjectId };

/**
 * Documents by id (string), one `_id` point lookup each (see `findByIds`: an `$in` decodes the
 * whole collection on the embedded server); none asked, none queried. Duplicates and nulls are ignored.
 */
export async function byIds<Doc extends WithId>(
  model: Model<Doc>,
  ids: Iterable<Types.ObjectId | string | null | undefined>,
  projection?: ProjectionType<Doc>,
): Promise<Map<string, Doc>> {
  const docs = (await findByIds(model, ids, projection)) as unknown as Doc[];
  return new Map(docs.map((doc) => [String(doc._id), doc]));
}

/** Names of catalogue entries (anything with a `name`) by id, by `_id` point lookups. */
export async function namesById<Doc extends WithId & { name: string }>(
  model: Model<Doc>,
  ids: Iterable<Types.ObjectId | string | null | undefined>,
): Promise<Map<string, string>> {
  const docs = await byIds(model, ids, { name: 1 });
  return new Map([...docs].map(([id, doc]) => [id, doc.name]));
}

type Activatable = WithId & { isActive: boolean };

/**
 * A record this one points at: it must exist, and be active unless it is the one already set
 * (`current`), so a retired entry never gets newly chosen but an old link survives an edit.
 */
export async function checkedRef<Doc extends Activatable>(
  model: Model<Doc>,
  id: string,
  options: { field: string; entity: TEntity; current?: Types.ObjectId | string | null | undefined },
): Promise<Types.ObjectId> {
  const doc = (await model.findById(id, { isActive: 1 }).lean()) as Activatable | null;
  const { field, entity } = options;
  if (!doc) throw new AppError('record.missing', { entity }, { [field]: 'field.notFound' });
  if (!doc.isActive && String(options.current) !== id)
    throw new AppError('record.inactive', { entity }, { [field]: 'field.inactive' });
  return oid(id);
}

/**
 * Records a list field points at: each must exist, and those not already in it (`kept`) must
 * be active. Returns them by id, with `projection`'s fields (name and isActive at least).
 */
export async function checkedRefs<Doc extends Activatable & { name: string }>(
  model: Model<Doc>,
  ids: string[],
  options: {
    field: string;
    records: TEntity;
    kept?: Iterable<Types.ObjectId | string>;
    projection?: ProjectionType<Doc>;
  },
): Promise<Map<string, Doc>> {
  const found = await byIds(model, ids, options.projection ?? { name: 1, isActive: 1 });
  const kept = new Set([...(options.kept ?? [])].map(String));
  for (const id of new Set(ids)) {
    const doc = found.get(id);
    if (!doc)
      throw new AppError('record.someMissing', { records: options.records }, { [options.field]: 'field.notFound' });
    if (!doc.isActive && !kept.has(id))
      throw new AppError('record.namedInactive', { name: doc.name }, { [options.field]: 'field.inactive' });
  }
  return found;
}

export interface PageQuery {
  page: number;
  perPage: number;
}

/**
 * One page of `filter` in `sort` order, and how many match in each tab (the tabs split the
 * filter's matches, so "all" is their sum). `tab` picks the page's tab; 'all' shows every match.
 * `keptCounts`, when given, answers the tab counts from a kept tally instead of counting (each
 * count is a scan on the embedded server); callers pass it only for an unfiltered list.
 */
export async function pageOf<Doc, Tab extends string>(
  model: Model<Doc>,
  query: PageQuery & {
    filter: Filter;
    sort: Record<string, SortOrder>;
    tab: Tab | 'all';
    tabs: Record<Tab, Filter>;
    projection?: ProjectionType<Doc>;
    keptCounts?: () => Promise<Record<Tab, number>>;
  },
): Promise<{ docs: Doc[]; total: number; page: number; perPage: number; counts: Record<Tab | 'all', number> }> {
  const tabs = Object.entries(query.tabs) as Array<[Tab, Filter]>;
  const shown = query.tab === 'all' ? {} : query.tabs[query.tab];
  const { keptCounts } = query;
  const [docs, tabCounts] = await Promise.all([
    model
      .find({ ...query.filter, ...shown }, query.projection ?? null)
      .sort(query.sort)
      .skip((query.page - 1) * query.perPage)
      .limit(query.perPage)
      .lean(),
    keptCounts
      ? keptCounts().then((kept) => tabs.map(([tab]) => kept[tab]))
      : Promise.all(tabs.map(([, filter]) => model.countDocuments({ ...query.filter, ...filter }))),
  ]);
  const counts = Object.fromEntries(tabs.map(([tab], index) => [tab, tabCounts[index]!])) as Record<
    Tab | 'all',
    number
  >;
  counts.all = tabCounts.reduce((sum, count) => sum + count, 0);
  return { docs: docs as Doc[], total: counts[query.tab], page: query.page, perPage: query.perPage, counts };
}
