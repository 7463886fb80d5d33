import mongoose, { type Model, type Types } from 'mongoose';
import { MongoServerError } from 'mongodb';
import { isDuplicateKeyError } from './errors.ts';
import type { AppDeps } from './trpc.ts';
import { MedicalStaff } from './domains/medical-staff/model.ts';
import { Patient } from './domains/patients/model.ts';
import { refreshAdmissions } from './domains/search-keys.ts';
import { User } from './domains/users/model.ts';
import { KEY_RULE_VERSION, normalizeKey, op } from './db/schema.ts';

/**
 * Stored keys follow normalizeKey's current rule (accents folded since rule 2). Keys
 * written under an older rule are recomputed once: every key of every record is passed
 * through normalizeKey again (the old rule only lower-cased and normalized, so the new
 * key of the old key is the new key of the name), and admissions' keys are rebuilt from
 * the names they copy. A marker in `migrations` records that it ran; running it twice,
 * or from two processes at once, rewrites nothing the second time.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- several document types in one list
type TKeyed = Array<[Model<any>, string[]]>;
/**
 * Every model keyed by name (the catalogues and roles: each model with a `nameKey`, so a new
 * catalogue needs no line here), then the people.
 */
const keyed = (): TKeyed => [
  ...mongoose
    .modelNames()
    .map((name) => mongoose.model(name) as TKeyed[number][0])
    .filter((model) => model.schema.path('nameKey'))
    .map((model): TKeyed[number] => [model, ['nameKey']]),
  [User, ['usernameKey', 'searchText']],
  [Patient, ['sortName', 'searchText']],
  [MedicalStaff, ['sortName', 'searchText']],
];
const BATCH = 500;
/** Keys held unique by an index. */
const UNIQUE = new Set(['nameKey', 'usernameKey']);
/** FerretDB answers a unique clash on update with SQLite's message rather than code 11000. */
const isClash = (error: unknown) =>
  isDuplicateKeyError(error) || (error instanceof MongoServerError && /UNIQUE constraint/.test(error.message));

export const keysMarker = () => `keys-v${KEY_RULE_VERSION}`;

export async function migrateKeys(deps: AppDeps): Promise<{ rewritten: number; collisions: number } | null> {
  const migrations = mongoose.connection.db!.collection<{ _id: string; at: Date }>('migrations');
  if (await migrations.findOne({ _id: keysMarker() })) return null;
  let rewritten = 0;
  let collisions = 0;
  for (const [model, fields] of keyed()) {
    let afterId: Types.ObjectId | null = null;
    for (;;) {
      const projection = Object.fromEntries(fields.map((field) => [field, 1]));
      const docs: Array<Record<string, unknown> & { _id: Types.ObjectId }> = await model
        .find(afterId ? { _id: op({ $gt: afterId }) } : {}, projection)
        .sort({ _id: 1 })
        .limit(BATCH)
        .lean();
      for (const doc of docs) {
        const stale = fields.filter(
          (field) => typeof doc[field] === 'string' && normalizeKey(doc[field]) !== doc[field],
        );
        if (!stale.length) continue;
        const set = Object.fromEntries(stale.map((field) => [field, normalizeKey(doc[field] as string)]));
        // Only where the key is still the one read: an edit meanwhile wrote a key under the new rule.
        const unchanged = Object.fromEntries(stale.map((field) => [field, doc[field]]));
        try {
          const taken = await Promise.all(
            stale
              .filter((field) => UNIQUE.has(field))
              .map((field) => model.exists({ [field]: set[field], _id: op({ $ne: doc._id }) })),
          );
          if (taken.some(Boolean)) throw new MongoServerError({ message: 'UNIQUE constraint (checked first)' });
          await model.collection.updateOne({ _id: doc._id, ...unchanged }, { $set: set });
          rewritten++;
        } catch (error) {
          if (!isClash(error)) throw error;
          // Two names that now fold to one key ("Cardiología" and "Cardiologia"): both are kept
          // as they are, under the old key, until someone renames one of them.
          collisions++;
          deps.logger.warn(
            { collection: model.collection.collectionName, id: String(doc._id), keys: set },
            'a key under the accent-folding rule is already taken; the record keeps its old key',
          );
        }
      }
      if (docs.length < BATCH) break;
      afterId = docs.at(-1)!._id;
    }
  }
  rewritten += await refreshAdmissions({}, deps);
  await migrations.updateOne({ _id: keysMarker() }, { $setOnInsert: { at: new Date() } }, { upsert: true });
  if (rewritten || collisions) deps.logger.info({ rewritten, collisions }, 'search and uniqueness keys migrated');
  return { rewritten, collisions };
}
