import { createReadStream } from 'node:fs';
import { rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Request, Response, Router } from 'express';
import { Types } from 'mongoose';
import type { TPermission } from '@mas/shared';
import { MongoServerError } from 'mongodb';
import { recordAudit } from '../../core/audit.ts';
import { actorOf } from '../../core/call.ts';
import type { AppDeps } from '../../trpc.ts';
import { clientIp } from '../caller.ts';
import { sendFailure, sendResource } from '../http.ts';
import { badRequest, FhirError } from '../outcome.ts';
import { parseDate } from '../params.ts';
import { RESOURCE_MODULES } from '../registry.ts';
import type { FhirOptions } from '../router.ts';
import { EXPORT_JOB, exportFolder } from './job.ts';
import { FhirExport, FhirExportLock, type ExportDoc } from './model.ts';

/** Who may start, watch, download and cancel bulk exports: administrators (the permission of the full backup). */
export const EXPORT_PERMISSION: TPermission = 'backup.export';
const NDJSON_FORMATS = new Set(['application/fhir+ndjson', 'application/ndjson', 'ndjson']);
/** Seconds a client is asked to wait between status polls. */
const RETRY_AFTER = 2;

const baseOf = (req: Request) => `${req.protocol}://${req.get('host')}${req.baseUrl}`;

function requireExporter(res: Response) {
  const user = res.locals.user as { permissions: TPermission[] };
  if (!user.permissions.includes(EXPORT_PERMISSION)) {
    throw new FhirError(403, 'forbidden', `Bulk export needs the permission ${EXPORT_PERMISSION}`);
  }
}

async function exportOf(id: string): Promise<ExportDoc> {
  const doc = Types.ObjectId.isValid(id) && /^[a-f0-9]{24}$/.test(id) ? await FhirExport.findById(id).lean() : null;
  if (!doc || doc.status === 'cancelled') throw new FhirError(404, 'not-found', 'No such export');
  return doc;
}

/** The manifest of a completed export (FHIR Bulk Data 2.0). */
export function manifestOf(base: string, doc: ExportDoc) {
  return {
    transactionTime: doc.transactionTime.toISOString(),
    request: doc.request,
    requiresAccessToken: true,
    output: doc.files.map((file) => ({
      type: file.type,
      url: `${base}/_export/${String(doc._id)}/${file.name}`,
      count: file.count,
    })),
    error: [],
  };
}

/** What the web's export screen shows: status, progress and, when done, the files. */
export function exportSummary(base: string, doc: ExportDoc) {
  return {
    id: String(doc._id),
    status: doc.status,
    level: doc.level,
    types: doc.types,
    typesDone: doc.typesDone,
    resources: doc.resources,
    createdAt: doc.createdAt.toISOString(),
    expiresAt: doc.expiresAt.toISOString(),
    requester: doc.requester.username,
    ...(doc.status === 'completed' ? { manifest: manifestOf(base, doc) } : {}),
  };
}

/**
 * FHIR Bulk Data export: kick-off (`$export`, `Patient/$export`) answers 202 with the
 * status URL in Content-Location; the status URL answers 202 with X-Progress while the
 * Agenda job runs and 200 with the manifest when done; files download with the same
 * authorization; DELETE cancels. Files are purged after FHIR_EXPORT_RETENTION_HOURS.
 */
export function exportRoutes(router: Router, deps: AppDeps, options: FhirOptions) {
  const kickOff = (level: ExportDoc['level']) => async (req: Request, res: Response) => {
    try {
      requireExporter(res);
      const query = new URL(req.originalUrl, 'http://localhost').searchParams;
      for (const name of query.keys()) {
        if (!['_outputFormat', '_since', '_type'].includes(name)) {
          throw badRequest(`Unsupported $export parameter "${name}"`);
        }
      }
      const format = query.get('_outputFormat');
      if (format !== null && !NDJSON_FORMATS.has(format)) throw badRequest('_outputFormat: only NDJSON is supported');
      const since = query.get('_since');
      const available = RESOURCE_MODULES.filter(
        (module) => !module.notExported && (level === 'system' || module.patientCompartment),
      ).map((module) => module.type as string);
      const asked = query.getAll('_type').flatMap((value) => value.split(',').filter(Boolean));
      for (const type of asked) {
        if (!available.includes(type)) throw badRequest(`_type: ${type} cannot be exported here`);
      }
      const types = asked.length ? available.filter((type) => asked.includes(type)) : available;
      const scheduler = options.scheduler();
      if (!scheduler) throw new FhirError(503, 'transient', 'This server runs no job worker (JOBS_ENABLED=false)');

      const user = res.locals.user as ExportDoc['requester'];
      const now = new Date();
      const id = new Types.ObjectId();
      try {
        await FhirExportLock.create({ _id: user.id, exportId: id, at: now });
      } catch (error) {
        if (error instanceof MongoServerError && error.code === 11000) {
          res.setHeader('Retry-After', '30');
          throw new FhirError(429, 'throttled', 'An export of yours is still running; wait for it or cancel it');
        }
        throw error;
      }
      await FhirExport.create({
        _id: id,
        requester: {
          id: user.id,
          username: user.username,
          firstName: user.firstName,
          lastName: user.lastName,
          roleId: user.roleId,
          roleName: user.roleName,
          permissions: user.permissions,
        },
        ip: clientIp(req),
        level,
        types,
        since: since ? parseDate('_since', since).start : null,
        request: `${baseOf(req)}${req.url}`,
        status: 'accepted',
        transactionTime: now,
        createdAt: now,
        expiresAt: new Date(now.getTime() + deps.env.FHIR_EXPORT_RETENTION_HOURS * 3600_000),
      });
      // Bulk data discloses every record it holds: the request itself is audited.
      await recordAudit(deps, actorOf(res.locals.user, clientIp(req)), {
        action: 'export',
        entity: 'fhir',
        entityId: String(id),
        label: `${level === 'patient' ? 'Patient/$export' : '$export'} ${types.join(',')}`,
      });
      await scheduler.agenda.now(EXPORT_JOB, { exportId: String(id) });
      res.setHeader('Content-Location', `${baseOf(req)}/_export/${String(id)}`);
      sendResource(res, 202, {
        resourceType: 'OperationOutcome',
        issue: [{ severity: 'information', code: 'informational', diagnostics: 'Export started' }],
      });
    } catch (error) {
      sendFailure(res, error, deps.logger, 'export kick-off');
    }
  };
  router.get('/\\$export', kickOff('system'));
  router.get('/Patient/\\$export', kickOff('patient'));

  /** The administrator's own recent exports (the web's export screen). */
  router.get('/_export', async (req, res) => {
    try {
      requireExporter(res);
      const user = res.locals.user as { id: string };
      const docs = await FhirExport.find({ 'requester.id': user.id }).sort({ createdAt: -1 }).limit(10).lean();
      res
        .status(200)
        .json(docs.filter((doc) => doc.status !== 'cancelled').map((doc) => exportSummary(baseOf(req), doc)));
    } catch (error) {
      sendFailure(res, error, deps.logger, 'export list');
    }
  });

  router.get('/_export/:id', async (req, res) => {
    try {
      requireExporter(res);
      const doc = await exportOf(String(req.params.id));
      if (doc.status === 'failed') {
        throw new FhirError(500, 'exception', doc.error ?? 'The export failed');
      }
      if (doc.status !== 'completed') {
        res.setHeader('X-Progress', `${doc.typesDone}/${doc.types.length} resource types, ${doc.resources} resources`);
        res.setHeader('Retry-After', String(RETRY_AFTER));
        res.status(202).end();
        return;
      }
      res.setHeader('Expires', doc.expiresAt.toUTCString());
      res.status(200).json(manifestOf(baseOf(req), doc));
    } catch (error) {
      sendFailure(res, error, deps.logger, 'export status');
    }
  });

  router.delete('/_export/:id', async (req, res) => {
    try {
      requireExporter(res);
      const doc = await exportOf(String(req.params.id));
      await FhirExport.updateOne({ _id: doc._id }, { $set: { status: 'cancelled', finishedAt: new Date() } });
      await FhirExportLock.deleteOne({ _id: doc.requester.id, exportId: doc._id });
      if (doc.status !== 'running') {
        await rm(exportFolder(deps.env, String(doc._id)), { recursive: true, force: true });
      }
      sendResource(res, 202, {
        resourceType: 'OperationOutcome',
        issue: [{ severity: 'information', code: 'informational', diagnostics: 'Export cancelled' }],
      });
    } catch (error) {
      sendFailure(res, error, deps.logger, 'export cancel');
    }
  });

  router.get('/_export/:id/:file', async (req, res) => {
    try {
      requireExporter(res);
      const doc = await exportOf(String(req.params.id));
      const file = doc.status === 'completed' ? doc.files.find((item) => item.name === req.params.file) : undefined;
      if (!file) throw new FhirError(404, 'not-found', 'No such file');
      const path = join(exportFolder(deps.env, String(doc._id)), file.name);
      const size = await stat(path).then(
        (info) => info.size,
        () => null,
      );
      if (size === null) throw new FhirError(404, 'not-found', 'The file has expired');
      await recordAudit(deps, actorOf(res.locals.user, clientIp(req)), {
        action: 'export',
        entity: 'fhir',
        entityId: String(doc._id),
        label: `download ${file.name}`,
      });
      res.status(200).type('application/fhir+ndjson');
      res.setHeader('Content-Length', String(size));
      res.setHeader('Content-Disposition', `attachment; filename="${file.name}"`);
      createReadStream(path).pipe(res);
    } catch (error) {
      sendFailure(res, error, deps.logger, 'export download');
    }
  });
}
