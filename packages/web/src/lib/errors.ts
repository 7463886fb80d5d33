import type { TErrorCode, TWireError } from '@mas/shared';
import { permissionLabel, recordWord } from '../app/entities.ts';
import { i18n } from '../i18n/index.ts';
import { tAny as t } from '../i18n/use-t.ts';
import { formatDate, formatDateTime } from './format.ts';
import { roleLabel } from './role-names.ts';

/**
 * The API names what went wrong with a code from @mas/shared's closed list and its params
 * (`error.data.appError`, and `error.data.fieldErrors` per field); the words are ours, in
 * `errors:codes.<code>` of each locale. Only types come from @mas/shared here: the app shell
 * shows errors too, and must not load zod for it.
 */
interface ErrorLike {
  message?: unknown;
  data?: {
    code?: string;
    appError?: TWireError | null;
    fieldErrors?: Record<string, TWireError[] | undefined> | null;
  } | null;
}

const asErrorLike = (error: unknown): ErrorLike | null =>
  typeof error === 'object' && error !== null ? (error as ErrorLike) : null;

/** The tRPC error code (UNAUTHORIZED, CONFLICT…), or undefined for network failures. */
export function errorCode(error: unknown): string | undefined {
  return asErrorLike(error)?.data?.code;
}

export const isUnauthorized = (error: unknown) => errorCode(error) === 'UNAUTHORIZED';

/** The code and params the API gave a failure, when it gave one. */
export function appErrorOf(error: unknown): TWireError | null {
  return asErrorLike(error)?.data?.appError ?? null;
}

/** Whether this locale has words for a code (a code from a newer API may not yet). */
export const isKnownCode = (code: string): code is TErrorCode => i18n.exists(`errors:codes.${code}`);

/** A word from one of the errors namespace's tables, or the value itself when it has none. */
const word = (table: string, value: unknown) =>
  i18n.exists(`errors:${table}.${String(value)}`) ? t(`errors:${table}.${String(value)}` as never) : String(value);

const wallClock = (value: unknown) =>
  typeof value === 'string' && /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/.test(value) ? formatDateTime(value) : value;

/** How params read in a sentence: records, roles, permissions and dates in the reader's words. */
const PARAM_WORDS: Record<string, (value: unknown) => unknown> = {
  /** A record as the subject of a sentence: "That patient" / "Ese paciente". */
  entity: (value) => recordWord(value, 'that') ?? word('that', value),
  /** Records of a kind: "patient" / "pacientes". */
  records: (value) => recordWord(value, 'records') ?? value,
  usedBy: (value) => word('usedBy', value),
  action: (value) => word('ownActions', value),
  field: (value) => word('fieldNames', value),
  /** A room by its name: "la habitación 101"; names that say what they are ("Sala 3") stay. */
  room: (value) =>
    /^(room|sala|habitaci[oó]n)\b/i.test(String(value)) ? value : t('errors:words.room', { name: value }),
  role: (value) => roleLabel(String(value)),
  permission: (value) => permissionLabel(String(value)),
  date: (value) => (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? formatDate(value) : value),
  /** Appointment times, sent as the staff member's wall clock "YYYY-MM-DD HH:mm": read as "2 dic 2026 13:00". */
  from: wallClock,
  to: wallClock,
};

/** The one translation of an error: its code's text with its params, in the reader's language. */
export function translateCode(code: string, params: Record<string, unknown> = {}): string {
  const values: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(params)) values[name] = PARAM_WORDS[name]?.(value) ?? value;
  return String(t(`errors:codes.${code}` as never, values as never));
}

/** Server-side field errors, in the reader's language, by field name (the first of each field). */
export function fieldErrorsOf(error: unknown): Record<string, string> {
  const fieldErrors = asErrorLike(error)?.data?.fieldErrors ?? {};
  const out: Record<string, string> = {};
  for (const [field, errors] of Object.entries(fieldErrors)) {
    const first = errors?.[0];
    if (first && isKnownCode(first.code)) out[field] = translateCode(first.code, first.params);
  }
  return out;
}

/**
 * Whether a conflict says more than its field errors (e.g. who occupies the bed), and so
 * deserves a place above the form too; a duplicate name says it once, beside the field.
 */
export function conflictNeedsBanner(error: unknown): boolean {
  if (errorCode(error) !== 'CONFLICT') return false;
  const code = appErrorOf(error)?.code;
  const fieldErrors = asErrorLike(error)?.data?.fieldErrors ?? {};
  return !Object.values(fieldErrors).some((errors) => errors?.some((fieldError) => fieldError.code === code));
}

/** One readable sentence for any failed call, in the reader's language. */
export function describeError(error: unknown): string {
  const code = errorCode(error);
  const appError = appErrorOf(error);
  switch (code) {
    case undefined:
      return t('errors:generic.network');
    case 'INTERNAL_SERVER_ERROR':
      return t('errors:generic.internal');
    case 'UNAUTHORIZED':
      return t('auth:session.expired');
    case 'BAD_REQUEST':
      if (Object.keys(fieldErrorsOf(error)).length > 0) return t('errors:generic.invalidInput');
      break;
  }
  if (appError && isKnownCode(appError.code)) return translateCode(appError.code, appError.params);
  if (code === 'TOO_MANY_REQUESTS') return t('errors:generic.tooMany');
  // A failure without a code (tRPC's own, e.g. a procedure this client does not know): as sent.
  const message = asErrorLike(error)?.message;
  return typeof message === 'string' && message ? message : t('errors:generic.internal');
}
