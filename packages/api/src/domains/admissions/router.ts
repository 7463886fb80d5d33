import {
  ZAdmission,
  ZAdmissionCreateInput,
  ZAdmissionDischargeInput,
  ZAdmissionListInput,
  ZAdmissionListOutput,
  ZAdmissionTransferInput,
  ZAdmissionUpdateInput,
  ZDeleteManyOutput,
  ZIdInput,
  ZIdsInput,
} from '@mas/shared';
import { callOf } from '../../core/call.ts';
import { onChangeProcedure } from '../../realtime/on-change.ts';
import { recordListRead } from '../audit/service.ts';
import { permissionProcedure, router } from '../../trpc.ts';
import { sharedReads } from '../../realtime/shared-reads.ts';
import { listAdmissions } from './list.ts';
import * as admissions from './service.ts';

/**
 * An admission lives admit → (transfer)* → discharge; there is no retire/restore.
 * Delete is for corrections of records made by mistake, by administrators (admission.delete).
 */
/** The records whose changes alter an admissions page: its rows and every name on them. */
const readAdmissions = sharedReads(
  ['admission', 'patient', 'medicalStaff', 'user', 'room', 'department', 'diagnosis', 'specialty'],
  listAdmissions,
);

export const admissionRouter = router({
  list: permissionProcedure('admission.read')
    .input(ZAdmissionListInput)
    .output(ZAdmissionListOutput)
    .query(async ({ ctx, input }) => {
      const page = await readAdmissions(ctx.deps, input);
      // Notes, diagnoses and patient names: a read of each admission listed.
      await recordListRead(
        ctx.deps,
        callOf(ctx).actor,
        'admission',
        page.items.map((item) => item.id),
      );
      return page;
    }),

  get: permissionProcedure('admission.read')
    .input(ZIdInput)
    .output(ZAdmission)
    .query(({ ctx, input }) => admissions.getAdmission(callOf(ctx), input.id)),

  /** Admit: assigns the bed. */
  create: permissionProcedure('admission.write')
    .input(ZAdmissionCreateInput)
    .output(ZAdmission)
    .mutation(({ ctx, input }) => admissions.admit(callOf(ctx), input)),

  update: permissionProcedure('admission.write')
    .input(ZAdmissionUpdateInput)
    .output(ZAdmission)
    .mutation(({ ctx, input }) => admissions.updateAdmission(callOf(ctx), input)),

  transfer: permissionProcedure('admission.write')
    .input(ZAdmissionTransferInput)
    .output(ZAdmission)
    .mutation(({ ctx, input }) => admissions.transfer(callOf(ctx), input)),

  discharge: permissionProcedure('admission.write')
    .input(ZAdmissionDischargeInput)
    .output(ZAdmission)
    .mutation(({ ctx, input }) => admissions.discharge(callOf(ctx), input)),

  delete: permissionProcedure('admission.delete')
    .input(ZIdInput)
    .output(ZIdInput)
    .mutation(async ({ ctx, input }) => {
      await admissions.removeAdmissions(callOf(ctx), [input.id]);
      return { id: input.id };
    }),

  deleteMany: permissionProcedure('admission.delete')
    .input(ZIdsInput)
    .output(ZDeleteManyOutput)
    .mutation(({ ctx, input }) => admissions.removeAdmissions(callOf(ctx), input.ids)),

  onChange: onChangeProcedure('admission', 'admission.read', {
    item: ZAdmission,
    loadItems: admissions.loadAdmissions,
  }),
});
