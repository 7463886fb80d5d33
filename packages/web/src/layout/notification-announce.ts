import { useCallback, useRef } from 'react';
import { entityWord } from '../app/entities.ts';
import { useThrottledCallback } from '../components/entity-list/live.ts';
import { useAnnounce } from '../components/LiveAnnouncer.tsx';
import { tAny } from '../i18n/use-t.ts';
import type { TNotificationRow } from '../lib/api-types.ts';
import { codedLabelText } from '../lib/labels.ts';

/** "admin admitted a patient in 101 · bed 2", in the reader's language (a bed from its code and params). */
export function notificationSentence(item: Pick<TNotificationRow, 'entity' | 'type' | 'params' | 'actorUsername'>) {
  const entity = entityWord(item.entity, 'the');
  const label = item.params.coded ? codedLabelText(item.params.coded) : item.params.label;
  const what = label ? tAny('notifications:what', { entity, label }) : entity;
  return tAny(`notifications:sentences.${item.type}`, {
    actor: item.actorUsername,
    what,
    where: label || tAny('notifications:somewhere'),
  });
}

/**
 * Reads new notifications out through the live region (politely; focus stays put): one by its
 * sentence, a burst (a replay after reconnecting) as a count.
 */
export function useAnnounceNotifications() {
  const announce = useAnnounce();
  const arrived = useRef<TNotificationRow[]>([]);
  const readOut = useThrottledCallback(() => {
    const items = arrived.current;
    arrived.current = [];
    if (items.length === 1) announce(tAny('a11y:notifications.new', { sentence: notificationSentence(items[0]!) }));
    else if (items.length > 1) announce(tAny('a11y:notifications.newMany', { count: items.length }));
  }, 1000);
  return useCallback(
    (item: TNotificationRow) => {
      if (item.read) return;
      arrived.current.push(item);
      readOut();
    },
    [readOut],
  );
}
