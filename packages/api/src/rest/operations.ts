/**
 * The REST operations under /api/v1: each one a tRPC procedure, exposed at a resource path.
 * Inputs, outputs and permissions come from the procedure (its zod schemas and meta), so the
 * OpenAPI document and the checks at run time are the tRPC ones; nothing is described twice.
 */
export interface RestOperation {
  method: 'get' | 'post';
  /** OpenAPI path template under /api/v1; `{id}` goes into the input's `id`. */
  path: string;
  /** The procedure's path in the app router, e.g. "patient.list". */
  procedure: string;
  tag: string;
  summary: string;
}

/** Entities with a list and a read by id, and the path they live at. */
const ENTITY_PATHS = [
  ['user', 'users', 'Users'],
  ['role', 'roles', 'Roles'],
  ['specialty', 'specialties', 'Specialties'],
  ['department', 'departments', 'Departments'],
  ['room', 'rooms', 'Rooms'],
  ['disability', 'disabilities', 'Disabilities'],
  ['diagnosis', 'diagnoses', 'Diagnoses'],
  ['patient', 'patients', 'Patients'],
  ['medicalStaff', 'medical-staff', 'Medical staff'],
  ['admission', 'admissions', 'Admissions'],
] as const;

export const REST_OPERATIONS: readonly RestOperation[] = [
  { method: 'get', path: '/health', procedure: 'health.check', tag: 'Session', summary: 'Health of the API' },
  {
    method: 'post',
    path: '/auth/login',
    procedure: 'auth.login',
    tag: 'Session',
    summary: 'Sign in; with mode "token" the answer carries a bearer token for the other calls',
  },
  { method: 'post', path: '/auth/logout', procedure: 'auth.logout', tag: 'Session', summary: 'End this session' },
  { method: 'get', path: '/auth/me', procedure: 'auth.me', tag: 'Session', summary: 'The signed-in user' },
  ...ENTITY_PATHS.flatMap(([entity, path, tag]): RestOperation[] => [
    {
      method: 'get',
      path: `/${path}`,
      procedure: `${entity}.list`,
      tag,
      summary: `List ${tag.toLowerCase()} (paged, searchable, sortable)`,
    },
    { method: 'get', path: `/${path}/{id}`, procedure: `${entity}.get`, tag, summary: `Read one by id` },
  ]),
  {
    method: 'get',
    path: '/bed-board',
    procedure: 'room.board',
    tag: 'Rooms',
    summary: 'Every active room with the status of each bed',
  },
  {
    method: 'post',
    path: '/admissions',
    procedure: 'admission.create',
    tag: 'Admissions',
    summary: 'Admit a patient to a bed',
  },
  {
    method: 'post',
    path: '/admissions/{id}/transfer',
    procedure: 'admission.transfer',
    tag: 'Admissions',
    summary: 'Move an admitted patient to another bed',
  },
  {
    method: 'post',
    path: '/admissions/{id}/discharge',
    procedure: 'admission.discharge',
    tag: 'Admissions',
    summary: 'Discharge an admitted patient',
  },
];
