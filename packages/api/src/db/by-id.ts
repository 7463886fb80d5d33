import type { Model, ProjectionType, Types } from 'mongoose';

/**
 * Documents by id, one `_id` point lookup each, in parallel. Not `{ _id: { $in: ids } }`: FerretDB
 * 1.24 on SQLite pushes down only `_id` equality, and an `$in` of 25 ids over 20,000 documents took
 * 657 ms there (it decodes the whole collection) against 42 ms for 25 point lookups (measured
 * 2026-12-01). On MongoDB both walk the `_id` index. Missing ids are left out; duplicates asked once.
 */
export async function findByIds<T>(
  model: Model<T>,
  ids: Iterable<Types.ObjectId | string | null | undefined>,
  projection?: ProjectionType<T>,
): Promise<Array<T & { _id: Types.ObjectId }>> {
  const unique = [...new Set([...ids].filter((id) => id != null).map(String))];
  const docs = await Promise.all(unique.map((id) => model.findById(id, projection).lean()));
  return docs.filter((doc) => doc !== null) as unknown as Array<T & { _id: Types.ObjectId }>;
}
