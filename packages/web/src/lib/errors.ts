import type { AppRouter } from '@mas/api';
import type { TRPCClientErrorLike } from '@trpc/client';
import { tAny as t } from '../i18n/use-t.ts';

export type ApiError = TRPCClientErrorLike<AppRouter>;

interface ErrorLike {
  message?: unknown;
  data?: { code?: string; zodError?: { fieldErrors?: Record<string, string[] | undefined> } | null } | null;
}

const asErrorLike = (error: unknown): ErrorLike | null =>
  typeof error === 'object' && error !== null ? (error as ErrorLike) : null;

/** The tRPC error code (UNAUTHORIZED, CONFLICT…), or undefined for network failures. */
export function errorCode(error: unknown): string | undefined {
  return asErrorLike(error)?.data?.code;
}

export const isUnauthorized = (error: unknown) => errorCode(error) === 'UNAUTHORIZED';

/**
 * Whether a conflict says more than its field errors (e.g. who occupies the bed), and so
 * deserves a place above the form too; a duplicate name says it once, beside the field.
 */
export function conflictNeedsBanner(error: unknown): boolean {
  if (errorCode(error) !== 'CONFLICT') return false;
  const message = asErrorLike(error)?.message;
  return !Object.values(fieldErrorsOf(error)).includes(typeof message === 'string' ? message : '');
}

/** Server-side field errors (zod's flattened `fieldErrors`, or a service's own) by field name. */
export function fieldErrorsOf(error: unknown): Record<string, string> {
  const fieldErrors = asErrorLike(error)?.data?.zodError?.fieldErrors ?? {};
  const out: Record<string, string> = {};
  for (const [field, messages] of Object.entries(fieldErrors)) if (messages?.[0]) out[field] = messages[0];
  return out;
}

/**
 * Messages the API and the shared schemas write in English, mapped to translation keys so a
 * Spanish screen does not switch language mid-sentence. Unknown messages are shown as they are.
 */
const KNOWN_MESSAGES = {
  'At least 8 characters': 'validation.minPassword',
  'At most 128 characters': 'validation.maxPassword',
  'Letters, digits and . _ @ - only': 'validation.username',
  'A phone number such as +34 600 123 456': 'validation.phone',
  'Invalid id': 'validation.selectOption',
  'The new password must differ from the current one': 'validation.passwordSame',
  'The current password is not correct.': 'server.currentPasswordWrong',
  'Choose a password that is not your name or username.': 'server.contextualPassword',
  'This username is already taken.': 'server.usernameTaken',
  'Another record already uses this name.': 'server.nameTaken',
  'Already in use': 'server.nameTaken',
  'Someone else changed this record meanwhile. Reload it and try again.': 'server.versionConflict',
  'Change your password before continuing.': 'server.mustChangePassword',
  'That role is inactive.': 'server.roleInactive',
  'Inactive': 'server.inactiveChoice',
  'Not found': 'server.notFound',
  Occupied: 'server.occupied',
  'Being cleaned': 'server.beingCleaned',
  'Out of service': 'server.outOfService',
  'No such bed': 'server.noSuchBed',
  'Same bed': 'server.sameBed',
  'Already admitted': 'server.alreadyAdmitted',
  'Cannot be in the future': 'server.future',
  'Before the admission': 'server.beforeAdmission',
  'After the discharge': 'server.afterDischarge',
  'At least one diagnosis': 'server.oneDiagnosis',
  'The birth date cannot be in the future': 'server.birthFuture',
  'Too far in the past': 'server.tooOld',
  'At least 24 years ago': 'server.graduation',
  Required: 'validation.required',
  'Cannot change': 'server.cannotChange',
} as const;

export function translateMessage(message: string): string {
  const key = KNOWN_MESSAGES[message as keyof typeof KNOWN_MESSAGES];
  return key ? t(`errors:${key}`) : message;
}

/** One readable sentence for any failed call, in the current language where we know the case. */
export function describeError(error: unknown): string {
  const code = errorCode(error);
  const raw = asErrorLike(error)?.message;
  const message = typeof raw === 'string' ? raw : '';
  switch (code) {
    case undefined:
      return t('errors:generic.network');
    case 'INTERNAL_SERVER_ERROR':
      return t('errors:generic.internal');
    case 'UNAUTHORIZED':
      return t('auth:session.expired');
    case 'TOO_MANY_REQUESTS': {
      const seconds = /(\d+)\s*s\b/.exec(message)?.[1];
      return seconds ? t('auth:signIn.throttled', { seconds: Number(seconds) }) : t('errors:generic.tooMany');
    }
    case 'BAD_REQUEST':
      if (Object.keys(fieldErrorsOf(error)).length > 0) return t('errors:generic.invalidInput');
      return translateMessage(message);
    default:
      // CONFLICT and FORBIDDEN messages name the record or the permission: shown as the server wrote them.
      return translateMessage(message);
  }
}
