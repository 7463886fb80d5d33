import { ZRoom, ZRoomCreateInput, ZRoomListInput, updateInputOf } from '@mas/shared';
import { crudProcedures } from '../../crud/router.ts';
import { router } from '../../trpc.ts';
import { roomService } from './service.ts';

export const roomRouter = router({
  ...crudProcedures('room', roomService, {
    item: ZRoom,
    create: ZRoomCreateInput,
    update: updateInputOf(ZRoomCreateInput),
    list: ZRoomListInput,
  }),
});
