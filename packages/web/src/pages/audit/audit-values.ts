import { permissionLabel } from '../../app/entities.ts';
import { i18n } from '../../i18n/index.ts';
import { tAny } from '../../i18n/use-t.ts';
import { formatShortDateTime } from '../../lib/format.ts';
import { codedLabelText } from '../../lib/labels.ts';
import { roleLabel } from '../../lib/role-names.ts';
import type { TAuditRow } from '../../lib/api-types.ts';
import { disabilityLabel } from '../patients/disabilities.ts';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
const exists = (key: string) => i18n.exists(key);
/** Keys built from stored values, checked with `exists` first. */
const t = (key: string, options?: Record<string, unknown>) =>
  (tAny as unknown as (key: string, options?: Record<string, unknown>) => string)(key, options);

/** A stored enum value, in words, where the field says which list it comes from. */
function enumLabel(entity: string, field: string, value: string): string | null {
  const keys = [
    field === 'status' && entity === 'admission' ? `clinical:admission.status.${value}` : '',
    // Bed status changes are recorded per bed ("bed 2": available → cleaning).
    /^bed \d+$/.test(field) || field === 'status' ? `clinical:board.legend.${value}` : '',
    field === 'gender' ? `entities:user.genders.${value}` : '',
    field === 'permissions' ? 'permission' : '',
  ].filter(Boolean);
  for (const key of keys) {
    if (key === 'permission') return permissionLabel(value);
    if (exists(key)) return t(key);
  }
  return null;
}

/** How a changed value reads in the diff: words for enums, dates and yes/no, lists joined; JSON last. */
export function auditValue(entity: string, field: string, value: unknown, empty: string): string {
  if (value === null || value === undefined || value === '') return empty;
  if (Array.isArray(value)) {
    if (value.length === 0) return empty;
    return value.map((item) => auditValue(entity, field, item, empty)).join(', ');
  }
  if (value instanceof Date) return formatShortDateTime(value);
  if (typeof value === 'boolean') {
    if (field === 'isActive') return t(value ? 'common:status.active' : 'common:status.inactive');
    return t(value ? 'common:yes' : 'common:no');
  }
  if (typeof value === 'string') {
    if (ISO_DATE.test(value) && !Number.isNaN(Date.parse(value))) return formatShortDateTime(new Date(value));
    const known = enumLabel(entity, field, value);
    if (known !== null) return known;
    if (field === 'name' && entity === 'role') return roleLabel(value);
    if (field === 'name' && entity === 'disability') return disabilityLabel(value);
    return value;
  }
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** A changed field's name: "bed 2" reads "Cama 2"; others from the audit field names. */
export function auditFieldLabel(field: string, known: (field: string) => string): string {
  const bed = /^bed (\d+)$/.exec(field);
  return bed ? t('clinical:board.bed', { bed: Number(bed[1]) }) : known(field);
}

/**
 * The record an entry is about, in the reader's language: the account's username for sign-ins
 * (never its id), "unknown account" when the name matched none, beds and roles translated.
 */
export function auditRecordLabel(row: TAuditRow): string {
  const { label, coded } = row;
  // A label the API composed (a bed, a count): its code and params, in the reader's words.
  if (coded) return codedLabelText(coded);
  // Entries stored before composed labels had codes said 'unknownAccount'.
  if (label === 'unknownAccount') return t('audit:unknownAccount');
  if (label) {
    if (row.entity === 'role') return roleLabel(label);
    if (row.entity === 'disability') return disabilityLabel(label);
    // A name as typed; entries from before composed labels had codes show their text as stored.
    return label;
  }
  // Sign-ins, sign-outs and password events are about the actor's own account.
  if (row.entity === 'user' && row.entityId && row.entityId === row.actorId && row.actorUsername)
    return `@${row.actorUsername}`;
  if (row.action === 'loginFailed') return t('audit:unknownAccount');
  if (row.action === 'list') {
    const ids = row.changes.find((change) => change.field === 'ids')?.to;
    return t('audit:listRecords', { count: Array.isArray(ids) ? ids.length : 0 });
  }
  return row.entityId ?? '';
}
