import {
  ZEligibleUser,
  ZEligibleUsersInput,
  ZPatient,
  ZPatientCreateInput,
  ZPatientListInput,
  ZPatientUpdateInput,
} from '@mas/shared';
import { z } from 'zod';
import { crudProcedures } from '../../crud/router.ts';
import { permissionProcedure, router } from '../../trpc.ts';
import { patientService } from './service.ts';

export const patientRouter = router({
  ...crudProcedures('patient', patientService, {
    item: ZPatient,
    create: ZPatientCreateInput,
    update: ZPatientUpdateInput,
    list: ZPatientListInput,
  }),

  /** Active "Patient" accounts without a patient record, for the create form's picker. */
  eligibleUsers: permissionProcedure('patient.write')
    .input(ZEligibleUsersInput)
    .output(z.array(ZEligibleUser))
    .query(({ input }) => patientService.eligibleUsers(input)),
});
