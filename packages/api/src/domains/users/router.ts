import { ZOk, ZResetPasswordInput, ZUser, ZUserCreateInput, ZUserListInput, ZUserUpdateInput } from '@mas/shared';
import { crudProcedures } from '../../crud/router.ts';
import { callOf } from '../../core/call.ts';
import { permissionProcedure, router } from '../../trpc.ts';
import { userService } from './service.ts';

export const userRouter = router({
  ...crudProcedures('user', userService, {
    item: ZUser,
    create: ZUserCreateInput,
    update: ZUserUpdateInput,
    list: ZUserListInput,
  }),

  resetPassword: permissionProcedure('user.write')
    .input(ZResetPasswordInput)
    .output(ZOk)
    .mutation(async ({ ctx, input }) => {
      await userService.resetPassword(callOf(ctx), input);
      return { ok: true as const };
    }),
});
