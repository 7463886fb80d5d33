import { ZChangePasswordInput, ZLoginInput, ZLoginOutput, ZMe, ZOk } from '@mas/shared';
import { z } from 'zod';
import { authedProcedure, publicProcedure, router } from '../../trpc.ts';
import { actorOf } from '../../core/call.ts';
import * as auth from './service.ts';

export const authRouter = router({
  login: publicProcedure
    .input(ZLoginInput)
    .output(ZLoginOutput)
    .mutation(async ({ ctx, input }) => {
      const { token, expiresAt, user } = await auth.login(ctx.deps, input, ctx.ip);
      if (input.mode === 'token') return { user, token };
      ctx.setSessionCookie?.(token, Math.round((expiresAt.getTime() - Date.now()) / 1000));
      return { user };
    }),

  logout: authedProcedure
    .input(z.void())
    .output(ZOk)
    .mutation(async ({ ctx }) => {
      await auth.logout(ctx.deps, ctx.user, actorOf(ctx.user, ctx.ip));
      ctx.setSessionCookie?.(null);
      return { ok: true as const };
    }),

  me: authedProcedure
    .input(z.void())
    .output(ZMe)
    .query(({ ctx }) => auth.me(ctx.user)),

  changePassword: authedProcedure
    .input(ZChangePasswordInput)
    .output(ZOk)
    .mutation(async ({ ctx, input }) => {
      await auth.changePassword(ctx.deps, ctx.user, actorOf(ctx.user, ctx.ip), input);
      return { ok: true as const };
    }),
});
