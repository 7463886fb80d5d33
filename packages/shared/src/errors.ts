import { z } from 'zod';
import { GRANULE_MINUTES, MAX_APPOINTMENT_RANGE_DAYS } from './appointments.ts';
import { MAX_DASHBOARD_DAYS } from './dashboard.ts';
import { ENTITIES } from './permissions.ts';
import { MIN_YEARS_SINCE_GRADUATION } from './staff.ts';

/**
 * The closed list of everything the API can tell a user went wrong (DESIGN.md §10.4).
 *
 * Each code has the tRPC status it travels with, a typed params schema and its English
 * text (`{{param}}` placeholders, i18next style): the API throws `AppError(code, params)`,
 * sends code + params + the English text, and the web translates `errors:codes.<code>`
 * with the same params. Field errors and the shared schemas' own messages are codes too.
 * Rewording a message is then a change to locale files only; adding one is a row here
 * plus its es and en texts (a web test proves both exist with exactly these params).
 */

/** tRPC's error codes a service may answer with (the HTTP status follows from them). */
export type TErrorStatus =
  | 'BAD_REQUEST'
  | 'PARSE_ERROR'
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'PRECONDITION_FAILED'
  | 'PAYLOAD_TOO_LARGE'
  | 'TOO_MANY_REQUESTS'
  | 'INTERNAL_SERVER_ERROR';

/** An English text; `one`/`other` when it depends on the `count` param. */
type TEnglish = string | { one: string; other: string };

interface ErrorDef<P extends z.ZodObject = z.ZodObject> {
  status: TErrorStatus;
  params: P;
  en: TEnglish;
  /** Params a shared schema's message cannot carry itself (constants), used for its code. */
  defaults?: z.input<P>;
}

const none = z.strictObject({});
function def(status: TErrorStatus, en: TEnglish): ErrorDef<typeof none>;
function def<P extends z.ZodObject>(status: TErrorStatus, en: TEnglish, params: P, defaults?: z.input<P>): ErrorDef<P>;
function def(status: TErrorStatus, en: TEnglish, params?: z.ZodObject, defaults?: Record<string, unknown>): ErrorDef {
  return { status, en, params: params ?? none, ...(defaults ? { defaults } : {}) };
}

const ZEntityName = z.enum(ENTITIES);
/** What still points at a record that cannot be deleted (packages/api/src/core/references.ts). */
export const USED_BY = [
  'userAccounts',
  'rooms',
  'staffRecords',
  'patientRecords',
  'admissions',
  'transferHistory',
  'aPatientRecord',
  'aStaffRecord',
  'appointments',
] as const;
export type TUsedBy = (typeof USED_BY)[number];
/** What a user may not do to their own account. */
export const OWN_ACTIONS = ['delete', 'deactivate', 'edit', 'reset'] as const;

const text = z.string();
const int = z.number().int();
const entity = z.strictObject({ entity: ZEntityName });
const records = z.strictObject({ records: ZEntityName });
const bed = z.strictObject({ room: text, bed: int });
const role = z.strictObject({ role: text });
const count = z.strictObject({ count: int });
const max = z.strictObject({ max: int });

export const ERRORS = {
  // Sign-in, sessions and permissions.
  'auth.signIn': def('UNAUTHORIZED', 'Sign in to continue.'),
  'auth.sessionEnded': def('UNAUTHORIZED', 'Your session has ended. Sign in again.'),
  'auth.badCredentials': def('UNAUTHORIZED', 'Incorrect username or password.'),
  'auth.throttled': def(
    'TOO_MANY_REQUESTS',
    'Too many failed sign-ins. Try again in {{seconds}} s.',
    z.strictObject({ seconds: int }),
  ),
  'auth.mustChangePassword': def('FORBIDDEN', 'Change your password before continuing.'),
  'auth.noPermission': def(
    'FORBIDDEN',
    'You do not have the "{{permission}}" permission.',
    z.strictObject({ permission: text }),
  ),
  'auth.currentPasswordWrong': def('BAD_REQUEST', 'The current password is not correct.'),
  'password.common': def('BAD_REQUEST', 'This password is too common. Choose one that is harder to guess.'),
  'password.contextual': def('BAD_REQUEST', 'Choose a password that is not your name or username.'),

  // Records in general (the CRUD factory, references, claims).
  'record.notFound': def('NOT_FOUND', 'No {{entity}} with this id.', entity),
  'record.someGone': def('NOT_FOUND', 'Some of these {{records}} records no longer exist.', records),
  'record.missing': def('BAD_REQUEST', 'That {{entity}} does not exist.', entity),
  'record.inactive': def('BAD_REQUEST', 'That {{entity}} is inactive.', entity),
  'record.someMissing': def('BAD_REQUEST', 'Some of these {{records}} records do not exist.', records),
  'record.namedInactive': def('BAD_REQUEST', '"{{name}}" is inactive.', z.strictObject({ name: text })),
  'record.stillUsed': def(
    'CONFLICT',
    '"{{name}}" is still used by {{usedBy}}. Deactivate it instead of deleting it.',
    z.strictObject({ name: text, usedBy: z.enum(USED_BY) }),
  ),
  'record.unnamedStillUsed': def(
    'CONFLICT',
    'This record is still used by {{usedBy}}. Deactivate it instead of deleting it.',
    z.strictObject({ usedBy: z.enum(USED_BY) }),
  ),
  'record.changed': def('CONFLICT', 'Someone else changed this record meanwhile. Reload it and try again.'),
  'record.beingDeleted': def('CONFLICT', 'Someone else is deleting this record right now.'),
  'record.beingUsed': def('CONFLICT', 'This record is being put to use right now. Try again in a moment.'),
  'record.choiceGone': def(
    'CONFLICT',
    'Something chosen here no longer exists or is being deleted. Reload and try again.',
  ),
  'record.duplicate': def('CONFLICT', 'Another record already uses this {{field}}.', z.strictObject({ field: text })),
  'record.invalidValue': def('BAD_REQUEST', 'Invalid value for {{field}}.', z.strictObject({ field: text })),
  'record.invalid': def('BAD_REQUEST', 'The record is not valid.'),

  // Users and roles.
  'user.usernameTaken': def('CONFLICT', 'This username is already taken.'),
  'user.roleIsNot': def('BAD_REQUEST', 'That user\'s role is not "{{role}}".', role),
  'user.seniorOnly': def('FORBIDDEN', 'Only a more senior administrator can manage "{{role}}" accounts.', role),
  'user.ownAccount': def(
    'BAD_REQUEST',
    'You cannot {{action}} your own account.',
    z.strictObject({ action: z.enum(OWN_ACTIONS) }),
  ),
  'user.lastSuperadmin': def('BAD_REQUEST', 'At least one active Superadmin must remain.'),
  'role.builtInFixed': def(
    'BAD_REQUEST',
    'Built-in roles keep their name and permissions; only the description can change.',
  ),
  'role.builtInName': def('CONFLICT', 'A built-in role already has this name.'),
  'role.builtInKept': def('BAD_REQUEST', '"{{role}}" is a built-in role and cannot be deleted or deactivated.', role),
  'role.writeNeedsRead': def('BAD_REQUEST', 'Each "write" permission needs its "read" permission too.'),
  'role.notGrantable': def('FORBIDDEN', 'You cannot grant permissions you do not hold yourself.'),
  'role.ownRole': def('FORBIDDEN', 'You cannot change your own role.'),
  'role.aboveYou': def('FORBIDDEN', 'You cannot change a role that holds permissions you do not hold yourself.'),

  // Patients and staff.
  'patient.userHasRecord': def('CONFLICT', 'This user already has a patient record.'),
  'patient.userFixed': def('BAD_REQUEST', 'A patient record stays linked to its user account.'),
  'patient.chooseUser': def('BAD_REQUEST', "Choose the patient's user account."),
  'patient.noneAlone': def('BAD_REQUEST', '"None" cannot be combined with other disabilities.'),
  'patient.hasAdmission': def('CONFLICT', 'This patient has an active admission. Discharge it first.'),
  'staff.userHasRecord': def('CONFLICT', 'This user already has a medical staff record.'),
  'staff.userFixed': def('BAD_REQUEST', 'A staff record stays linked to its user account.'),
  'staff.chooseUser': def('BAD_REQUEST', "Choose the staff member's user account."),

  'disability.noneBuiltIn': def(
    'CONFLICT',
    'The built-in "None" entry cannot be deleted, retired or renamed: patient forms offer it.',
  ),

  // Rooms and beds.
  'room.outOfUse': def('BAD_REQUEST', '{{room}} is out of use.', z.strictObject({ room: text })),
  'room.noSuchBed': def(
    'BAD_REQUEST',
    { one: '{{room}} has {{count}} bed.', other: '{{room}} has {{count}} beds.' },
    z.strictObject({ room: text, count: int }),
  ),
  'room.hasPatients': def('CONFLICT', 'Patients are admitted to this room. Discharge or transfer them first.'),
  'room.changed': def('CONFLICT', 'Someone else changed this room meanwhile. Try again.'),
  'room.bedNeeded': def(
    'CONFLICT',
    'Bed {{bed}} is occupied: the room needs at least {{bed}} beds until it is free.',
    z.strictObject({ bed: int }),
  ),
  'bed.occupied': def('CONFLICT', 'Bed {{bed}} of {{room}} is occupied. Discharge or transfer the patient first.', bed),
  'bed.cleaning': def('CONFLICT', 'Bed {{bed}} of {{room}} is being cleaned.', bed),
  'bed.outOfService': def('CONFLICT', 'Bed {{bed}} of {{room}} is out of service.', bed),

  // Admissions.
  'admission.bedOccupied': def(
    'CONFLICT',
    'Bed {{bed}} of {{room}} is occupied by {{occupant}}.',
    z.strictObject({ room: text, bed: int, occupant: text }),
  ),
  /** The same, for a caller who may not read patients' names. */
  'admission.bedTaken': def('CONFLICT', 'Bed {{bed}} of {{room}} is occupied.', bed),
  'admission.patientAdmitted': def('CONFLICT', 'This patient already has an active admission.'),
  'admission.namedPatientAdmitted': def(
    'CONFLICT',
    '{{name}} already has an active admission.',
    z.strictObject({ name: text }),
  ),
  'admission.duplicate': def('CONFLICT', 'This patient already has an admission with this staff member on that day.'),
  'admission.changed': def('CONFLICT', 'Someone else changed this admission meanwhile. Reload it and try again.'),
  'admission.busy': def(
    'CONFLICT',
    'This admission is being changed by someone else right now. Try again in a moment.',
  ),
  'admission.ended': def('CONFLICT', 'This admission has ended; only active admissions can be transferred.'),
  'admission.sameBed': def('BAD_REQUEST', 'The patient already lies in that bed.'),
  'admission.alreadyDischarged': def('CONFLICT', 'This admission was already discharged.'),
  'admission.alreadyDischargedOn': def(
    'CONFLICT',
    'This admission was already discharged ({{date}}).',
    z.strictObject({ date: z.iso.date() }),
  ),
  'admission.dischargeBeforeAdmission': def('BAD_REQUEST', 'A discharge cannot come before the admission.'),
  'admission.admissionAfterDischarge': def('BAD_REQUEST', 'The admission cannot come after the discharge.'),
  'admission.backdateForbidden': def(
    'FORBIDDEN',
    'Only an Administrator may date an admission more than {{days}} days back.',
    z.strictObject({ days: int }),
  ),
  'admission.backdateNeedsReason': def(
    'BAD_REQUEST',
    'An admission dated more than {{days}} days back needs a reason.',
    z.strictObject({ days: int }),
  ),
  'admission.dateFuture': def('BAD_REQUEST', 'That date is in the future.'),

  // Appointments and schedules (times are "YYYY-MM-DD HH:mm" in the staff member's zone).
  'appointment.staffBusy': def(
    'CONFLICT',
    '{{staff}} already has an appointment from {{from}} to {{to}}.',
    z.strictObject({ staff: text, from: text, to: text }),
  ),
  'appointment.staffBlocked': def(
    'CONFLICT',
    '{{staff}} is not available from {{from}} to {{to}} (blocked in the schedule).',
    z.strictObject({ staff: text, from: text, to: text }),
  ),
  'appointment.patientBusy': def(
    'CONFLICT',
    'The patient already has an appointment with {{staff}} from {{from}} to {{to}}.',
    z.strictObject({ staff: text, from: text, to: text }),
  ),
  'appointment.slotTaken': def('CONFLICT', 'That time was just taken. Choose another one.'),
  'appointment.outsideHours': def(
    'BAD_REQUEST',
    'That time is outside the working hours of {{staff}}.',
    z.strictObject({ staff: text }),
  ),
  'appointment.inBlock': def(
    'BAD_REQUEST',
    '{{staff}} is not available from {{from}} to {{to}} (blocked in the schedule).',
    z.strictObject({ staff: text, from: text, to: text }),
  ),
  'appointment.inPast': def('BAD_REQUEST', 'That time has already passed.'),
  'appointment.closed': def('CONFLICT', 'This appointment is no longer booked, so it cannot be changed this way.'),
  'appointment.notCheckedIn': def('CONFLICT', 'Check the patient in before completing the appointment.'),
  'appointment.changed': def('CONFLICT', 'Someone else changed this appointment meanwhile. Reload it and try again.'),
  'appointment.busy': def('CONFLICT', 'This appointment is being changed by someone else right now. Try again.'),
  'appointment.notYours': def('FORBIDDEN', 'You can only see and book your own appointments.'),
  'appointment.noPatientRecord': def('FORBIDDEN', 'Your account has no patient record; ask the front desk.'),
  'appointment.noticePassed': def(
    'FORBIDDEN',
    'Appointments can be cancelled here until {{hours}} hours before they start. Call the front desk.',
    z.strictObject({ hours: int }),
  ),
  'schedule.notYours': def('FORBIDDEN', 'Only the staff member or a Department Chief can change this schedule.'),
  'schedule.blockOverlapsAppointment': def(
    'CONFLICT',
    'This block overlaps an appointment booked from {{from}} to {{to}}. Move or cancel it first.',
    z.strictObject({ from: text, to: text }),
  ),
  'schedule.blockOverlapsBlock': def(
    'CONFLICT',
    'This block overlaps another block, from {{from}} to {{to}}.',
    z.strictObject({ from: text, to: text }),
  ),

  // Backups.
  'backup.tooLarge': def(
    'PRECONDITION_FAILED',
    'The database holds {{documents}} documents, more than one export can carry ({{max}}); ask an operator for a mongodump backup.',
    z.strictObject({ documents: int, max: int }),
  ),

  // Connections and requests (the transport's guards).
  'connection.tooManySockets': def('TOO_MANY_REQUESTS', 'At most {{max}} live connections per session.', max),
  'connection.tooManySubscriptions': def(
    'TOO_MANY_REQUESTS',
    'At most {{max}} live subscriptions per connection.',
    max,
  ),
  'request.batchTooLarge': def('BAD_REQUEST', 'A batch may hold at most {{max}} calls.', max),
  'request.authAlone': def('BAD_REQUEST', 'Sign-in and password calls must be sent on their own.'),
  'request.tooDeep': def('BAD_REQUEST', 'The request nests deeper than {{max}} levels.', max),
  'request.forbiddenKey': def('BAD_REQUEST', 'The key "{{key}}" is not allowed.', z.strictObject({ key: text })),
  'request.badJson': def('BAD_REQUEST', 'The input is not valid JSON.'),
  'request.bodyNotJson': def('PARSE_ERROR', 'The request body is not valid JSON.'),
  'request.tooLarge': def('PAYLOAD_TOO_LARGE', 'The request body is too large.'),
  'request.unreadable': def('BAD_REQUEST', 'The request could not be read.'),
  'request.originRefused': def('FORBIDDEN', 'Origin not allowed.'),
  'request.crossSite': def('FORBIDDEN', 'Cross-site requests are not allowed.'),
  'request.invalidInput': def('BAD_REQUEST', 'Some fields are not valid.'),
  'server.internal': def('INTERNAL_SERVER_ERROR', 'Internal server error'),

  // Field errors: short words beside one field.
  'field.notFound': def('BAD_REQUEST', 'Not found'),
  'field.inactive': def('BAD_REQUEST', 'Inactive'),
  'field.required': def('BAD_REQUEST', 'Required'),
  'field.cannotChange': def('BAD_REQUEST', 'Cannot change'),
  'field.roleMustBe': def('BAD_REQUEST', 'Role must be "{{role}}"', role),
  'field.occupied': def('CONFLICT', 'Occupied'),
  'field.beingCleaned': def('CONFLICT', 'Being cleaned'),
  'field.outOfService': def('CONFLICT', 'Out of service'),
  'field.noSuchBed': def('BAD_REQUEST', 'No such bed'),
  'field.sameBed': def('BAD_REQUEST', 'Same bed'),
  'field.alreadyAdmitted': def('CONFLICT', 'Already admitted'),
  'field.future': def('BAD_REQUEST', 'Cannot be in the future'),
  'field.beforeAdmission': def('BAD_REQUEST', 'Before the admission'),
  'field.afterDischarge': def('BAD_REQUEST', 'After the discharge'),
  'field.outsideHours': def('BAD_REQUEST', 'Outside working hours'),
  'field.past': def('BAD_REQUEST', 'Already passed'),
  'field.blocked': def('BAD_REQUEST', 'Not available'),
  'field.taken': def('CONFLICT', 'Already booked'),

  // Input validation: zod's own issues (see issueError) and the shared schemas' messages.
  'validation.required': def('BAD_REQUEST', 'Required'),
  'validation.minChars': def('BAD_REQUEST', 'At least {{count}} characters', count),
  'validation.maxChars': def('BAD_REQUEST', 'At most {{count}} characters', count),
  'validation.min': def('BAD_REQUEST', 'At least {{count}}', count),
  'validation.max': def('BAD_REQUEST', 'At most {{count}}', count),
  'validation.minItems': def('BAD_REQUEST', 'Choose at least {{count}}', count),
  'validation.maxItems': def('BAD_REQUEST', 'At most {{count}} items', count),
  'validation.email': def('BAD_REQUEST', 'Enter a valid email address'),
  'validation.integer': def('BAD_REQUEST', 'Enter a whole number'),
  'validation.number': def('BAD_REQUEST', 'Enter a number'),
  'validation.invalid': def('BAD_REQUEST', 'Invalid value'),
  'validation.selectOption': def('BAD_REQUEST', 'Choose an option'),
  'validation.unknownKeys': def('BAD_REQUEST', 'Unrecognized keys: {{keys}}', z.strictObject({ keys: text })),
  'validation.invalidId': def('BAD_REQUEST', 'Invalid id'),
  'validation.minPassword': def('BAD_REQUEST', 'At least 8 characters'),
  'validation.maxPassword': def('BAD_REQUEST', 'At most 128 characters'),
  'validation.username': def('BAD_REQUEST', 'Only letters a-z, digits and . _ -'),
  'validation.unsafeText': def('BAD_REQUEST', 'No control, invisible or text-direction characters'),
  'validation.phone': def('BAD_REQUEST', 'A phone number such as +34 600 123 456'),
  'validation.passwordSame': def('BAD_REQUEST', 'The new password must differ from the current one'),
  'validation.notBeforeFrom': def('BAD_REQUEST', 'Must not be before "from"'),
  'validation.maxDays': def('BAD_REQUEST', { one: 'At most {{count}} day', other: 'At most {{count}} days' }, count, {
    count: MAX_DASHBOARD_DAYS,
  }),
  'validation.tooOld': def('BAD_REQUEST', 'Too far in the past'),
  'validation.oneDiagnosis': def('BAD_REQUEST', 'At least one diagnosis'),
  'validation.birthFuture': def('BAD_REQUEST', 'The birth date cannot be in the future'),
  'validation.timeZone': def('BAD_REQUEST', 'A time zone such as Europe/Madrid'),
  'validation.timeOfDay': def('BAD_REQUEST', 'A time such as 09:30, on a 5-minute mark'),
  'validation.endAfterStart': def('BAD_REQUEST', 'Must be after the start'),
  'validation.rulesOverlap': def('BAD_REQUEST', 'Hours of the same day overlap'),
  'validation.multipleOf': def('BAD_REQUEST', 'On a {{count}}-minute mark', count, { count: GRANULE_MINUTES }),
  'validation.staffOrSpecialty': def('BAD_REQUEST', 'Choose a staff member or a specialty'),
  'validation.rangeTooLong': def(
    'BAD_REQUEST',
    { one: 'At most {{count}} day', other: 'At most {{count}} days' },
    count,
    { count: MAX_APPOINTMENT_RANGE_DAYS },
  ),
  'validation.graduation': def('BAD_REQUEST', 'At least {{years}} years ago', z.strictObject({ years: int }), {
    years: MIN_YEARS_SINCE_GRADUATION,
  }),
} satisfies Record<string, ErrorDef>;

export type TErrorCode = keyof typeof ERRORS;
export const ERROR_CODES = Object.keys(ERRORS) as TErrorCode[];
export const ZErrorCode = z.enum(ERROR_CODES as [TErrorCode, ...TErrorCode[]]);

/** The params a code takes: exactly its schema's (an empty object for codes without any). */
export type TErrorParams<C extends TErrorCode> = z.input<(typeof ERRORS)[C]['params']>;
type ParamNames<C extends TErrorCode> = keyof (typeof ERRORS)[C]['params']['shape'];

/** One error as it travels: a code and its params. */
export type TAppErrorOf<C extends TErrorCode = TErrorCode> = C extends TErrorCode
  ? { code: C; params: TErrorParams<C> }
  : never;

/** Codes that take no params, which a field error may name by the code alone. */
export type TBareErrorCode = { [C in TErrorCode]: [ParamNames<C>] extends [never] ? C : never }[TErrorCode];

/** A field error: a bare code, or a code with its params. */
export type TFieldError = TBareErrorCode | TAppErrorOf;
export type TFieldErrors = Partial<Record<string, TFieldError>>;

/** The wire shape of an error's code and params (what the web reads from `error.data.appError`). */
export const ZAppErrorOf = z.strictObject({ code: ZErrorCode, params: z.record(z.string(), z.unknown()) });
export type TWireError = z.infer<typeof ZAppErrorOf>;

export const isErrorCode = (value: unknown): value is TErrorCode =>
  typeof value === 'string' && Object.hasOwn(ERRORS, value);

/** A field error in its travelling form. */
export const fieldErrorOf = (error: TFieldError): TAppErrorOf =>
  typeof error === 'string' ? ({ code: error, params: {} } as TAppErrorOf) : error;

/** The params a shared schema's message code stands for (constants it cannot carry itself). */
export function defaultParams(code: TErrorCode): Record<string, unknown> {
  const entry: ErrorDef = ERRORS[code];
  return { ...(entry.defaults ?? {}) };
}

/** `{{name}}` placeholders of a text, sorted: what the locale test compares with the params. */
export function placeholdersOf(template: string): string[] {
  return [...new Set([...template.matchAll(/\{\{\s*([\w.]+)\s*\}\}/g)].map((match) => match[1]!))].sort();
}

/** "Room 101" for a room named "101"; names that already say what they are ("Sala 3") stay. */
export const roomPhrase = (name: string) => (ROOM_WORD.test(name) ? name : `Room ${name}`);
/** Room names that already say they are rooms (the web's words for rooms test the same). */
export const ROOM_WORD = /^(room|sala|habitaci[oó]n)\b/i;

/** The English text of a code with its params (for scripts, logs and the API's `message`). */
export function englishText(code: TErrorCode, params: Record<string, unknown> = {}): string {
  const en: TEnglish = ERRORS[code].en;
  const template = typeof en === 'string' ? en : params['count'] === 1 ? en.one : en.other;
  return template.replace(/\{\{\s*([\w.]+)\s*\}\}/g, (whole, name: string) => {
    const value = params[name];
    if (value === undefined) return whole;
    return name === 'room' ? roomPhrase(String(value)) : String(value);
  });
}

/** The tRPC status a code travels with. */
export const statusOf = (code: TErrorCode): TErrorStatus => ERRORS[code].status;

/** The params' names of a code, sorted. */
export const paramNamesOf = (code: TErrorCode): string[] => Object.keys(ERRORS[code].params.shape).sort();

/**
 * A zod issue as a code and params, on the server (field errors of bad input) and in the
 * browser alike. Shared schemas spell their own messages as codes (e.g. 'validation.username').
 */
export function issueError(issue: z.core.$ZodIssue): TAppErrorOf {
  const of = (code: TErrorCode, params: Record<string, unknown> = {}) => ({ code, params }) as TAppErrorOf;
  if (isErrorCode(issue.message)) return of(issue.message, defaultParams(issue.message));
  switch (issue.code) {
    case 'invalid_type': {
      const input = issue.input as unknown;
      if (input === undefined || input === null || input === '') return of('validation.required');
      if (issue.expected === 'int') return of('validation.integer');
      if (issue.expected === 'number') return of('validation.number');
      return of('validation.invalid');
    }
    case 'too_small': {
      if (issue.origin === 'date') return of('validation.invalid');
      const n = Number(issue.minimum);
      if (issue.origin === 'string')
        return n <= 1 ? of('validation.required') : of('validation.minChars', { count: n });
      if (issue.origin === 'array' || issue.origin === 'set') return of('validation.minItems', { count: n });
      return Number.isFinite(n) ? of('validation.min', { count: n }) : of('validation.invalid');
    }
    case 'too_big': {
      if (issue.origin === 'date') return of('validation.invalid');
      const n = Number(issue.maximum);
      if (issue.origin === 'string') return of('validation.maxChars', { count: n });
      if (issue.origin === 'array' || issue.origin === 'set') return of('validation.maxItems', { count: n });
      return Number.isFinite(n) ? of('validation.max', { count: n }) : of('validation.invalid');
    }
    case 'invalid_format':
      return issue.format === 'email' ? of('validation.email') : of('validation.invalid');
    case 'invalid_value':
      return of('validation.selectOption');
    case 'unrecognized_keys':
      return of('validation.unknownKeys', { keys: issue.keys.join(', ') });
    default:
      return of('validation.invalid');
  }
}
