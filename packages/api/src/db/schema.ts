import mongoose, { Schema, Types, type SchemaDefinition } from 'mongoose';

/**
 * Key for case- and accent-insensitive uniqueness and search (no collation on FerretDB):
 * Unicode-normalized (NFKC), lower-cased, Latin diacritics folded (NFD, then the combining
 * marks U+0300–U+036F dropped: "Neumonía" → "neumonia", "Muñoz" → "munoz"), whitespace
 * collapsed. Stored beside the display value with a unique index; search input goes through
 * the same function. ñ folds to n on purpose: people without a Spanish keyboard type "n",
 * and no two catalogue names here differ by ñ alone. Only that block of marks is dropped,
 * so scripts whose vowel signs are marks (Devanagari, Arabic) keep their letters apart.
 * Keys stored under an older rule are recomputed once at start (src/migrate-keys.ts).
 */
export function normalizeKey(value: string): string {
  return value
    .normalize('NFKC')
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .normalize('NFC')
    .trim()
    .replace(/\s+/g, ' ');
}

/** Version of normalizeKey's rule; src/migrate-keys.ts brings stored keys to it. */
export const KEY_RULE_VERSION = 2;

/** Escapes text for a literal, RE2-safe `$regex` (search boxes never send patterns). */
export function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * A schema with the fields every entity carries: createdAt/updatedAt (mongoose
 * timestamps) and `version`, bumped by every update and checked for optimistic concurrency.
 */
export function entitySchema(definition: SchemaDefinition, collection: string): Schema {
  return new Schema(
    { ...definition, version: { type: Number, default: 1, required: true } },
    { collection, timestamps: true, versionKey: false, strict: 'throw', id: false },
  );
}

export const ObjectIdType = Schema.Types.ObjectId;
export const oid = (id: string) => new Types.ObjectId(id);
export const idOf = (doc: { _id: Types.ObjectId | string }) => String(doc._id);

export interface Stamped {
  _id: Types.ObjectId;
  createdAt: Date;
  updatedAt: Date;
  version: number;
}

export const stamps = (doc: Stamped) => ({
  id: String(doc._id),
  createdAt: doc.createdAt,
  updatedAt: doc.updatedAt,
  version: doc.version,
});

/**
 * Marks a query operator object as ours. With sanitizeFilter on, any other
 * object in a filter (say `{ $gt: '' }` smuggled in as a value) is matched literally.
 */
export const op = <T extends object>(operators: T): T => mongoose.trusted(operators) as T;
