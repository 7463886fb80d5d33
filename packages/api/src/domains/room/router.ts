import { ZRoom, ZRoomBoard, ZRoomCreateInput, ZRoomListInput, ZSetBedStatusInput, updateInputOf } from '@mas/shared';
import { z } from 'zod';
import { callOf, crudProcedures } from '../../crud/router.ts';
import { permissionProcedure, router } from '../../trpc.ts';
import { roomBoard, setBedStatus } from './beds.ts';
import { roomService } from './service.ts';

export const roomRouter = router({
  ...crudProcedures('room', roomService, {
    item: ZRoom,
    create: ZRoomCreateInput,
    update: updateInputOf(ZRoomCreateInput),
    list: ZRoomListInput,
  }),

  /** Every active room with each bed's status; occupants' names only for those who may read patients. */
  board: permissionProcedure('room.read')
    .input(z.void())
    .output(ZRoomBoard)
    .query(({ ctx }) => roomBoard(callOf(ctx))),

  setBedStatus: permissionProcedure('room.write')
    .input(ZSetBedStatusInput)
    .output(ZRoom)
    .mutation(({ ctx, input }) => setBedStatus(callOf(ctx), input)),
});
