import type { TPermission } from '@mas/shared';
import type { SvgIconComponent } from '@mui/icons-material';
import AccessibleIcon from '@mui/icons-material/AccessibleOutlined';
import ApartmentIcon from '@mui/icons-material/ApartmentOutlined';
import BadgeIcon from '@mui/icons-material/BadgeOutlined';
import HistoryIcon from '@mui/icons-material/ManageHistoryOutlined';
import HomeIcon from '@mui/icons-material/HomeOutlined';
import KingBedIcon from '@mui/icons-material/KingBedOutlined';
import LocalHospitalIcon from '@mui/icons-material/LocalHospitalOutlined';
import MedicalInformationIcon from '@mui/icons-material/MedicalInformationOutlined';
import PeopleIcon from '@mui/icons-material/PeopleAltOutlined';
import DashboardIcon from '@mui/icons-material/SpaceDashboardOutlined';
import BedIcon from '@mui/icons-material/BedOutlined';
import AssignmentIcon from '@mui/icons-material/AssignmentIndOutlined';
import PersonalInjuryIcon from '@mui/icons-material/PersonalInjuryOutlined';
import StethoscopeIcon from '@mui/icons-material/MedicalServicesOutlined';
import EventIcon from '@mui/icons-material/EventOutlined';

export type TNavGroup = 'overview' | 'clinical' | 'administration' | 'catalogues';
export type TNavId =
  | 'home'
  | 'dashboard'
  | 'board'
  | 'admissions'
  | 'appointments'
  | 'patients'
  | 'medicalStaff'
  | 'specialties'
  | 'departments'
  | 'rooms'
  | 'disabilities'
  | 'diagnoses'
  | 'users'
  | 'roles'
  | 'audit';

export interface NavItem {
  id: TNavId;
  path: string;
  group: TNavGroup;
  icon: SvgIconComponent;
  /** Needed to see the screen; absent means every signed-in user. */
  permission?: TPermission;
  /** Needed to create records there (offered by the command palette). */
  createPermission?: TPermission;
  /** The "New …" label of the screen's create action (command palette). */
  newKey?: TNewKey;
}

export type TCatalogueEntity = 'user' | 'role' | 'specialty' | 'department' | 'room' | 'disability' | 'diagnosis';
type TNewKey = `entities:${TCatalogueEntity}.new` | `clinical:${'patient' | 'medicalStaff' | 'admission'}.new`;

/** The screens, in menu order; the drawer, the start page and the command palette read this list. */
export const NAV_ITEMS: readonly NavItem[] = [
  { id: 'home', path: '/', group: 'overview', icon: HomeIcon },
  { id: 'dashboard', path: '/dashboard', group: 'overview', icon: DashboardIcon, permission: 'dashboard.read' },
  { id: 'board', path: '/board', group: 'overview', icon: BedIcon, permission: 'room.read' },
  {
    id: 'admissions',
    path: '/admissions',
    group: 'clinical',
    icon: AssignmentIcon,
    permission: 'admission.read',
    createPermission: 'admission.write',
    newKey: 'clinical:admission.new',
  },
  { id: 'appointments', path: '/appointments', group: 'clinical', icon: EventIcon, permission: 'appointment.read' },
  {
    id: 'patients',
    path: '/patients',
    group: 'clinical',
    icon: PersonalInjuryIcon,
    permission: 'patient.read',
    createPermission: 'patient.write',
    newKey: 'clinical:patient.new',
  },
  {
    id: 'medicalStaff',
    path: '/medical-staff',
    group: 'clinical',
    icon: StethoscopeIcon,
    permission: 'medicalStaff.read',
    createPermission: 'medicalStaff.write',
    newKey: 'clinical:medicalStaff.new',
  },
  {
    id: 'users',
    path: '/users',
    group: 'administration',
    icon: PeopleIcon,
    permission: 'user.read',
    createPermission: 'user.write',
    newKey: 'entities:user.new',
  },
  {
    id: 'roles',
    path: '/roles',
    group: 'administration',
    icon: BadgeIcon,
    permission: 'role.read',
    createPermission: 'role.write',
    newKey: 'entities:role.new',
  },
  { id: 'audit', path: '/audit', group: 'administration', icon: HistoryIcon, permission: 'audit.read' },
  {
    id: 'specialties',
    path: '/specialties',
    group: 'catalogues',
    icon: LocalHospitalIcon,
    permission: 'specialty.read',
    createPermission: 'specialty.write',
    newKey: 'entities:specialty.new',
  },
  {
    id: 'departments',
    path: '/departments',
    group: 'catalogues',
    icon: ApartmentIcon,
    permission: 'department.read',
    createPermission: 'department.write',
    newKey: 'entities:department.new',
  },
  {
    id: 'rooms',
    path: '/rooms',
    group: 'catalogues',
    icon: KingBedIcon,
    permission: 'room.read',
    createPermission: 'room.write',
    newKey: 'entities:room.new',
  },
  {
    id: 'disabilities',
    path: '/disabilities',
    group: 'catalogues',
    icon: AccessibleIcon,
    permission: 'disability.read',
    createPermission: 'disability.write',
    newKey: 'entities:disability.new',
  },
  {
    id: 'diagnoses',
    path: '/diagnoses',
    group: 'catalogues',
    icon: MedicalInformationIcon,
    permission: 'diagnosis.read',
    createPermission: 'diagnosis.write',
    newKey: 'entities:diagnosis.new',
  },
];

export const NAV_GROUPS: readonly TNavGroup[] = ['overview', 'clinical', 'administration', 'catalogues'];

export function visibleNavItems(can: (permission: TPermission) => boolean): NavItem[] {
  return NAV_ITEMS.filter((item) => !item.permission || can(item.permission));
}
