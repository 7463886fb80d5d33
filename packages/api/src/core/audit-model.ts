import type { TCodedLabel } from '@mas/shared';
import { model, Schema, type Types } from 'mongoose';
import { numbering } from '../db/numbering.ts';
import { ObjectIdType } from '../db/schema.ts';

export interface FieldChange {
  field: string;
  from: unknown;
  to: unknown;
}

export interface AuditDoc {
  _id: Types.ObjectId;
  createdAt: Date;
  actorId: Types.ObjectId | null;
  actorUsername: string;
  action: string;
  entity: string;
  entityId: string | null;
  /** A short human label of the record (e.g. a catalogue name); never clinical content. */
  label: string | null;
  /** A label the API composed (a bed, a count), as a code and params; null on entries before codes. */
  coded?: TCodedLabel | null;
  changes: FieldChange[];
  ip: string | null;
}

const schema = new Schema<AuditDoc>(
  {
    createdAt: { type: Date, required: true },
    actorId: { type: ObjectIdType, default: null },
    actorUsername: { type: String, required: true },
    action: { type: String, required: true },
    entity: { type: String, required: true },
    entityId: { type: String, default: null },
    label: { type: String, default: null },
    coded: { type: Schema.Types.Mixed, default: null },
    changes: { type: Schema.Types.Mixed, default: [] },
    ip: { type: String, default: null },
  },
  { collection: 'audit', versionKey: false, strict: 'throw' },
);
// Newest first with _id as the tie-breaker, as the list sorts: the whole sort in each index.
schema.index({ createdAt: -1, _id: -1 });
schema.index({ entity: 1, entityId: 1, createdAt: -1, _id: -1 });
schema.index({ actorId: 1, createdAt: -1, _id: -1 });
schema.index({ action: 1, createdAt: -1, _id: -1 });

export const Audit = model<AuditDoc>('Audit', schema);

/** Entries are numbered in their `_id`, so the viewer's newest-first pages are point lookups (see numbering.ts). */
export const auditNumbers = numbering<AuditDoc>('audit', Audit);
