import type { TrackedEnvelope } from '@trpc/server';
import { trpcError } from '../errors.ts';
import type { AppDeps, SessionUser } from '../trpc.ts';
import { watchSession } from './session-watch.ts';

export interface LiveStreamOptions<Message, Out> {
  deps: AppDeps;
  /** The bus channel to listen on. */
  channel: string;
  /** The subscriber; the stream ends with "session ended" once their session does. */
  user: SessionUser | null;
  signal: AbortSignal | undefined;
  /** What the client missed (from its last event id); runs after the stream listens, so nothing falls between. */
  replay(): AsyncIterable<TrackedEnvelope<Out>>;
  /** A live message as the subscriber gets it, or null to skip it (already replayed, not theirs, malformed). */
  deliver(message: Message): TrackedEnvelope<Out> | null;
}

/**
 * The one subscription loop: listen on a bus channel, replay what the client missed, then
 * send live messages until the client goes away or its session ends. Entity changes
 * (`changeStream`) and notifications (`notificationStream`) both run on it.
 */
export async function* liveStream<Message, Out>(
  options: LiveStreamOptions<Message, Out>,
): AsyncGenerator<TrackedEnvelope<Out>> {
  const { deps, signal } = options;
  const queue: Message[] = [];
  let wake: (() => void) | undefined;
  const unsubscribe = deps.bus.subscribe(options.channel, (payload) => {
    queue.push(payload as Message);
    wake?.();
  });
  const onAbort = () => wake?.();
  signal?.addEventListener('abort', onAbort);
  let sessionEnded = false;
  const stopWatching = options.user
    ? watchSession(deps, options.user, (end) => {
        if (end !== 'ended') return;
        sessionEnded = true;
        wake?.();
      })
    : undefined;

  try {
    yield* options.replay();
    while (!signal?.aborted) {
      if (sessionEnded) throw trpcError('auth.sessionEnded', {});
      const message = queue.shift();
      if (message === undefined) {
        await new Promise<void>((resume) => (wake = resume));
        wake = undefined;
        continue;
      }
      const delivered = options.deliver(message);
      if (delivered) yield delivered;
    }
  } finally {
    stopWatching?.();
    unsubscribe();
    signal?.removeEventListener('abort', onAbort);
  }
}
