import NotificationsIcon from '@mui/icons-material/NotificationsNoneOutlined';
import { Badge, IconButton } from '@mui/material';
import { Hint } from '../components/Hint.tsx';
import { lazy, Suspense, useState } from 'react';
import { feedOptions, useFeedInput, useThrottledCallback } from '../components/entity-list/live.ts';
import { useT } from '../i18n/use-t.ts';
import { trpc } from '../lib/trpc.ts';
import { useAnnounceNotifications } from './notification-announce.ts';

const NotificationsDrawer = lazy(() => import('./NotificationsDrawer.tsx'));

/** The unread count, kept current by the caller's own notification feed; the drawer loads on first open. */
export function NotificationBell() {
  const { t } = useT('notifications');
  const utils = trpc.useUtils();
  const unread = trpc.notification.unreadCount.useQuery(undefined, { staleTime: 60_000 });
  const refresh = useThrottledCallback(() => void utils.notification.invalidate(), 300);
  // New notifications are also read out (politely, focus stays put).
  const announceNew = useAnnounceNotifications();
  trpc.notification.onNew.useSubscription(
    useFeedInput('notifications'),
    feedOptions('notifications', (event) => {
      refresh();
      announceNew(event.data);
    }),
  );
  const [open, setOpen] = useState(false);
  const [loaded, setLoaded] = useState(false);
  const count = unread.data?.count ?? 0;
  const label = count ? t('buttonUnread', { count }) : t('button');

  return (
    <>
      <Hint title={label}>
        <IconButton
          aria-label={label}
          onClick={() => {
            setLoaded(true);
            setOpen(true);
          }}
          data-testid="notifications-button"
        >
          <Badge badgeContent={count} color="error" max={99} data-testid="notifications-badge" data-count={count}>
            <NotificationsIcon />
          </Badge>
        </IconButton>
      </Hint>
      <Suspense fallback={null}>
        {loaded && <NotificationsDrawer open={open} onClose={() => setOpen(false)} />}
      </Suspense>
    </>
  );
}
