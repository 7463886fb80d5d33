import { tracked, type TrackedEnvelope } from '@trpc/server';
import { ZNotification, type TNotification } from '@mas/shared';
import { oid, op } from '../../db/schema.ts';
import { liveStream } from '../../realtime/stream.ts';
import type { AppDeps, SessionUser } from '../../trpc.ts';
import { Notification } from './model.ts';
import { notifyChannelOf, toNotificationDto } from './service.ts';

/** Most notifications a reconnecting client is sent before it should reload instead. */
const MAX_REPLAY = 500;

/** Validates (and strips) an item; anything malformed is dropped, never sent. */
function checked(item: unknown): TNotification | null {
  const parsed = ZNotification.safeParse(item);
  return parsed.success ? parsed.data : null;
}

/**
 * The caller's new notifications as they arrive, with `tracked()` ids (the notification ids),
 * on the one subscription loop (`liveStream`) over the caller's own channel; only items that
 * pass the output schema and belong to the caller are yielded.
 */
export function notificationStream(options: {
  deps: AppDeps;
  user: SessionUser;
  lastEventId?: string | null | undefined;
  signal: AbortSignal | undefined;
}): AsyncGenerator<TrackedEnvelope<TNotification>> {
  const { user } = options;
  let last = options.lastEventId ?? null;

  async function* replay() {
    if (!last) return;
    const missed = await Notification.find({ recipientId: oid(user.id), _id: op({ $gt: oid(last) }) })
      .sort({ _id: 1 })
      .limit(MAX_REPLAY)
      .lean();
    for (const doc of missed) {
      last = String(doc._id);
      const item = checked(toNotificationDto(doc));
      if (item) yield tracked(item.id, item);
    }
  }

  return liveStream<TNotification, TNotification>({
    deps: options.deps,
    channel: notifyChannelOf(user.id),
    user,
    signal: options.signal,
    replay,
    deliver: (message) => {
      const item = checked(message);
      // Skip what the replay already sent.
      return !item || (last && item.id <= last) ? null : tracked(item.id, item);
    },
  });
}
