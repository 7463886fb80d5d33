import { keepPreviousData } from '@tanstack/react-query';
import type {
  TAdmissionRow,
  TCatalogueRow,
  TPatientRow,
  TRoleRow,
  TRoomRow,
  TStaffRow,
  TUserRow,
} from '../../lib/api-types.ts';
import { trpc } from '../../lib/trpc.ts';
import { feedOptions, useFeedInput } from './live.ts';
import type { EntityApi } from './types.ts';

// Sort fields each list procedure accepts (zListInput's enums in @mas/shared).
export type TCatalogueSort = 'name' | 'createdAt' | 'updatedAt';
export type TRoomSort = TCatalogueSort | 'bedCount';
export type TRoleSort = 'name' | 'createdAt';
export type TUserSort = 'username' | 'firstName' | 'lastName' | 'email' | 'createdAt' | 'lastLoginAt';

export type TPlainCatalogue = 'specialty' | 'department' | 'disability' | 'diagnosis';

const keep = { placeholderData: keepPreviousData };

/** The four plain catalogues share one router shape, so one adapter serves them all. */
export function catalogueApi(entity: TPlainCatalogue): EntityApi<TCatalogueRow, TCatalogueSort> {
  return {
    useList: (query) => trpc[entity].list.useQuery(query, keep),
    useFetchPage() {
      const utils = trpc.useUtils();
      return (query) => utils.client[entity].list.query(query);
    },
    useChanges(onChange) {
      return trpc[entity].onChange.useSubscription(useFeedInput(entity), feedOptions(entity, onChange)).status;
    },
    useInvalidate() {
      const utils = trpc.useUtils();
      return () => utils[entity].invalidate();
    },
    useSetActive: () => trpc[entity].setActive.useMutation(),
    useDelete: () => trpc[entity].delete.useMutation(),
    useDeleteMany: () => trpc[entity].deleteMany.useMutation(),
  };
}

export const roomApi: EntityApi<TRoomRow, TRoomSort, { departmentId?: string }> = {
  useList: (query) => trpc.room.list.useQuery(query, keep),
  useFetchPage() {
    const utils = trpc.useUtils();
    return (query) => utils.client.room.list.query(query);
  },
  useChanges(onChange) {
    return trpc.room.onChange.useSubscription(useFeedInput('room'), feedOptions('room', onChange)).status;
  },
  useInvalidate() {
    const utils = trpc.useUtils();
    return () => utils.room.invalidate();
  },
  useSetActive: () => trpc.room.setActive.useMutation(),
  useDelete: () => trpc.room.delete.useMutation(),
  useDeleteMany: () => trpc.room.deleteMany.useMutation(),
};

export const roleApi: EntityApi<TRoleRow, TRoleSort> = {
  useList: (query) => trpc.role.list.useQuery(query, keep),
  useFetchPage() {
    const utils = trpc.useUtils();
    return (query) => utils.client.role.list.query(query);
  },
  useChanges(onChange) {
    return trpc.role.onChange.useSubscription(useFeedInput('role'), feedOptions('role', onChange)).status;
  },
  useInvalidate() {
    const utils = trpc.useUtils();
    return () => utils.role.invalidate();
  },
  useSetActive: () => trpc.role.setActive.useMutation(),
  useDelete: () => trpc.role.delete.useMutation(),
  useDeleteMany: () => trpc.role.deleteMany.useMutation(),
};

export const userApi: EntityApi<TUserRow, TUserSort, { roleIds?: string[] }> = {
  useList: (query) => trpc.user.list.useQuery(query, keep),
  useFetchPage() {
    const utils = trpc.useUtils();
    return (query) => utils.client.user.list.query(query);
  },
  useChanges(onChange) {
    return trpc.user.onChange.useSubscription(useFeedInput('user'), feedOptions('user', onChange)).status;
  },
  useInvalidate() {
    const utils = trpc.useUtils();
    return () => utils.user.invalidate();
  },
  useSetActive: () => trpc.user.setActive.useMutation(),
  useDelete: () => trpc.user.delete.useMutation(),
  useDeleteMany: () => trpc.user.deleteMany.useMutation(),
};

export type TPatientSort = 'name' | 'birthDate' | 'createdAt' | 'updatedAt';
export type TStaffSort = 'name' | 'graduatedAt' | 'createdAt' | 'updatedAt';
export type TAdmissionSort =
  | 'admittedAt'
  | 'dischargedAt'
  | 'createdAt'
  | 'updatedAt'
  | 'patientName'
  | 'medicalStaffName'
  | 'place'
  | 'daysInAdmission';
export type TAdmissionTab = 'all' | 'active' | 'discharged';

export const patientApi: EntityApi<TPatientRow, TPatientSort, { disabilityId?: string }> = {
  useList: (query) => trpc.patient.list.useQuery(query, keep),
  useFetchPage() {
    const utils = trpc.useUtils();
    return (query) => utils.client.patient.list.query(query);
  },
  useChanges(onChange) {
    return trpc.patient.onChange.useSubscription(useFeedInput('patient'), feedOptions('patient', onChange)).status;
  },
  useInvalidate() {
    const utils = trpc.useUtils();
    return () => utils.patient.invalidate();
  },
  useSetActive: () => trpc.patient.setActive.useMutation(),
  useDelete: () => trpc.patient.delete.useMutation(),
  useDeleteMany: () => trpc.patient.deleteMany.useMutation(),
};

export const staffApi: EntityApi<TStaffRow, TStaffSort, { specialtyId?: string; departmentId?: string }> = {
  useList: (query) => trpc.medicalStaff.list.useQuery(query, keep),
  useFetchPage() {
    const utils = trpc.useUtils();
    return (query) => utils.client.medicalStaff.list.query(query);
  },
  useChanges(onChange) {
    return trpc.medicalStaff.onChange.useSubscription(
      useFeedInput('medicalStaff'),
      feedOptions('medicalStaff', onChange),
    ).status;
  },
  useInvalidate() {
    const utils = trpc.useUtils();
    return () => utils.medicalStaff.invalidate();
  },
  useSetActive: () => trpc.medicalStaff.setActive.useMutation(),
  useDelete: () => trpc.medicalStaff.delete.useMutation(),
  useDeleteMany: () => trpc.medicalStaff.deleteMany.useMutation(),
};

/** Admissions are not retired (admit → transfer → discharge), so there is no activate/deactivate. */
const noSetActive = {
  isPending: false,
  mutateAsync: () => Promise.reject(new Error('Admissions are discharged, not deactivated.')),
};

export const admissionApi: EntityApi<TAdmissionRow, TAdmissionSort, { departmentId?: string }, TAdmissionTab> = {
  useList: (query) => trpc.admission.list.useQuery(query, keep),
  useFetchPage() {
    const utils = trpc.useUtils();
    return (query) => utils.client.admission.list.query(query);
  },
  useChanges(onChange) {
    return trpc.admission.onChange.useSubscription(useFeedInput('admission'), feedOptions('admission', onChange))
      .status;
  },
  useInvalidate() {
    const utils = trpc.useUtils();
    // A change of admission moves beds and figures too.
    return async () => {
      await Promise.all([utils.admission.invalidate(), utils.room.board.invalidate(), utils.dashboard.invalidate()]);
    };
  },
  useSetActive: () => noSetActive,
  useDelete: () => trpc.admission.delete.useMutation(),
  useDeleteMany: () => trpc.admission.deleteMany.useMutation(),
};
