import { codedLabel } from '@mas/shared';
import { BSON, type Db, type Document } from 'mongodb';
import mongoose from 'mongoose';
import { z } from 'zod';
import { AppError } from '../../errors.ts';
import type { AppDeps } from '../../trpc.ts';
import { recordAudit } from '../../core/audit.ts';
import type { Actor } from '../../core/call.ts';

/**
 * Collections that never leave the database through the export: credentials
 * (session token hashes, the login-throttling log) and machinery that is
 * rebuilt by itself (the change-event log, Agenda's job queue, short-lived
 * admission locks). Bed and patient claims stay: they mirror active admissions
 * and a restore needs them.
 */
export const EXCLUDED_COLLECTIONS: Readonly<Record<string, string>> = {
  sessions: 'sign-in sessions (hashed bearer tokens)',
  login_failures: 'login throttling records',
  events: 'internal change-event log',
  jobs: 'internal job queue',
  admission_locks: 'transient write locks of admissions in progress',
};

/** Secret fields stripped from every document of a collection. */
const REDACTED_FIELDS: Readonly<Record<string, readonly string[]>> = {
  users: ['passwordHash'],
};

/**
 * The export builds one response in memory; past this many documents an operator
 * backup (`mongodump`, docs/operations.md) is the tool, not an HTTP call.
 */
export const MAX_EXPORT_DOCUMENTS = 250_000;

export const EXPORT_FORMAT = 'mas-export/1';

export const ZBackupExportInput = z.strictObject({}).optional();

export const ZBackupExport = z.strictObject({
  format: z.literal(EXPORT_FORMAT),
  exportedAt: z.date(),
  database: z.string(),
  /** Each collection's documents as relaxed MongoDB Extended JSON (what mongoexport writes, mongoimport reads). */
  collections: z.array(
    z.strictObject({
      name: z.string(),
      count: z.number().int().min(0),
      documents: z.array(z.record(z.string(), z.unknown())),
    }),
  ),
  /** What was left out on purpose, and why. */
  excluded: z.array(z.strictObject({ name: z.string(), reason: z.string() })),
  redactedFields: z.array(z.string()),
});
export type TBackupExport = z.infer<typeof ZBackupExport>;

function database(): Db {
  const db = mongoose.connection.db;
  if (!db) throw new Error('The database is not connected.');
  return db;
}

/** Collections to export: every user collection of the app's database except the excluded ones. */
async function exportableCollections(db: Db): Promise<string[]> {
  const all = await db.listCollections({}, { nameOnly: true }).toArray();
  return all
    .filter((info) => (info.type ?? 'collection') === 'collection' && !info.name.startsWith('system.'))
    .map((info) => info.name)
    .filter((name) => !(name in EXCLUDED_COLLECTIONS))
    .sort();
}

function redact(collection: string, doc: Document): Document {
  const fields = REDACTED_FIELDS[collection];
  if (!fields) return doc;
  const copy = { ...doc };
  for (const field of fields) delete copy[field];
  return copy;
}

/**
 * Everything the hospital entered, minus secrets and machinery, as one JSON
 * document; audited as an `export` by the server-side actor.
 */
export async function exportDatabase(deps: AppDeps, actor: Actor): Promise<TBackupExport> {
  const db = database();
  const names = await exportableCollections(db);
  const sizes = await Promise.all(names.map((name) => db.collection(name).countDocuments()));
  const expected = sizes.reduce((sum, size) => sum + size, 0);
  if (expected > MAX_EXPORT_DOCUMENTS) {
    throw new AppError('backup.tooLarge', { documents: expected, max: MAX_EXPORT_DOCUMENTS });
  }

  const collections: TBackupExport['collections'] = [];
  for (const name of names) {
    const documents: Record<string, unknown>[] = [];
    for await (const doc of db.collection(name).find({}).sort({ _id: 1 })) {
      documents.push(BSON.EJSON.serialize(redact(name, doc), { relaxed: true }) as Record<string, unknown>);
    }
    collections.push({ name, count: documents.length, documents });
  }
  const total = collections.reduce((sum, { count }) => sum + count, 0);

  // Recorded before the data leaves: an export nobody can account for is a breach.
  await recordAudit(deps, actor, {
    action: 'export',
    entity: 'backup',
    coded: codedLabel('exported', { collections: collections.length, documents: total }),
  });

  return {
    format: EXPORT_FORMAT,
    exportedAt: new Date(),
    database: db.databaseName,
    collections,
    excluded: Object.entries(EXCLUDED_COLLECTIONS).map(([name, reason]) => ({ name, reason })),
    redactedFields: Object.entries(REDACTED_FIELDS).flatMap(([collection, fields]) =>
      fields.map((field) => `${collection}.${field}`),
    ),
  };
}
