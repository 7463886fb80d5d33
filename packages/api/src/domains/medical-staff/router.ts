import {
  ZEligibleUser,
  ZEligibleUsersInput,
  ZMedicalStaff,
  ZMedicalStaffCreateInput,
  ZMedicalStaffListInput,
  ZMedicalStaffUpdateInput,
} from '@mas/shared';
import { z } from 'zod';
import { crudProcedures } from '../../crud/router.ts';
import { permissionProcedure, router } from '../../trpc.ts';
import { medicalStaffService } from './service.ts';

export const medicalStaffRouter = router({
  ...crudProcedures('medicalStaff', medicalStaffService, {
    item: ZMedicalStaff,
    create: ZMedicalStaffCreateInput,
    update: ZMedicalStaffUpdateInput,
    list: ZMedicalStaffListInput,
  }),

  /** Active "Medical Staff" accounts without a staff record, for the create form's picker. */
  eligibleUsers: permissionProcedure('medicalStaff.write')
    .input(ZEligibleUsersInput)
    .output(z.array(ZEligibleUser))
    .query(({ input }) => medicalStaffService.eligibleUsers(input)),
});
