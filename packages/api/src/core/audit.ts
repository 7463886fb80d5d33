import { storedCodedLabel, type TAuditAction, type TCodedLabel } from '@mas/shared';
import { Types } from 'mongoose';
import type { AppDeps } from '../trpc.ts';
import { publishChange } from '../realtime/changes.ts';
import { addToTally, defineTally } from '../db/tallies.ts';
import { Audit, type AuditDoc, type FieldChange } from './audit-model.ts';
import { appendAudit } from './audit-trail.ts';
import type { Actor } from './call.ts';

/** Fields whose values never enter the audit trail. */
const SECRET_FIELDS = new Set(['passwordHash', 'password', 'searchText', 'nameKey', 'usernameKey']);

/** Field-level diff of two plain snapshots, for update entries. */
export function diff(before: Record<string, unknown>, after: Record<string, unknown>): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const field of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (['updatedAt', 'createdAt', 'version', '_id', 'id'].includes(field)) continue;
    const from = before[field];
    const to = after[field];
    if (comparable(from) === comparable(to)) continue;
    changes.push(
      SECRET_FIELDS.has(field)
        ? { field, from: '[redacted]', to: '[redacted]' }
        : { field, from: plain(from), to: plain(to) },
    );
  }
  return changes;
}

const comparable = (value: unknown) => JSON.stringify(plain(value) ?? null);
function plain(value: unknown): unknown {
  if (value instanceof Types.ObjectId) return String(value);
  if (Array.isArray(value)) return value.map(plain);
  return value;
}

export interface AuditInput {
  action: TAuditAction;
  entity: string;
  entityId?: string | null;
  label?: string | null;
  /** A label composed here (a bed, a count) is stored as a code and params, read in each reader's language. */
  coded?: TCodedLabel | null;
  changes?: FieldChange[];
}

/** How many entries the trail holds (the viewer's unfiltered total), kept by every entry and the purge. */
export const AUDIT_TALLY = 'audit';
defineTally(AUDIT_TALLY, async () => ({ n: await Audit.estimatedDocumentCount() }), { global: true });

export async function recordAudit(deps: AppDeps, actor: Actor, input: AuditInput): Promise<AuditDoc> {
  const entry = await appendAudit({
    createdAt: new Date(),
    actorId: actor.id ? new Types.ObjectId(actor.id) : null,
    actorUsername: actor.username,
    action: input.action,
    entity: input.entity,
    entityId: input.entityId ?? null,
    label: input.label ?? null,
    coded: input.coded ?? null,
    changes: input.changes ?? [],
    ip: actor.ip ?? null,
  });
  await addToTally(AUDIT_TALLY, { n: 1 });
  await publishChange(deps, 'audit', 'created', String(entry._id), toAuditDto(entry));
  return entry;
}

export function toAuditDto(doc: AuditDoc) {
  return {
    id: String(doc._id),
    createdAt: doc.createdAt,
    actorId: doc.actorId ? String(doc.actorId) : null,
    actorUsername: doc.actorUsername,
    action: doc.action as TAuditAction,
    entity: doc.entity,
    entityId: doc.entityId,
    label: doc.label,
    coded: storedCodedLabel(doc.coded),
    changes: doc.changes,
    ip: doc.ip,
  };
}
