import { tracked, type TrackedEnvelope } from '@trpc/server';
import { trpcError } from '../../errors.ts';
import { ZNotification, type TNotification } from '@mas/shared';
import { oid, op } from '../../db/schema.ts';
import { watchSession } from '../../realtime/session-watch.ts';
import type { AppDeps, SessionUser } from '../../trpc.ts';
import { Notification } from './model.ts';
import { notifyChannelOf, toNotificationDto } from './service.ts';

/** Most notifications a reconnecting client is sent before it should reload instead. */
const MAX_REPLAY = 500;

/**
 * The caller's new notifications as they arrive, with `tracked()` ids (the
 * notification ids). Listens on the caller's own channel before replaying what
 * they missed, so nothing falls between the two; only items that pass the
 * output schema and belong to the caller are yielded.
 */
export async function* notificationStream(options: {
  deps: AppDeps;
  user: SessionUser;
  lastEventId?: string | null | undefined;
  signal: AbortSignal | undefined;
}): AsyncGenerator<TrackedEnvelope<TNotification>> {
  const { deps, user, signal } = options;
  const queue: TNotification[] = [];
  let wake: (() => void) | undefined;
  const unsubscribe = deps.bus.subscribe(notifyChannelOf(user.id), (payload) => {
    queue.push(payload as TNotification);
    wake?.();
  });
  const onAbort = () => wake?.();
  signal?.addEventListener('abort', onAbort);
  let sessionEnded = false;
  const stopWatching = watchSession(deps, user, (end) => {
    if (end !== 'ended') return;
    sessionEnded = true;
    wake?.();
  });

  /** Validates (and strips) an item; anything malformed is dropped, never sent. */
  const checked = (item: unknown) => {
    const parsed = ZNotification.safeParse(item);
    return parsed.success ? parsed.data : null;
  };

  try {
    let last = options.lastEventId ?? null;
    if (last) {
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
    while (!signal?.aborted) {
      if (sessionEnded) throw trpcError('auth.sessionEnded', {});
      const next = queue.shift();
      if (!next) {
        await new Promise<void>((resume) => (wake = resume));
        wake = undefined;
        continue;
      }
      const item = checked(next);
      // Skip what the replay already sent.
      if (!item || (last && item.id <= last)) continue;
      yield tracked(item.id, item);
    }
  } finally {
    stopWatching();
    unsubscribe();
    signal?.removeEventListener('abort', onAbort);
  }
}
