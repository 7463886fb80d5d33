import { Box, ButtonBase, Typography } from '@mui/material';
import dayjs from 'dayjs';
import type { MouseEvent } from 'react';
import { useT } from '../../i18n/use-t.ts';
import type { TBoardBed } from '../../lib/api-types.ts';

export const STATUS_COLOR = {
  available: 'success',
  occupied: 'primary',
  cleaning: 'warning',
  outOfService: 'grey',
} as const;

export const paletteOf = (status: TBoardBed['status']) =>
  status === 'outOfService' ? 'text.disabled' : `${STATUS_COLOR[status]}.main`;

interface Props {
  bed: TBoardBed;
  roomName: string;
  /** Absent when this user can do nothing with the bed. */
  onOpen?: (event: MouseEvent<HTMLElement>) => void;
}

/** One bed: its number, its state in words and colour, and who lies there (for those who may know). */
export function BedTile({ bed, roomName, onOpen }: Props) {
  const { t } = useT('clinical');
  const color = paletteOf(bed.status);
  const occupant =
    bed.status === 'occupied' ? (bed.patientName ?? t('board.hiddenPatient')) : t(`board.legend.${bed.status}`);
  const content = (
    <Box
      sx={{
        width: '100%',
        textAlign: 'left',
        p: 1.25,
        borderRadius: 2,
        border: 1,
        borderColor: 'divider',
        borderLeft: 5,
        borderLeftColor: color,
        bgcolor: bed.status === 'occupied' ? 'action.hover' : 'background.paper',
        minHeight: 78,
      }}
    >
      <Typography
        variant="caption"
        sx={{ fontWeight: 700, color, textTransform: 'uppercase', letterSpacing: '0.04em' }}
      >
        {t('board.bed', { bed: bed.bed })}
      </Typography>
      <Typography variant="body2" noWrap sx={{ fontWeight: bed.status === 'occupied' ? 600 : 400 }} title={occupant}>
        {occupant}
      </Typography>
      {bed.since && (
        <Typography variant="caption" color="text.secondary" noWrap component="div">
          {t('board.since', { when: dayjs(bed.since).fromNow(true) })}
        </Typography>
      )}
    </Box>
  );
  if (!onOpen)
    return (
      <Box data-testid="bed-tile" data-status={bed.status}>
        {content}
      </Box>
    );
  return (
    <ButtonBase
      onClick={onOpen}
      aria-haspopup="menu"
      aria-label={`${t('board.actionsFor', { bed: bed.bed, room: roomName })}: ${occupant}`}
      data-testid="bed-tile"
      data-status={bed.status}
      sx={{
        width: '100%',
        borderRadius: 2,
        display: 'block',
        '&.Mui-focusVisible': { outline: 2, outlineColor: 'primary.main', outlineOffset: 2 },
      }}
    >
      {content}
    </ButtonBase>
  );
}
