import type { AppRouter } from '@mas/api';
import type { TRPCClientErrorLike } from '@trpc/client';
import { tAny as t } from '../i18n/use-t.ts';
import { formatDate } from './format.ts';
import { roleLabel } from './role-names.ts';

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
 * Spanish screen does not switch language mid-sentence. Sentences with values in them are in
 * MESSAGE_PATTERNS below; anything else is shown as it is.
 */
const KNOWN_MESSAGES = {
  'At least 8 characters': 'errors:validation.minPassword',
  'At most 128 characters': 'errors:validation.maxPassword',
  'Only letters a-z, digits and . _ -': 'errors:validation.username',
  'No control, invisible or text-direction characters': 'errors:validation.unsafeText',
  'A phone number such as +34 600 123 456': 'errors:validation.phone',
  'Invalid id': 'errors:validation.selectOption',
  'The new password must differ from the current one': 'errors:validation.passwordSame',
  'Must not be before "from"': 'errors:validation.notBeforeFrom',
  'The current password is not correct.': 'errors:server.currentPasswordWrong',
  'Choose a password that is not your name or username.': 'errors:server.contextualPassword',
  'This password is too common. Choose one that is harder to guess.': 'errors:server.commonPassword',
  'This username is already taken.': 'errors:server.usernameTaken',
  'Another record already uses this name.': 'errors:server.nameTaken',
  'The built-in "None" entry cannot be deleted, retired or renamed: patient forms offer it.':
    'errors:server.noneDisability',
  'Already in use': 'errors:server.nameTaken',
  'Someone else changed this record meanwhile. Reload it and try again.': 'errors:server.versionConflict',
  'Change your password before continuing.': 'errors:server.mustChangePassword',
  'That role is inactive.': 'errors:server.roleInactive',
  Inactive: 'errors:server.inactiveChoice',
  'Not found': 'errors:server.notFound',
  Occupied: 'errors:server.occupied',
  'Being cleaned': 'errors:server.beingCleaned',
  'Out of service': 'errors:server.outOfService',
  'No such bed': 'errors:server.noSuchBed',
  'Same bed': 'errors:server.sameBed',
  'Already admitted': 'errors:server.alreadyAdmitted',
  'Cannot be in the future': 'errors:server.future',
  'Before the admission': 'errors:server.beforeAdmission',
  'After the discharge': 'errors:server.afterDischarge',
  'At least one diagnosis': 'errors:server.oneDiagnosis',
  'The birth date cannot be in the future': 'errors:server.birthFuture',
  'Too far in the past': 'errors:server.tooOld',
  'At least 24 years ago': 'errors:server.graduation',
  Required: 'errors:validation.required',
  'Cannot change': 'errors:server.cannotChange',
  // Sign-in and session.
  'Sign in to continue.': 'errors:server.signIn',
  'Your session has ended. Sign in again.': 'auth:session.expired',
  'Incorrect username or password.': 'auth:signIn.badCredentials',
  'Internal server error': 'errors:generic.internal',
  // Users, roles, patient and staff records.
  'Built-in roles keep their name and permissions; only the description can change.': 'entities:role.builtInHint',
  'Someone else is deleting this record right now.': 'errors:server.beingDeleted',
  'This record is being put to use right now. Try again in a moment.': 'errors:server.beingUsed',
  'Something chosen here no longer exists or is being deleted. Reload and try again.': 'errors:server.choiceGone',
  'Each "write" permission needs its "read" permission too.': 'errors:server.writeNeedsRead',
  'A built-in role already has this name.': 'errors:server.builtInRoleName',
  'You cannot grant permissions you do not hold yourself.': 'errors:server.grantOwnOnly',
  'You cannot change your own role.': 'errors:server.ownRole',
  'You cannot change a role that holds permissions you do not hold yourself.': 'errors:server.roleAboveYou',
  'At least one active Superadmin must remain.': 'errors:server.lastSuperadmin',
  'A patient record stays linked to its user account.': 'clinical:patient.userFixed',
  'A staff record stays linked to its user account.': 'clinical:medicalStaff.userFixed',
  "Choose the patient's user account.": 'errors:server.choosePatientUser',
  "Choose the staff member's user account.": 'errors:server.chooseStaffUser',
  'This user already has a patient record.': 'errors:server.userHasPatient',
  'This user already has a medical staff record.': 'errors:server.userHasStaff',
  '"None" cannot be combined with other disabilities.': 'errors:server.noneAlone',
  'Some of these disabilities do not exist.': 'errors:server.someDisabilitiesMissing',
  'Some of these diagnoses do not exist.': 'errors:server.someDiagnosesMissing',
  // Rooms and admissions.
  'Patients are admitted to this room. Discharge or transfer them first.': 'errors:server.roomHasPatients',
  'Someone else changed this room meanwhile. Try again.': 'errors:server.roomChanged',
  'This patient has an active admission. Discharge it first.': 'errors:server.patientHasAdmission',
  'This patient already has an active admission.': 'errors:server.patientAlreadyAdmitted',
  'This patient already has an admission with this staff member on that day.': 'errors:server.duplicateAdmission',
  'Someone else changed this admission meanwhile. Reload it and try again.': 'errors:server.admissionChanged',
  'This admission is being changed by someone else right now. Try again in a moment.': 'errors:server.admissionBusy',
  'This admission has ended; only active admissions can be transferred.': 'errors:server.admissionEnded',
  'The patient already lies in that bed.': 'errors:server.alreadyInBed',
  'A discharge cannot come before the admission.': 'errors:server.dischargeBeforeAdmission',
  'The admission cannot come after the discharge.': 'errors:server.admissionAfterDischarge',
  'Some of these admissions no longer exist.': 'errors:server.someAdmissionsGone',
  'That date is in the future.': 'errors:server.dateFuture',
} as const;

/** The value of `table[key]` when the table has that key (not an inherited one). */
function lookup<T extends Record<string, string>>(table: T, key: string | undefined): T[keyof T] | undefined {
  return key !== undefined && Object.hasOwn(table, key) ? table[key as keyof T] : undefined;
}

/** The records messages name ("That staff member…", "No medicalStaff with this id."), by their English words. */
const RECORDS = {
  user: 'user',
  role: 'role',
  specialty: 'specialty',
  department: 'department',
  room: 'room',
  disability: 'disability',
  diagnosis: 'diagnosis',
  patient: 'patient',
  medicalStaff: 'medicalStaff',
  'staff member': 'medicalStaff',
  admission: 'admission',
} as const;
/** Records only named after "That …". */
const THAT = { ...RECORDS, 'user account': 'userAccount', 'patient record': 'patientRecord' } as const;

/** What still points at a record that cannot be deleted (packages/api/src/domains/references.ts). */
const USED_BY = {
  'user accounts': 'userAccounts',
  rooms: 'rooms',
  'medical staff records': 'staffRecords',
  'patient records': 'patientRecords',
  admissions: 'admissions',
  'the transfer history of admissions': 'transferHistory',
  'a patient record': 'aPatientRecord',
  'a medical staff record': 'aStaffRecord',
} as const;

const OWN_ACTIONS = { delete: 'delete', deactivate: 'deactivate', edit: 'edit', reset: 'reset' } as const;

/** Fields a duplicate-key message names (FIELD_LABELS in packages/api/src/errors.ts). */
const FIELD_NAMES = { name: 'name', username: 'username', user: 'user', value: 'value' } as const;

/** "Room 101" (the API's roomLabel) → "101", as bed labels show rooms elsewhere; other names stay. */
const roomName = (label: string) => label.replace(/^Room /, '');
/** "Room 101" → "la habitación 101" in the reader's language; names that say what they are stay. */
const roomPhrase = (label: string) =>
  /^Room ./.test(label) ? t('errors:words.room', { name: roomName(label) }) : label;
/** The bed sentences' values: the bare room name (Spanish) and the whole label (English). */
const bedValues = (groups: Groups) => ({
  bed: Number(groups.bed),
  room: roomName(groups.room ?? ''),
  place: roomPhrase(groups.room ?? ''),
});

/** Permissions that are not an entity's read or write (packages/shared/src/permissions.ts). */
const OTHER_PERMISSIONS = {
  'admission.delete': 'admissionDelete',
  'audit.read': 'audit.read',
  'dashboard.read': 'dashboard.read',
  'backup.export': 'backup.export',
} as const;

/** "patient.write" → "Pacientes: Cambiar", as the role form labels permissions; unknown ones stay. */
function permissionLabel(permission: string): string {
  const other = lookup(OTHER_PERMISSIONS, permission);
  if (other) return t(`entities:role.permissionNames.${other}`);
  const [, name, access] = /^(\w+)\.(read|write)$/.exec(permission) ?? [];
  const entity = lookup(RECORDS, name);
  if (!entity || entity !== name) return permission;
  return `${t(`entities:role.permissionNames.${entity}`)}: ${t(access === 'read' ? 'entities:role.read' : 'entities:role.write')}`;
}

type Groups = Record<string, string | undefined>;

/**
 * Messages with values in them (bed numbers, room and record names, dates), as the API builds
 * them; checked in order after KNOWN_MESSAGES. A render that returns undefined (a word it
 * does not know) leaves the message to the next pattern, or as it is.
 */
const MESSAGE_PATTERNS: Array<{ pattern: RegExp; render(groups: Groups): string | undefined }> = [
  // Back-dated admissions (packages/api/src/domains/admissions/service.ts checkBackdate).
  {
    pattern: /^An admission dated more than (?<days>\d+) days back needs a reason\.$/,
    render: (g) => t('errors:server.backdateNeedsReason', { days: g.days }),
  },
  {
    pattern: /^Only an Administrator may date an admission more than (?<days>\d+) days back\.$/,
    render: (g) => t('errors:server.backdateForbidden', { days: g.days }),
  },
  // Beds and rooms (packages/api/src/domains/admissions/service.ts, room/beds.ts, room/service.ts).
  {
    pattern: /^Bed (?<bed>\d+) of (?<room>.+?) is occupied\. Discharge or transfer the patient first\.$/,
    render: (g) => t('errors:server.bedOccupiedDischarge', bedValues(g)),
  },
  {
    pattern: /^Bed (?<bed>\d+) of (?<room>.+?) is occupied by (?<name>.+)\.$/,
    render: (g) => t('errors:server.bedOccupiedBy', { ...bedValues(g), name: g.name }),
  },
  {
    pattern: /^Bed (?<bed>\d+) of (?<room>.+) is occupied\.$/,
    render: (g) => t('errors:server.bedOccupied', bedValues(g)),
  },
  {
    pattern: /^Bed (?<bed>\d+) of (?<room>.+) is being cleaned\.$/,
    render: (g) => t('errors:server.bedCleaning', bedValues(g)),
  },
  {
    pattern: /^Bed (?<bed>\d+) of (?<room>.+) is out of service\.$/,
    render: (g) => t('errors:server.bedOutOfService', bedValues(g)),
  },
  {
    pattern: /^Bed (?<bed>\d+) is occupied: the room needs at least (?<beds>\d+) beds until it is free\.$/,
    render: (g) => t('errors:server.bedNeeded', { bed: Number(g.bed), beds: Number(g.beds) }),
  },
  {
    pattern: /^(?<room>.+) has (?<count>\d+) beds?\.$/,
    render: (g) => t('errors:server.roomBeds', { count: Number(g.count), place: roomPhrase(g.room ?? '') }),
  },
  {
    pattern: /^(?<room>.+) is out of use\.$/,
    render: (g) => t('errors:server.roomOutOfUse', { place: roomPhrase(g.room ?? '') }),
  },
  // Admissions.
  {
    pattern: /^(?<name>.+) already has an active admission\.$/,
    render: (g) => t('errors:server.namedAlreadyAdmitted', { name: g.name }),
  },
  {
    pattern: /^This admission was already discharged \((?<date>[^)]*)\)\.$/,
    render: ({ date = '' }) =>
      date === 'earlier'
        ? t('errors:server.alreadyDischarged')
        : t('errors:server.alreadyDischargedOn', { date: /^\d{4}-\d{2}-\d{2}$/.test(date) ? formatDate(date) : date }),
  },
  // Records that do not exist, are inactive or are still used (crud/service.ts and the services' checks).
  { pattern: /^That (?<what>.+) does not exist\.$/, render: (g) => that('errors:server.missing', g.what) },
  { pattern: /^That (?<what>.+) is inactive\.$/, render: (g) => that('errors:server.deactivated', g.what) },
  { pattern: /^No (?<what>\w+) with this id\.$/, render: (g) => that('errors:server.gone', g.what) },
  {
    pattern: /^Some of these (?<what>\w+) records no longer exist\.$/,
    render: (g) => {
      const entity = lookup(RECORDS, g.what);
      return entity && t('errors:server.someGone', { records: t(`errors:records.${entity}`) });
    },
  },
  { pattern: /^"(?<name>.+)" is inactive\.$/, render: (g) => t('errors:server.nameDeactivated', { name: g.name }) },
  {
    pattern: /^"(?<name>.+)" is still used by (?<what>.+)\. Deactivate it instead of deleting it\.$/,
    render: (g) => {
      const what = lookup(USED_BY, g.what);
      if (!what) return undefined;
      const where = t(`errors:usedBy.${what}`);
      // The API names the entity ("room") when it could not name the record.
      return lookup(RECORDS, g.name) === g.name
        ? t('errors:server.recordStillUsed', { where })
        : t('errors:server.stillUsed', { name: g.name, where });
    },
  },
  {
    pattern: /^Another record already uses this (?<what>.+)\.$/,
    render: (g) => {
      const field = lookup(FIELD_NAMES, g.what);
      return field
        ? t('errors:server.duplicateField', { field: t(`errors:fieldNames.${field}`) })
        : t('errors:server.duplicateFields', { fields: g.what });
    },
  },
  { pattern: /^Invalid value for (?<field>.+)\.$/, render: (g) => t('errors:server.invalidValue', { field: g.field }) },
  // Users and roles (users/service.ts, people.ts, roles/service.ts, trpc.ts).
  {
    pattern: /^That user's role is not "(?<role>.+)"\.$/,
    render: (g) => t('errors:server.roleIsNot', { role: roleLabel(g.role ?? '') }),
  },
  {
    pattern: /^Role must be "(?<role>.+)"$/,
    render: (g) => t('errors:server.roleMustBe', { role: roleLabel(g.role ?? '') }),
  },
  {
    pattern: /^Only a more senior administrator can manage "(?<role>.+)" accounts\.$/,
    render: (g) => t('errors:server.seniorOnly', { role: roleLabel(g.role ?? '') }),
  },
  {
    pattern: /^"(?<role>.+)" is a built-in role and cannot be deleted or deactivated\.$/,
    render: (g) => t('errors:server.builtInRole', { role: roleLabel(g.role ?? '') }),
  },
  {
    pattern: /^You cannot (?<action>\w+) your own account\.$/,
    render: (g) => {
      const action = lookup(OWN_ACTIONS, g.action);
      return action && t('errors:server.ownAccount', { action: t(`errors:ownActions.${action}`) });
    },
  },
  {
    pattern: /^You do not have the "(?<permission>[^"]+)" permission\.$/,
    render: (g) => t('errors:server.noPermission', { permission: permissionLabel(g.permission ?? '') }),
  },
  // Sign-in throttling (auth/throttle.ts), backups (backup/service.ts), shared schemas.
  {
    pattern: /^Too many failed sign-ins\. Try again in (?<seconds>\d+) s\.$/,
    render: (g) => t('auth:signIn.throttled', { seconds: Number(g.seconds) }),
  },
  {
    pattern:
      /^The database holds (?<documents>\d+) documents, more than one export can carry \((?<max>\d+)\); ask an operator for a mongodump backup\.$/,
    render: (g) => t('errors:server.tooManyDocuments', { documents: g.documents, max: g.max }),
  },
  // Live connection limits (realtime/connections.ts, trpc.ts).
  {
    pattern: /^At most (?<count>\d+) live connections per session\.$/,
    render: (g) => t('errors:server.tooManySockets', { count: Number(g.count) }),
  },
  {
    pattern: /^At most (?<count>\d+) live subscriptions per connection\.$/,
    render: (g) => t('errors:server.tooManySubscriptions', { count: Number(g.count) }),
  },
  {
    pattern: /^At most (?<count>\d+) days$/,
    render: (g) => t('errors:validation.maxDays', { count: Number(g.count) }),
  },
];

/** A sentence about "that <record>", or undefined for a record it does not know. */
function that(
  key: 'errors:server.missing' | 'errors:server.deactivated' | 'errors:server.gone',
  what: string | undefined,
): string | undefined {
  const record = lookup(THAT, what);
  return record && t(key, { that: t(`errors:that.${record}`) });
}

/** An API or schema message in the reader's language; unknown messages are shown as they are. */
export function translateMessage(message: string): string {
  const key = lookup(KNOWN_MESSAGES, message);
  if (key) return t(key);
  for (const { pattern, render } of MESSAGE_PATTERNS) {
    const groups = pattern.exec(message)?.groups;
    const translated = groups && render(groups);
    if (translated) return translated;
  }
  return message;
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
      // CONFLICT, FORBIDDEN, NOT_FOUND…: the server's sentence, in the reader's language where we know it.
      return translateMessage(message);
  }
}
