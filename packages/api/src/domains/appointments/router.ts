import {
  ZAppointment,
  ZAppointmentCancelInput,
  ZAppointmentCreateInput,
  ZAppointmentIdInput,
  ZAppointmentListInput,
  ZAppointmentListOutput,
  ZAppointmentRescheduleInput,
  ZFreeSlots,
  ZFreeSlotsInput,
  ZOnChangeInput,
  zChangeEvent,
} from '@mas/shared';
import { callOf } from '../../core/call.ts';
import { changeStream } from '../../realtime/changes.ts';
import { permissionProcedure, router } from '../../trpc.ts';
import { recordListRead } from '../audit/service.ts';
import { loadAppointments } from './dto.ts';
import { freeSlots } from './free-slots.ts';
import { listAppointments } from './list.ts';
import * as appointments from './service.ts';

const ZAppointmentEvent = zChangeEvent(ZAppointment);

/**
 * Outpatient appointments (DESIGN.md §10.1). Staff (who may read patients) act for anyone; a
 * Patient-role user sees, books and cancels only their own (the service scopes them).
 */
export const appointmentRouter = router({
  freeSlots: permissionProcedure('appointment.read')
    .input(ZFreeSlotsInput)
    .output(ZFreeSlots)
    .query(({ input }) => freeSlots(input)),

  list: permissionProcedure('appointment.read')
    .input(ZAppointmentListInput)
    .output(ZAppointmentListOutput)
    .query(async ({ ctx, input }) => {
      const page = await listAppointments(callOf(ctx), input);
      await recordListRead(
        ctx.deps,
        callOf(ctx).actor,
        'appointment',
        page.items.map((item) => item.id),
      );
      return page;
    }),

  get: permissionProcedure('appointment.read')
    .input(ZAppointmentIdInput)
    .output(ZAppointment)
    .query(({ ctx, input }) => appointments.getAppointment(callOf(ctx), input.id)),

  create: permissionProcedure('appointment.write')
    .input(ZAppointmentCreateInput)
    .output(ZAppointment)
    .mutation(({ ctx, input }) => appointments.createAppointment(callOf(ctx), input)),

  reschedule: permissionProcedure('appointment.write')
    .input(ZAppointmentRescheduleInput)
    .output(ZAppointment)
    .mutation(({ ctx, input }) => appointments.rescheduleAppointment(callOf(ctx), input)),

  cancel: permissionProcedure('appointment.write')
    .input(ZAppointmentCancelInput)
    .output(ZAppointment)
    .mutation(({ ctx, input }) => appointments.cancelAppointment(callOf(ctx), input)),

  checkIn: permissionProcedure('appointment.write')
    .input(ZAppointmentIdInput)
    .output(ZAppointment)
    .mutation(({ ctx, input }) => appointments.checkInAppointment(callOf(ctx), input)),

  complete: permissionProcedure('appointment.write')
    .input(ZAppointmentIdInput)
    .output(ZAppointment)
    .mutation(({ ctx, input }) => appointments.completeAppointment(callOf(ctx), input)),

  // Each subscriber sees what they could `get`: staff every appointment, a patient only their own.
  onChange: permissionProcedure('appointment.read')
    .input(ZOnChangeInput)
    .subscription(async function* ({ ctx, input, signal }) {
      const scope = await appointments.scopeOf(ctx.user);
      yield* changeStream({
        deps: ctx.deps,
        user: ctx.user,
        entity: 'appointment',
        lastEventId: input?.lastEventId,
        signal,
        loadItems: loadAppointments,
        canSee: (message) => !!message.item && appointments.scopeSees(scope, message.item.patientId),
        schema: ZAppointmentEvent,
      });
    }),
});
