import AddIcon from '@mui/icons-material/Add';
import BuildIcon from '@mui/icons-material/BuildOutlined';
import CheckIcon from '@mui/icons-material/CheckCircleOutline';
import CleaningIcon from '@mui/icons-material/CleaningServicesOutlined';
import LogoutIcon from '@mui/icons-material/Logout';
import SwapHorizIcon from '@mui/icons-material/SwapHoriz';
import {
  Alert,
  Box,
  Card,
  CardContent,
  Chip,
  LinearProgress,
  ListItemIcon,
  ListItemText,
  Menu,
  MenuItem,
  Stack,
  Typography,
} from '@mui/material';
import { skipToken } from '@tanstack/react-query';
import { useSnackbar } from 'notistack';
import { useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { useNavigate } from 'react-router';
import { useAuth } from '../../auth/auth-context.tsx';
import { LiveChip } from '../../components/entity-list/LiveChip.tsx';
import { useAnnounce } from '../../components/LiveAnnouncer.tsx';
import { feedOptions, useFeedInput, useThrottledCallback } from '../../components/entity-list/live.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { useT } from '../../i18n/use-t.ts';
import type { TBoardBed, TBoardRoom } from '../../lib/api-types.ts';
import { visuallyHidden } from '../../lib/a11y.ts';
import { describeError } from '../../lib/errors.ts';
import { trpc } from '../../lib/trpc.ts';
import { DischargeDialog, TransferDialog, type AdmissionRef } from '../admissions/MoveDialogs.tsx';
import { placeKey, placeLabel } from '../admissions/places.ts';
import { BedTile, paletteOf } from './BedTile.tsx';
import { nextTile, useBedChangeAnnouncer } from './board-keys.ts';

const STATUSES = ['available', 'occupied', 'cleaning', 'outOfService'] as const;
type TSettable = 'available' | 'cleaning' | 'outOfService';

interface Selection {
  anchor: HTMLElement;
  room: TBoardRoom;
  bed: TBoardBed;
}

/** Rooms × beds, grouped by department, with what each bed is doing now. */
export default function BoardPage() {
  const { t } = useT('clinical');
  const { can } = useAuth();
  const navigate = useNavigate();
  const { enqueueSnackbar } = useSnackbar();
  const utils = trpc.useUtils();
  const board = trpc.room.board.useQuery();
  const refresh = useThrottledCallback(() => void utils.room.board.invalidate(), 300);
  // Beds change with admissions (admit, transfer, discharge) and with rooms (bed states, bed counts).
  const rooms = trpc.room.onChange.useSubscription(useFeedInput('room'), feedOptions('room', refresh));
  const admissionsFeed = useFeedInput('admission');
  trpc.admission.onChange.useSubscription(
    can('admission.read') ? admissionsFeed : skipToken,
    feedOptions('admission', refresh),
  );
  const setStatus = trpc.room.setBedStatus.useMutation();
  const [selection, setSelection] = useState<Selection | null>(null);
  const [moving, setMoving] = useState<{ kind: 'transfer' | 'discharge'; admission: AdmissionRef } | null>(null);
  // Arrow keys move between beds; only the last bed visited is in the Tab order.
  const [activeKey, setActiveKey] = useState<string | null>(null);
  const tilesRef = useRef<HTMLDivElement>(null);
  const lastTile = useRef<HTMLElement | null>(null);
  const markOwn = useBedChangeAnnouncer(
    board.data,
    useAnnounce(),
    (room, bed, status) =>
      t('a11y:board.changed', { place: placeLabel(room, bed), status: t(`board.legend.${status}`) }),
    (count) => t('a11y:board.changedMany', { count }),
  );

  const canRooms = can('room.write');
  const canAdmit = can('admission.write');
  const data = board.data ?? [];
  const beds = data.flatMap((room) => room.beds);
  const totals = Object.fromEntries(
    STATUSES.map((status) => [status, beds.filter((bed) => bed.status === status).length]),
  ) as Record<(typeof STATUSES)[number], number>;
  const groups = [...new Set(data.map((room) => room.departmentName ?? ''))].sort((a, b) =>
    a === '' ? 1 : b === '' ? -1 : a.localeCompare(b),
  );

  const changeStatus = async (room: TBoardRoom, bed: TBoardBed, status: TSettable) => {
    setSelection(null);
    markOwn(placeKey(room.id, bed.bed));
    try {
      await setStatus.mutateAsync({ roomId: room.id, bed: bed.bed, status });
      enqueueSnackbar(
        t('board.statusChanged', { place: placeLabel(room.name, bed.bed), status: t(`board.legend.${status}`) }),
        { variant: 'success' },
      );
      refresh();
    } catch (error) {
      enqueueSnackbar(describeError(error), { variant: 'error' });
    }
  };

  const actionsFor = (room: TBoardRoom, bed: TBoardBed) => {
    const items: { key: string; icon: ReactNode; label: string; run(): void }[] = [];
    if (bed.status === 'occupied' && bed.admissionId && canAdmit) {
      const admission = {
        id: bed.admissionId,
        patientName: bed.patientName ?? t('board.hiddenPatient'),
        roomName: room.name,
        bed: bed.bed,
        ...(bed.since ? { admittedAt: bed.since } : {}),
      };
      items.push({
        key: 'transfer',
        icon: <SwapHorizIcon fontSize="small" />,
        label: t('admission.transfer.action'),
        run: () => {
          markOwn(placeKey(room.id, bed.bed));
          setMoving({ kind: 'transfer', admission });
        },
      });
      items.push({
        key: 'discharge',
        icon: <LogoutIcon fontSize="small" />,
        label: t('admission.discharge.action'),
        run: () => {
          markOwn(placeKey(room.id, bed.bed));
          setMoving({ kind: 'discharge', admission });
        },
      });
    }
    if (bed.status === 'available' && canAdmit) {
      items.push({
        key: 'admit',
        icon: <AddIcon fontSize="small" />,
        label: t('board.actions.admit'),
        run: () => navigate(`/admissions?new=1&place=${encodeURIComponent(placeKey(room.id, bed.bed))}`),
      });
    }
    if (bed.status !== 'occupied' && canRooms) {
      if (bed.status !== 'available')
        items.push({
          key: 'available',
          icon: <CheckIcon fontSize="small" />,
          label: t('board.actions.markAvailable'),
          run: () => void changeStatus(room, bed, 'available'),
        });
      if (bed.status !== 'cleaning')
        items.push({
          key: 'cleaning',
          icon: <CleaningIcon fontSize="small" />,
          label: t('board.actions.markCleaning'),
          run: () => void changeStatus(room, bed, 'cleaning'),
        });
      if (bed.status !== 'outOfService')
        items.push({
          key: 'outOfService',
          icon: <BuildIcon fontSize="small" />,
          label: t('board.actions.markOutOfService'),
          run: () => void changeStatus(room, bed, 'outOfService'),
        });
    }
    return items;
  };

  const firstKey = data[0]?.beds[0] ? placeKey(data[0].id, data[0].beds[0].bed) : null;
  const tabStop = activeKey && beds.length ? activeKey : firstKey;
  const onTileKey = (event: KeyboardEvent<HTMLElement>) => {
    if (!tilesRef.current || event.altKey || event.ctrlKey || event.metaKey) return;
    const next = nextTile(tilesRef.current, event.currentTarget, event.key);
    if (!next) return;
    event.preventDefault();
    next.focus();
  };
  /** Back on the bed the dialog was opened from (the menu in between is gone). */
  const closeMoving = () => {
    setMoving(null);
    requestAnimationFrame(() => lastTile.current?.focus());
  };

  return (
    <>
      <PageHeader
        title={t('board.title')}
        subtitle={t('board.subtitle')}
        actions={<LiveChip status={rooms.status} />}
      />
      <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap', mb: 3 }} data-testid="board-legend">
        {STATUSES.map((status) => (
          <Chip
            key={status}
            variant="outlined"
            label={`${t(`board.legend.${status}`)} · ${totals[status]}`}
            icon={
              <Box
                component="span"
                sx={{ width: 10, height: 10, borderRadius: '50%', bgcolor: paletteOf(status), ml: '10px !important' }}
              />
            }
            data-testid={`legend-${status}`}
          />
        ))}
      </Stack>
      {(board.isFetching || setStatus.isPending) && <LinearProgress sx={{ mb: 2 }} aria-label={t('common:loading')} />}
      {board.error && <Alert severity="error">{describeError(board.error)}</Alert>}
      {board.data && data.length === 0 && <Alert severity="info">{t('board.noRooms')}</Alert>}
      <Typography id="board-keys-hint" sx={visuallyHidden}>
        {t('a11y:board.keysHint')}
      </Typography>
      <Stack spacing={4} ref={tilesRef}>
        {groups.map((group) => {
          const inGroup = data.filter((room) => (room.departmentName ?? '') === group);
          const groupBeds = inGroup.flatMap((room) => room.beds);
          return (
            <Box
              key={group || 'none'}
              component="section"
              aria-label={t('a11y:board.bedsOf', { group: group || t('board.noDepartment') })}
              aria-describedby="board-keys-hint"
            >
              <Stack direction="row" spacing={1.5} sx={{ alignItems: 'baseline', mb: 1.5 }}>
                <Typography variant="h6" component="h2">
                  {group || t('board.noDepartment')}
                </Typography>
                <Typography variant="body2" color="text.secondary">
                  {t('board.free', {
                    count: groupBeds.filter((bed) => bed.status === 'available').length,
                    total: groupBeds.length,
                  })}
                </Typography>
              </Stack>
              <Box
                sx={{
                  display: 'grid',
                  gap: 2,
                  gridTemplateColumns: { xs: '1fr', sm: 'repeat(2, 1fr)', lg: 'repeat(3, 1fr)', xl: 'repeat(4, 1fr)' },
                }}
              >
                {inGroup.map((room) => (
                  <Card key={room.id} data-testid="board-room">
                    <CardContent>
                      <Stack direction="row" sx={{ justifyContent: 'space-between', alignItems: 'baseline', mb: 1.5 }}>
                        <Typography sx={{ fontWeight: 700 }}>{room.name}</Typography>
                        <Typography variant="caption" color="text.secondary">
                          {t('board.free', {
                            count: room.beds.filter((bed) => bed.status === 'available').length,
                            total: room.bedCount,
                          })}
                        </Typography>
                      </Stack>
                      <Box
                        sx={{ display: 'grid', gap: 1, gridTemplateColumns: 'repeat(auto-fill, minmax(130px, 1fr))' }}
                      >
                        {room.beds.map((bed) => {
                          const hasActions = actionsFor(room, bed).length > 0;
                          const key = placeKey(room.id, bed.bed);
                          return (
                            <BedTile
                              key={bed.bed}
                              bed={bed}
                              roomName={room.name}
                              bedKey={key}
                              tabIndex={key === tabStop ? 0 : -1}
                              onFocus={() => setActiveKey(key)}
                              onKeyDown={onTileKey}
                              {...(hasActions
                                ? {
                                    onOpen: (event) => {
                                      lastTile.current = event.currentTarget;
                                      setSelection({ anchor: event.currentTarget, room, bed });
                                    },
                                  }
                                : {})}
                            />
                          );
                        })}
                      </Box>
                    </CardContent>
                  </Card>
                ))}
              </Box>
            </Box>
          );
        })}
      </Stack>
      <Menu anchorEl={selection?.anchor} open={Boolean(selection)} onClose={() => setSelection(null)}>
        {selection &&
          actionsFor(selection.room, selection.bed).map((item) => (
            <MenuItem
              key={item.key}
              data-testid={`bed-action-${item.key}`}
              onClick={() => {
                setSelection(null);
                item.run();
              }}
            >
              <ListItemIcon>{item.icon}</ListItemIcon>
              <ListItemText>{item.label}</ListItemText>
            </MenuItem>
          ))}
      </Menu>
      {moving?.kind === 'transfer' && <TransferDialog admission={moving.admission} onClose={closeMoving} />}
      {moving?.kind === 'discharge' && <DischargeDialog admission={moving.admission} onClose={closeMoving} />}
    </>
  );
}
