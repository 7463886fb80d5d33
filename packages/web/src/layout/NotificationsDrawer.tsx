import AlarmIcon from '@mui/icons-material/AlarmOutlined';
import AddCircleIcon from '@mui/icons-material/AddCircleOutline';
import CloseIcon from '@mui/icons-material/Close';
import DeleteIcon from '@mui/icons-material/DeleteOutline';
import DoneAllIcon from '@mui/icons-material/DoneAll';
import DoneIcon from '@mui/icons-material/Done';
import EditIcon from '@mui/icons-material/EditOutlined';
import LoginIcon from '@mui/icons-material/Login';
import LogoutIcon from '@mui/icons-material/Logout';
import OpenInNewIcon from '@mui/icons-material/OpenInNew';
import RemoveCircleIcon from '@mui/icons-material/RemoveCircleOutline';
import SwapHorizIcon from '@mui/icons-material/SwapHoriz';
import {
  Avatar,
  Box,
  Button,
  Divider,
  Drawer,
  IconButton,
  LinearProgress,
  List,
  ListItem,
  Stack,
  Tab,
  Tabs,
  Tooltip,
  Typography,
} from '@mui/material';
import type { TPermission } from '@mas/shared';
import { keepPreviousData } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { useSnackbar } from 'notistack';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { entityPath, entityWord } from '../app/entities.ts';
import { useAuth } from '../auth/auth-context.tsx';
import { ConfirmDialog } from '../components/ConfirmDialog.tsx';
import { useT } from '../i18n/use-t.ts';
import type { TNotificationRow } from '../lib/api-types.ts';
import { describeError } from '../lib/errors.ts';
import { trpc } from '../lib/trpc.ts';
import { notificationSentence } from './notification-announce.ts';

type TFilter = 'all' | 'unread' | 'read';

const FILTERS: TFilter[] = ['all', 'unread', 'read'];

const ICONS = {
  created: AddCircleIcon,
  updated: EditIcon,
  deleted: RemoveCircleIcon,
  admitted: LoginIcon,
  transferred: SwapHorizIcon,
  discharged: LogoutIcon,
  reminder: AlarmIcon,
} as const;

/** The caller's notifications of the last days: read state, links to the records, deletion. */
export default function NotificationsDrawer({ open, onClose }: { open: boolean; onClose(): void }) {
  const { t } = useT('notifications');
  const { can } = useAuth();
  const navigate = useNavigate();
  const { enqueueSnackbar } = useSnackbar();
  const utils = trpc.useUtils();
  const [filter, setFilter] = useState<TFilter>('all');
  const list = trpc.notification.list.useQuery(
    { filter, page: 1, perPage: 50 },
    { enabled: open, placeholderData: keepPreviousData },
  );
  const markRead = trpc.notification.markRead.useMutation();
  const markAllRead = trpc.notification.markAllRead.useMutation();
  const remove = trpc.notification.delete.useMutation();
  const items = list.data?.items ?? [];

  const after = () => void utils.notification.invalidate();
  // The bell's count follows at once; the refetch then confirms it.
  const lowerUnread = (by: number | 'all') =>
    utils.notification.unreadCount.setData(undefined, (current) =>
      current ? { count: by === 'all' ? 0 : Math.max(0, current.count - by) } : current,
    );
  const unreadAmong = (ids: string[]) => items.filter((item) => ids.includes(item.id) && !item.read).length;
  const [confirming, setConfirming] = useState(false);
  const fail = (error: unknown) => enqueueSnackbar(describeError(error), { variant: 'error' });
  const run = (action: Promise<unknown>) => action.then(after, fail);

  const openItem = (item: TNotificationRow) => {
    if (!item.read) markOne(item.id);
    onClose();
    void navigate(entityPath(item.entity));
  };

  const markAll = () =>
    void run(
      markAllRead.mutateAsync().then((result) => {
        lowerUnread('all');
        return result;
      }),
    );
  const markOne = (id: string) =>
    void run(
      markRead.mutateAsync({ ids: [id] }).then((result) => {
        lowerUnread(result.updated);
        return result;
      }),
    );
  const deleteIds = (ids: string[]) =>
    remove.mutateAsync({ ids }).then((result) => {
      lowerUnread(unreadAmong(ids));
      return result;
    });

  const deleteShown = async () => {
    try {
      const { deleted } = await deleteIds(items.map((item) => item.id));
      enqueueSnackbar(t('deleted', { count: deleted }), { variant: 'success' });
      after();
    } catch (error) {
      fail(error);
    } finally {
      setConfirming(false);
    }
  };

  return (
    <Drawer
      anchor="right"
      open={open}
      onClose={onClose}
      // A modal panel: announced as a dialog named by its title.
      slotProps={{
        paper: {
          role: 'dialog',
          'aria-modal': true,
          'aria-labelledby': 'notifications-title',
          sx: { width: { xs: '100%', sm: 420 } },
        },
      }}
      data-testid="notifications-drawer"
    >
      <Stack direction="row" sx={{ alignItems: 'center', px: 2, py: 1.5, gap: 1 }}>
        <Typography variant="h6" component="h2" id="notifications-title" sx={{ flex: 1 }}>
          {t('title')}
        </Typography>
        {(list.data?.counts.unread ?? 0) > 0 && (
          <Button
            size="small"
            startIcon={<DoneAllIcon />}
            disabled={markAllRead.isPending}
            onClick={markAll}
            data-testid="mark-all-read"
          >
            {t('markAllRead')}
          </Button>
        )}
        <IconButton onClick={onClose} aria-label={t('common:actions.close')}>
          <CloseIcon />
        </IconButton>
      </Stack>
      <Tabs
        value={filter}
        onChange={(_, value: TFilter) => setFilter(value)}
        variant="fullWidth"
        sx={{ borderBottom: 1, borderColor: 'divider' }}
      >
        {FILTERS.map((value) => (
          <Tab
            key={value}
            value={value}
            label={`${t(`tabs.${value}`)} (${list.data?.counts[value] ?? '·'})`}
            data-testid={`notifications-tab-${value}`}
          />
        ))}
      </Tabs>
      {list.isFetching && <LinearProgress aria-label={t('common:loading')} />}
      <List sx={{ flex: 1, overflowY: 'auto', py: 0 }} data-testid="notifications-list">
        {list.data && items.length === 0 && (
          <ListItem sx={{ justifyContent: 'center' }}>
            <Typography color="text.secondary" sx={{ p: 2, textAlign: 'center' }}>
              {t(`empty.${filter}`)}
            </Typography>
          </ListItem>
        )}
        {items.map((item) => {
          const Icon = ICONS[item.type];
          const readable = can(`${item.entity}.read` as TPermission);
          return (
            <ListItem
              key={item.id}
              divider
              alignItems="flex-start"
              sx={{ bgcolor: item.read ? 'transparent' : 'action.hover', gap: 1.5 }}
              data-testid="notification-item"
              data-read={item.read}
            >
              <Avatar
                sx={{
                  width: 36,
                  height: 36,
                  bgcolor: 'background.paper',
                  color: 'primary.main',
                  border: 1,
                  borderColor: 'divider',
                }}
              >
                <Icon fontSize="small" />
              </Avatar>
              <Box sx={{ flex: 1, minWidth: 0 }}>
                <Typography variant="body2" sx={{ fontWeight: item.read ? 400 : 600 }}>
                  {notificationSentence(item)}
                </Typography>
                <Typography variant="caption" color="text.secondary">
                  {dayjs(item.createdAt).fromNow()} · {entityWord(item.entity, 'kind')}
                </Typography>
                <Stack direction="row" spacing={0.5} sx={{ mt: 0.5 }}>
                  {readable && (
                    <Button size="small" startIcon={<OpenInNewIcon fontSize="small" />} onClick={() => openItem(item)}>
                      {t('open')}
                    </Button>
                  )}
                  {!item.read && (
                    <Tooltip title={t('markRead')}>
                      <IconButton
                        size="small"
                        aria-label={t('markRead')}
                        disabled={markRead.isPending}
                        onClick={() => markOne(item.id)}
                        data-testid="mark-read"
                      >
                        <DoneIcon fontSize="small" />
                      </IconButton>
                    </Tooltip>
                  )}
                  <Tooltip title={t('delete')}>
                    <IconButton
                      size="small"
                      aria-label={t('delete')}
                      disabled={remove.isPending}
                      onClick={() => void run(deleteIds([item.id]))}
                    >
                      <DeleteIcon fontSize="small" />
                    </IconButton>
                  </Tooltip>
                </Stack>
              </Box>
              {!item.read && (
                <Box
                  role="img"
                  aria-label={t('unreadDot')}
                  sx={{ width: 10, height: 10, mt: 1, borderRadius: '50%', bgcolor: 'primary.main', flexShrink: 0 }}
                />
              )}
            </ListItem>
          );
        })}
      </List>
      {items.length > 0 && (
        <>
          <Divider />
          <Box sx={{ p: 1.5 }}>
            <Button
              fullWidth
              color="error"
              startIcon={<DeleteIcon />}
              disabled={remove.isPending}
              onClick={() => setConfirming(true)}
              data-testid="delete-shown"
            >
              {t('deleteShown')}
            </Button>
          </Box>
        </>
      )}
      <ConfirmDialog
        open={confirming}
        title={t('confirmDelete.title', { count: items.length })}
        text={t(`confirmDelete.${filter}`, { count: items.length })}
        confirmLabel={t('common:actions.delete')}
        pending={remove.isPending}
        onClose={() => setConfirming(false)}
        onConfirm={() => void deleteShown()}
      />
    </Drawer>
  );
}
