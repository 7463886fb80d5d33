import type { RouterInputs, RouterOutputs } from '@mas/api';

/** Shapes the web app reads, all inferred from the API's router so a server change breaks the build. */
export type TMeOutput = RouterOutputs['auth']['me'];
export type TCatalogueRow = RouterOutputs['specialty']['list']['items'][number];
export type TRoomRow = RouterOutputs['room']['list']['items'][number];
export type TRoleRow = RouterOutputs['role']['list']['items'][number];
export type TUserRow = RouterOutputs['user']['list']['items'][number];
export type TAuditRow = RouterOutputs['audit']['list']['items'][number];
export type TAuditListInput = RouterInputs['audit']['list'];
export type TUserListInput = RouterInputs['user']['list'];
export type TRoomListInput = RouterInputs['room']['list'];
export type TPatientRow = RouterOutputs['patient']['list']['items'][number];
export type TStaffRow = RouterOutputs['medicalStaff']['list']['items'][number];
export type TAdmissionRow = RouterOutputs['admission']['list']['items'][number];
export type TBoardRoom = RouterOutputs['room']['board'][number];
export type TBoardBed = TBoardRoom['beds'][number];
export type TEligibleUser = RouterOutputs['patient']['eligibleUsers'][number];
export type TNotificationRow = RouterOutputs['notification']['list']['items'][number];
export type TDashboardStats = RouterOutputs['dashboard']['stats'];
