import { z } from 'zod';
import { ZObjectId, ZStamps, zListInput } from './common.ts';
import { ZCodedLabel } from './labels.ts';

export const AUDIT_ACTIONS = [
  'create',
  'update',
  'delete',
  'activate',
  'deactivate',
  'login',
  'logout',
  'loginFailed',
  'passwordChange',
  'passwordChangeFailed',
  'passwordReset',
  'read',
  /** A list that returned patient data: one entry naming the records returned. */
  'list',
  'admit',
  'transfer',
  'discharge',
  'bedStatus',
  'export',
  'book',
  'reschedule',
  'cancel',
  'checkIn',
  'complete',
  'noShow',
] as const;
export const ZAuditAction = z.enum(AUDIT_ACTIONS);
export type TAuditAction = z.infer<typeof ZAuditAction>;

export const ZFieldChange = z.strictObject({ field: z.string(), from: z.unknown(), to: z.unknown() });

export const ZAuditEntry = ZStamps.omit({ updatedAt: true, version: true }).extend({
  actorId: ZObjectId.nullable(),
  actorUsername: z.string(),
  action: ZAuditAction,
  entity: z.string(),
  entityId: z.string().nullable(),
  label: z.string().nullable(),
  /** A label the API composed, as a code and params (entries before it have `label` text only). */
  coded: ZCodedLabel.nullable(),
  changes: z.array(ZFieldChange),
  ip: z.string().nullable(),
});

export const ZAuditListInput = zListInput(['createdAt'], {
  actorId: ZObjectId.optional(),
  entity: z.string().max(40).optional(),
  entityId: z.string().max(40).optional(),
  action: ZAuditAction.optional(),
  from: z.date().optional(),
  to: z.date().optional(),
});
