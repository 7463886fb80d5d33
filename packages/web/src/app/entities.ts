import type { TEntity, TPermission } from '@mas/shared';
import type { SvgIconComponent } from '@mui/icons-material';
import AccessibleIcon from '@mui/icons-material/AccessibleOutlined';
import ApartmentIcon from '@mui/icons-material/ApartmentOutlined';
import AssignmentIcon from '@mui/icons-material/AssignmentIndOutlined';
import BadgeIcon from '@mui/icons-material/BadgeOutlined';
import BedIcon from '@mui/icons-material/BedOutlined';
import HomeIcon from '@mui/icons-material/HomeOutlined';
import KingBedIcon from '@mui/icons-material/KingBedOutlined';
import LocalHospitalIcon from '@mui/icons-material/LocalHospitalOutlined';
import HistoryIcon from '@mui/icons-material/ManageHistoryOutlined';
import StethoscopeIcon from '@mui/icons-material/MedicalServicesOutlined';
import MedicalInformationIcon from '@mui/icons-material/MedicalInformationOutlined';
import PeopleIcon from '@mui/icons-material/PeopleAltOutlined';
import PersonalInjuryIcon from '@mui/icons-material/PersonalInjuryOutlined';
import DashboardIcon from '@mui/icons-material/SpaceDashboardOutlined';
import EventIcon from '@mui/icons-material/EventOutlined';
import { i18n } from '../i18n/index.ts';
import type { TResources } from '../i18n/resources.ts';
import { tAny } from '../i18n/use-t.ts';

/**
 * The web's one registry of screens: a row per entity (and per screen that is not one), from
 * which the menu, the start page, the routes (`AppRoutes.tsx`), the command palette, the
 * breadcrumbs, the notification links and the words for a record in error messages derive.
 *
 * Adding an entity is one row here plus its words in its namespace (`entities` or `clinical`):
 * `one`, `other`, `new`, `edit`, `subtitle`, `description` (the menu's hint), `the` ("the
 * specialty", in notifications), `that` ("That specialty", in errors) and `records` (the word for
 * several, in errors). `satisfies` below fails the type-check when an entity of @mas/shared has
 * no row, and `TEntityWordsCheck` when its namespace lacks one of those words.
 *
 * Rows hold no component: `screen` names a page module under `src/pages` (`<folder>/<Name>Page`)
 * that `AppRoutes.tsx` loads lazily, so that pages can read this list without an import cycle.
 */

export type TNavGroup = 'overview' | 'clinical' | 'administration' | 'catalogues';
export const NAV_GROUPS: readonly TNavGroup[] = ['overview', 'clinical', 'administration', 'catalogues'];

/** A module under src/pages whose default export is the screen (it gets `entity` as a prop). */
export type TPageModule = `${string}/${string}Page`;

interface ScreenRow {
  path: string;
  group: TNavGroup;
  icon: SvgIconComponent;
  screen: TPageModule;
}

/** An entity's screen: its words live in `ns`; `<entity>.read` opens it, `<entity>.write` creates there. */
export interface EntityRow extends ScreenRow {
  ns: 'entities' | 'clinical';
  /** Another word for the audit trail's "kind" than `one` (e.g. "Medical staff" for a staff member). */
  kindKey?: 'kind';
}

/** A screen that is not an entity's: its name and hint are `nav:items.<id>` and `nav:descriptions.<id>`. */
export interface OtherRow extends ScreenRow {
  /** Needed to see it; absent means every signed-in user. */
  permission?: TPermission;
}

/** The screens that are not an entity's list. */
export type TOtherScreen = 'home' | 'dashboard' | 'board' | 'audit';

const OTHER_SCREENS = {
  home: { path: '/', group: 'overview', icon: HomeIcon, screen: 'home/HomePage' },
  dashboard: {
    path: '/dashboard',
    group: 'overview',
    icon: DashboardIcon,
    permission: 'dashboard.read',
    screen: 'dashboard/DashboardPage',
  },
  board: { path: '/board', group: 'overview', icon: BedIcon, permission: 'room.read', screen: 'board/BoardPage' },
  audit: {
    path: '/audit',
    group: 'administration',
    icon: HistoryIcon,
    permission: 'audit.read',
    screen: 'audit/AuditPage',
  },
} satisfies Record<TOtherScreen, OtherRow>;

/** One row per entity of @mas/shared (a missing one fails the type-check). */
export const ENTITY_SCREENS = {
  admission: {
    path: '/admissions',
    group: 'clinical',
    icon: AssignmentIcon,
    ns: 'clinical',
    screen: 'admissions/AdmissionsPage',
  },
  appointment: {
    path: '/appointments',
    group: 'clinical',
    icon: EventIcon,
    ns: 'clinical',
    screen: 'appointments/AppointmentsPage',
  },
  patient: {
    path: '/patients',
    group: 'clinical',
    icon: PersonalInjuryIcon,
    ns: 'clinical',
    screen: 'patients/PatientsPage',
  },
  medicalStaff: {
    path: '/medical-staff',
    group: 'clinical',
    icon: StethoscopeIcon,
    ns: 'clinical',
    screen: 'staff/StaffPage',
    kindKey: 'kind',
  },
  user: { path: '/users', group: 'administration', icon: PeopleIcon, ns: 'entities', screen: 'users/UsersPage' },
  role: { path: '/roles', group: 'administration', icon: BadgeIcon, ns: 'entities', screen: 'roles/RolesPage' },
  specialty: {
    path: '/specialties',
    group: 'catalogues',
    icon: LocalHospitalIcon,
    ns: 'entities',
    screen: 'catalogues/CataloguePage',
  },
  department: {
    path: '/departments',
    group: 'catalogues',
    icon: ApartmentIcon,
    ns: 'entities',
    screen: 'catalogues/CataloguePage',
  },
  room: { path: '/rooms', group: 'catalogues', icon: KingBedIcon, ns: 'entities', screen: 'rooms/RoomsPage' },
  disability: {
    path: '/disabilities',
    group: 'catalogues',
    icon: AccessibleIcon,
    ns: 'entities',
    screen: 'catalogues/CataloguePage',
  },
  diagnosis: {
    path: '/diagnoses',
    group: 'catalogues',
    icon: MedicalInformationIcon,
    ns: 'entities',
    screen: 'catalogues/CataloguePage',
  },
} as const satisfies Record<TEntity, EntityRow>;

type TEntityScreens = typeof ENTITY_SCREENS;

/** The words every entity has in its namespace (see the comment at the top). */
type TEntityWords = Record<
  'one' | 'other' | 'new' | 'edit' | 'subtitle' | 'description' | 'the' | 'that' | 'records',
  string
>;
type TAllTrue<T extends Record<TEntity, true>> = T;
/** Fails the type-check when an entity's namespace (in English, which Spanish is checked against) lacks a word. */
export type TEntityWordsCheck = TAllTrue<{
  [E in TEntity]: TResources[TEntityScreens[E]['ns']] extends Record<E, TEntityWords> ? true : false;
}>;

export type TEntityWord = keyof TEntityWords | 'kind';

/** An entity's word in the reader's language, e.g. entityWord('specialty', 'other') → "Especialidades". */
export function entityWord(entity: TEntity, word: TEntityWord): string {
  const row: EntityRow = ENTITY_SCREENS[entity];
  const key = word === 'kind' ? (row.kindKey ?? 'one') : word;
  return tAny(`${row.ns}:${entity}.${key}` as never);
}

const isEntity = (value: string): value is TEntity => Object.hasOwn(ENTITY_SCREENS, value);

/** The word for a record in a sentence (errors' params), or undefined for what is not an entity. */
export function recordWord(value: unknown, word: 'that' | 'records'): string | undefined {
  return typeof value === 'string' && isEntity(value) ? entityWord(value, word) : undefined;
}

/** An entity's kind in the audit trail and notifications; the others (notification, backup) by `audit:entities`. */
export function kindLabel(value: string): string {
  return isEntity(value) ? entityWord(value, 'kind') : tAny(`audit:entities.${value}` as never);
}

/** "patient.write" → "Pacientes: Cambiar", as the role form labels permissions; unknown ones stay. */
export function permissionLabel(permission: string): string {
  if (permission === 'admission.delete') return tAny('entities:role.permissionNames.admissionDelete');
  // audit.read, dashboard.read and backup.export have a name of their own.
  if (i18n.exists(`entities:role.permissionNames.${permission}`))
    return tAny(`entities:role.permissionNames.${permission}` as never);
  const [entity = '', access] = permission.split('.');
  if (!isEntity(entity) || (access !== 'read' && access !== 'write')) return permission;
  return `${entityWord(entity, 'other')}: ${tAny(`entities:role.${access}`)}`;
}

/** Where an entity's records are listed (notification links). */
export const entityPath = (entity: TEntity) => ENTITY_SCREENS[entity].path;

export type TScreenId = TOtherScreen | TEntity;

/** A screen as the menu, the start page and the palette show it. */
export interface NavItem {
  id: TScreenId;
  path: string;
  group: TNavGroup;
  icon: SvgIconComponent;
  screen: TPageModule;
  /** Set on an entity's screen. */
  entity?: TEntity;
  /** Needed to see the screen; absent means every signed-in user. */
  permission?: TPermission;
  /** Needed to create records there (offered by the command palette). */
  createPermission?: TPermission;
  /** The screen's name (menu, breadcrumbs, palette). */
  label(): string;
  /** One line on what it is for (start page, palette). */
  description(): string;
  /** The label of the screen's create action (palette); entities only. */
  newLabel?(): string;
}

const otherItem = (id: TOtherScreen, row: OtherRow): NavItem => ({
  id,
  ...row,
  label: () => tAny(`nav:items.${id}`),
  description: () => tAny(`nav:descriptions.${id}`),
});

const entityItem = (entity: TEntity, row: EntityRow): NavItem => ({
  id: entity,
  path: row.path,
  group: row.group,
  icon: row.icon,
  screen: row.screen,
  entity,
  permission: `${entity}.read`,
  createPermission: `${entity}.write`,
  label: () => entityWord(entity, 'other'),
  description: () => entityWord(entity, 'description'),
  newLabel: () => entityWord(entity, 'new'),
});

/** Every screen, in menu order: group by group, entities' rows first, in the order written above. */
export const NAV_ITEMS: readonly NavItem[] = [
  ...Object.entries(ENTITY_SCREENS).map(([entity, row]) => entityItem(entity as TEntity, row)),
  ...Object.entries(OTHER_SCREENS).map(([id, row]) => otherItem(id as TOtherScreen, row)),
].sort((a, b) => NAV_GROUPS.indexOf(a.group) - NAV_GROUPS.indexOf(b.group));

export function visibleNavItems(can: (permission: TPermission) => boolean): NavItem[] {
  return NAV_ITEMS.filter((item) => !item.permission || can(item.permission));
}
