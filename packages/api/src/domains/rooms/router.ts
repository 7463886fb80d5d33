import { ZRoom, ZRoomBoard, ZRoomCreateInput, ZRoomListInput, ZRoomUpdateInput, ZSetBedStatusInput } from '@mas/shared';
import { z } from 'zod';
import { crudProcedures } from '../../crud/router.ts';
import { callOf } from '../../core/call.ts';
import { permissionProcedure, router } from '../../trpc.ts';
import { recordListRead } from '../audit/service.ts';
import { roomBoard, setBedStatus } from './beds.ts';
import { roomService } from './service.ts';

export const roomRouter = router({
  ...crudProcedures('room', roomService, {
    item: ZRoom,
    create: ZRoomCreateInput,
    update: ZRoomUpdateInput,
    list: ZRoomListInput,
  }),

  /** Every active room with each bed's status; occupants' names only for those who may read patients. */
  board: permissionProcedure('room.read')
    .input(z.void())
    .output(ZRoomBoard)
    .query(async ({ ctx }) => {
      const call = callOf(ctx);
      const board = await roomBoard(call);
      // Names of the patients in beds (for those who may read them): a read of each one shown.
      const shown = board.flatMap((room) => room.beds.flatMap((bed) => (bed.patientId ? [bed.patientId] : [])));
      await recordListRead(call.deps, call.actor, 'patient', shown);
      return board;
    }),

  setBedStatus: permissionProcedure('room.write')
    .input(ZSetBedStatusInput)
    .output(ZRoom)
    .mutation(({ ctx, input }) => setBedStatus(callOf(ctx), input)),
});
