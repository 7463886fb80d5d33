import { model, Schema, type Types } from 'mongoose';

export const EXPORT_STATUSES = ['accepted', 'running', 'completed', 'failed', 'cancelled'] as const;
export type ExportStatus = (typeof EXPORT_STATUSES)[number];

export interface ExportFile {
  type: string;
  /** File name inside the export's folder. */
  name: string;
  count: number;
}

/** The requester as the job acts: their permissions when they asked (the job reads through the procedures as them). */
export interface ExportRequester {
  id: string;
  username: string;
  firstName: string;
  lastName: string;
  roleId: string;
  roleName: string;
  permissions: string[];
}

export interface ExportDoc {
  _id: Types.ObjectId;
  requester: ExportRequester;
  ip: string;
  level: 'system' | 'patient';
  types: string[];
  since: Date | null;
  /** The kick-off URL, echoed in the manifest. */
  request: string;
  status: ExportStatus;
  /** Resource types written so far, of `types.length`. */
  typesDone: number;
  resources: number;
  transactionTime: Date;
  files: ExportFile[];
  error: string | null;
  createdAt: Date;
  finishedAt: Date | null;
  /** Files and record are deleted after this (by the purge job). */
  expiresAt: Date;
}

const schema = new Schema<ExportDoc>(
  {
    requester: {
      id: String,
      username: String,
      firstName: String,
      lastName: String,
      roleId: String,
      roleName: String,
      permissions: [String],
    },
    ip: { type: String, default: '' },
    level: { type: String, required: true, enum: ['system', 'patient'] },
    types: { type: [String], required: true },
    since: { type: Date, default: null },
    request: { type: String, required: true },
    status: { type: String, required: true, enum: EXPORT_STATUSES },
    typesDone: { type: Number, default: 0 },
    resources: { type: Number, default: 0 },
    transactionTime: { type: Date, required: true },
    files: {
      type: [new Schema({ type: String, name: String, count: Number }, { _id: false })],
      default: [],
    },
    error: { type: String, default: null },
    createdAt: { type: Date, required: true },
    finishedAt: { type: Date, default: null },
    expiresAt: { type: Date, required: true },
  },
  { collection: 'fhir_exports', versionKey: false, strict: 'throw' },
);
schema.index({ expiresAt: 1 });
schema.index({ createdAt: -1 });

export const FhirExport = model<ExportDoc>('FhirExport', schema);

/** One running export per requester: inserting the lock (unique _id) is taking it. */
export interface ExportLockDoc {
  _id: string;
  exportId: Types.ObjectId;
  at: Date;
}
export const FhirExportLock = model<ExportLockDoc>(
  'FhirExportLock',
  new Schema<ExportLockDoc>(
    { _id: String, exportId: { type: Schema.Types.ObjectId, required: true }, at: { type: Date, required: true } },
    { collection: 'fhir_export_locks', versionKey: false },
  ),
);
