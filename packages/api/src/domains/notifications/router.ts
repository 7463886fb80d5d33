import {
  ZDeleteManyOutput,
  ZIdsInput,
  ZNotificationListInput,
  ZNotificationListOutput,
  ZNotificationOnNewInput,
  ZUnreadCount,
  ZUpdatedCount,
} from '@mas/shared';
import { z } from 'zod';
import { authedProcedure, router } from '../../trpc.ts';
import { actorOf } from '../../core/call.ts';
import * as notifications from './service.ts';
import { notificationStream } from './stream.ts';

/** Every procedure acts on the caller's own rows only; the recipient is the session's user. */
export const notificationRouter = router({
  list: authedProcedure
    .input(ZNotificationListInput)
    .output(ZNotificationListOutput)
    .query(({ ctx, input }) => notifications.listNotifications(ctx.user.id, input)),

  unreadCount: authedProcedure
    .input(z.void())
    .output(ZUnreadCount)
    .query(({ ctx }) => notifications.unreadCount(ctx.user.id)),

  markRead: authedProcedure
    .input(ZIdsInput)
    .output(ZUpdatedCount)
    .mutation(({ ctx, input }) => notifications.markRead(ctx.deps, actorOf(ctx.user, ctx.ip), ctx.user.id, input.ids)),

  markAllRead: authedProcedure
    .input(z.void())
    .output(ZUpdatedCount)
    .mutation(({ ctx }) => notifications.markAllRead(ctx.deps, actorOf(ctx.user, ctx.ip), ctx.user.id)),

  delete: authedProcedure
    .input(ZIdsInput)
    .output(ZDeleteManyOutput)
    .mutation(({ ctx, input }) =>
      notifications.deleteNotifications(ctx.deps, actorOf(ctx.user, ctx.ip), ctx.user.id, input.ids),
    ),

  // Subscriptions validate each yielded item (tRPC's output parser does not apply to streams).
  onNew: authedProcedure
    .input(ZNotificationOnNewInput)
    .subscription(({ ctx, input, signal }) =>
      notificationStream({ deps: ctx.deps, user: ctx.user, lastEventId: input?.lastEventId, signal }),
    ),
});
