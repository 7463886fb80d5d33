import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import type { Resource } from '@medplum/fhirtypes';
import type { TPermission } from '@mas/shared';
import { op } from '../../db/schema.ts';
import type { Env } from '../../env.ts';
import type { JobDefinition } from '../../jobs/scheduler.ts';
import type { AppDeps, SessionUser } from '../../trpc.ts';
import { callerAs } from '../caller.ts';
import { moduleOf } from '../registry.ts';
import type { ExportContext, ResourceModule } from '../types.ts';
import { FhirExport, FhirExportLock, type ExportDoc, type ExportFile } from './model.ts';

export const EXPORT_JOB = 'fhir.export';
export const EXPORT_PURGE_JOB = 'fhir.exportPurge';
const PAGE = 100;

export const exportDirOf = (env: Env) => env.FHIR_EXPORT_DIR ?? join(tmpdir(), 'mas-fhir-exports');
export const exportFolder = (env: Env, id: string) => join(exportDirOf(env), id);

/** The requester as a session user: the job reads through the same procedures, with their permissions. */
function requesterUser(doc: ExportDoc): SessionUser {
  return {
    ...doc.requester,
    permissions: doc.requester.permissions as TPermission[],
    mustChangePassword: false,
    sessionId: `export:${String(doc._id)}`,
  };
}

/** Every resource of a module, in pages (the module's own export, or its unfiltered search). */
async function eachPage(
  module: ResourceModule,
  context: ExportContext,
  emit: (resources: Resource[]) => Promise<void>,
) {
  if (module.exportAll) return module.exportAll(context, emit);
  const { caller } = context;
  for (let page = 1; ; page++) {
    const { resources } = await module.search(caller, { params: new Map(), page, count: PAGE });
    if (resources.length) await emit(resources);
    if (resources.length < PAGE) return;
  }
}

async function isCancelled(id: ExportDoc['_id']) {
  const current = await FhirExport.findById(id, { status: 1 }).lean();
  return !current || current.status === 'cancelled';
}

/** Writes one NDJSON file per resource type, updating the progress after each type. */
export async function runExport(deps: AppDeps, exportId: string): Promise<void> {
  const doc = await FhirExport.findById(exportId).lean();
  if (!doc || doc.status !== 'accepted') return;
  await FhirExport.updateOne({ _id: doc._id }, { $set: { status: 'running' } });
  const folder = exportFolder(deps.env, exportId);
  const user = requesterUser(doc);
  const context: ExportContext = { caller: callerAs(deps, user, doc.ip), user, deps, ip: doc.ip };
  const files: ExportFile[] = [];
  let resources = 0;
  try {
    await mkdir(folder, { recursive: true, mode: 0o700 });
    for (const [index, type] of doc.types.entries()) {
      const module = moduleOf(type);
      if (!module) continue;
      const name = `${type}.ndjson`;
      const out = createWriteStream(join(folder, name), { mode: 0o600 });
      let count = 0;
      await eachPage(module, context, async (page) => {
        for (const resource of page) {
          // Updated after the export began: left for the next run with _since (no snapshot reads).
          const updated = resource.meta?.lastUpdated ? new Date(resource.meta.lastUpdated) : null;
          if (updated && updated > doc.transactionTime) continue;
          if (doc.since && updated && updated < doc.since) continue;
          if (!out.write(`${JSON.stringify(resource)}\n`)) await once(out, 'drain');
          count++;
        }
      });
      out.end();
      await once(out, 'finish');
      if (count > 0) files.push({ type, name, count });
      resources += count;
      if (await isCancelled(doc._id)) return;
      await FhirExport.updateOne({ _id: doc._id }, { $set: { typesDone: index + 1, resources } });
    }
    // Released before the manifest shows, so the next export can start as soon as this one is seen done.
    await FhirExportLock.deleteOne({ _id: doc.requester.id, exportId: doc._id });
    await FhirExport.updateOne(
      { _id: doc._id, status: 'running' },
      { $set: { status: 'completed', files, resources, finishedAt: new Date() } },
    );
  } catch (error) {
    deps.logger.error({ err: error, exportId }, 'FHIR bulk export failed');
    await FhirExport.updateOne(
      { _id: doc._id },
      { $set: { status: 'failed', error: 'The export failed; see the server log', finishedAt: new Date() } },
    );
  } finally {
    await FhirExportLock.deleteOne({ _id: doc.requester.id, exportId: doc._id });
    if (await isCancelled(doc._id)) await rm(folder, { recursive: true, force: true });
  }
}

/** Deletes the files and records of exports past their expiry (no TTL indexes on FerretDB). */
export async function purgeExports(env: Env, now = new Date()): Promise<number> {
  const expired = await FhirExport.find({ expiresAt: op({ $lt: now }) }, { _id: 1, requester: 1 }).lean();
  for (const doc of expired) {
    await rm(exportFolder(env, String(doc._id)), { recursive: true, force: true });
    await FhirExportLock.deleteOne({ _id: doc.requester.id, exportId: doc._id });
    await FhirExport.deleteOne({ _id: doc._id });
  }
  return expired.length;
}

export function exportJobs(deps: AppDeps): JobDefinition[] {
  return [
    {
      name: EXPORT_JOB,
      run: async (job) => runExport(deps, String((job.attrs.data as { exportId: string }).exportId)),
    },
    {
      name: EXPORT_PURGE_JOB,
      schedule: deps.env.FHIR_EXPORT_PURGE_SCHEDULE,
      run: async () => {
        const removed = await purgeExports(deps.env);
        if (removed) deps.logger.info({ removed }, 'expired FHIR exports deleted');
      },
    },
  ];
}
