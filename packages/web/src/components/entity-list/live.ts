import { useCallback, useEffect, useRef, useState } from 'react';
import { reportSessionEnded } from '../../app/query-client.ts';
import { isUnauthorized } from '../../lib/errors.ts';

/**
 * The last change event seen per feed, kept for this tab's lifetime: coming back to a
 * screen resumes the feed from there (the server replays what was missed) instead of
 * starting blind. Event ids only, nothing about the records.
 */
const lastEventIds = new Map<string, string>();

/** The subscription input, fixed for the component's life (a new input would resubscribe). */
export function useFeedInput(feed: string) {
  const [input] = useState(() => ({ lastEventId: lastEventIds.get(feed) ?? null }));
  return input;
}

/** What a change feed yields (see zChangeEvent in @mas/shared): the record as it is now, absent on delete. */
export interface ChangeEvent<T = unknown> {
  id: string;
  type?: 'created' | 'updated' | 'deleted';
  item?: T;
}

/** Subscription callbacks: remember the event id, react, and treat an ended session as such. */
export function feedOptions<E extends { id: string }>(feed: string, onEvent: (event: E) => void) {
  return {
    onData(event: E) {
      lastEventIds.set(feed, event.id);
      onEvent(event);
    },
    onError(error: unknown) {
      if (isUnauthorized(error)) reportSessionEnded();
    },
  };
}

/**
 * Runs `callback` at most once per `ms`, trailing: a burst of events (a bulk delete, a
 * replay after reconnecting) refetches the list once, not once per event.
 */
export function useThrottledCallback(callback: () => void, ms: number) {
  const latest = useRef(callback);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => {
    latest.current = callback;
  }, [callback]);
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );
  return useCallback(() => {
    if (timer.current) return;
    timer.current = setTimeout(() => {
      timer.current = null;
      latest.current();
    }, ms);
  }, [ms]);
}

export function useDebouncedValue<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}
