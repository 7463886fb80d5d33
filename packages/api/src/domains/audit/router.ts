import { ZAuditEntry, ZAuditListInput, zListOutput } from '@mas/shared';
import { Types } from 'mongoose';
import type { z } from 'zod';
import { op } from '../../db/schema.ts';
import { onChangeProcedure } from '../../realtime/on-change.ts';
import { permissionProcedure, router } from '../../trpc.ts';
import { Audit, auditNumbers } from '../../core/audit-model.ts';
import { AUDIT_TALLY, toAuditDto } from '../../core/audit.ts';
import { auditPage } from '../../core/audit-trail.ts';
import { readTally } from '../../db/tallies.ts';
import { findByIds } from '../../db/by-id.ts';

type AuditQuery = z.infer<typeof ZAuditListInput>;

/**
 * Newest or oldest first, filtered by user, kind, action, record and dates: point lookups of
 * numbered entries and their posting lists (core/audit-trail.ts). The ordinary query (every filter
 * one an index of the audit collection serves on MongoDB) answers what that layout cannot.
 */
async function listAudit(input: AuditQuery) {
  const filter: Record<string, unknown> = {};
  if (input.actorId) filter.actorId = new Types.ObjectId(input.actorId);
  if (input.entity) filter.entity = input.entity;
  if (input.entityId) filter.entityId = input.entityId;
  if (input.action) filter.action = input.action;
  if (input.search) filter.actorUsername = input.search;
  if (input.from || input.to) {
    filter.createdAt = op({ ...(input.from ? { $gte: input.from } : {}), ...(input.to ? { $lte: input.to } : {}) });
  }
  const direction = input.sort?.direction === 'asc' ? 1 : -1;
  const skip = (input.page - 1) * input.perPage;
  if (!Object.keys(filter).length && direction === -1) {
    const [newest, totals] = await Promise.all([auditNumbers.newest(skip, input.perPage), readTally(AUDIT_TALLY)]);
    if (newest)
      return { items: newest.map(toAuditDto), total: totals.n ?? 0, page: input.page, perPage: input.perPage };
  }
  const numbered = await auditPage(input, { skip, limit: input.perPage, newestFirst: direction === -1 });
  if (numbered)
    return { items: numbered.items.map(toAuditDto), total: numbered.total, page: input.page, perPage: input.perPage };
  const [docs, total] = await Promise.all([
    Audit.find(filter).sort({ createdAt: direction, _id: direction }).skip(skip).limit(input.perPage).lean(),
    Object.keys(filter).length ? Audit.countDocuments(filter) : readTally(AUDIT_TALLY).then((totals) => totals.n ?? 0),
  ]);
  return { items: docs.map(toAuditDto), total, page: input.page, perPage: input.perPage };
}

export const auditRouter = router({
  list: permissionProcedure('audit.read')
    .input(ZAuditListInput)
    .output(zListOutput(ZAuditEntry))
    .query(({ input }) => listAudit(input)),

  onChange: onChangeProcedure('audit', 'audit.read', {
    item: ZAuditEntry,
    loadItems: async (ids) => new Map((await findByIds(Audit, ids)).map((doc) => [String(doc._id), toAuditDto(doc)])),
  }),
});
