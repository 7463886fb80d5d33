import { ZIdInput, ZSchedule, ZScheduleAddBlockInput, ZScheduleGetInput, ZScheduleSetWeeklyInput } from '@mas/shared';
import { callOf } from '../../core/call.ts';
import { permissionProcedure, router } from '../../trpc.ts';
import * as schedules from './schedule.ts';

/**
 * Weekly hours and blocks of each staff member. Staff roles read them; the staff member
 * themselves and Department Chiefs and up change them (checked in the service).
 */
export const scheduleRouter = router({
  get: permissionProcedure('medicalStaff.read')
    .input(ZScheduleGetInput)
    .output(ZSchedule)
    .query(({ ctx, input }) => schedules.getSchedule(callOf(ctx), input)),

  setWeekly: permissionProcedure('appointment.write')
    .input(ZScheduleSetWeeklyInput)
    .output(ZSchedule)
    .mutation(({ ctx, input }) => schedules.setWeekly(callOf(ctx), input)),

  addBlock: permissionProcedure('appointment.write')
    .input(ZScheduleAddBlockInput)
    .output(ZSchedule)
    .mutation(({ ctx, input }) => schedules.addBlock(callOf(ctx), input)),

  removeBlock: permissionProcedure('appointment.write')
    .input(ZIdInput)
    .output(ZSchedule)
    .mutation(({ ctx, input }) => schedules.removeBlock(callOf(ctx), input)),
});
