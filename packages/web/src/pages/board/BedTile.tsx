import BuildIcon from '@mui/icons-material/BuildOutlined';
import CheckIcon from '@mui/icons-material/CheckCircleOutline';
import CleaningIcon from '@mui/icons-material/CleaningServicesOutlined';
import PersonIcon from '@mui/icons-material/PersonOutline';
import { Box, ButtonBase, Typography } from '@mui/material';
import dayjs from 'dayjs';
import type { KeyboardEvent, MouseEvent } from 'react';
import { useT } from '../../i18n/use-t.ts';
import type { TBoardBed } from '../../lib/api-types.ts';

export const STATUS_COLOR = {
  available: 'success',
  occupied: 'primary',
  cleaning: 'warning',
  outOfService: 'grey',
} as const;

/** The status colour, for marks (border, dot, icon); text stays in the text colours for contrast. */
export const paletteOf = (status: TBoardBed['status']) =>
  status === 'outOfService' ? 'text.secondary' : `${STATUS_COLOR[status]}.main`;

/** A shape per status, so colour is never the only cue. */
const STATUS_ICON = {
  available: CheckIcon,
  occupied: PersonIcon,
  cleaning: CleaningIcon,
  outOfService: BuildIcon,
} as const;

/**
 * A space between the lines: the tile's text then reads "Cama 1 Ocupada …", not "Cama 1Ocupada …",
 * to tools that join the lines' text as it stands (axe-core's name-versus-label check does).
 */
const GAP = ' ';

interface Props {
  bed: TBoardBed;
  roomName: string;
  /** The board's arrow-key navigation: one tile is in the Tab order at a time. */
  tabIndex: 0 | -1;
  /** Where the board's arrow keys find this tile. */
  bedKey: string;
  onFocus(): void;
  onKeyDown(event: KeyboardEvent<HTMLElement>): void;
  /** Absent when this user can do nothing with the bed. */
  onOpen?: (event: MouseEvent<HTMLElement>) => void;
}

/**
 * One bed: its number, its state in words, an icon and colour, and who lies there (for those who
 * may know). Its accessible name reads "room, bed, status, occupant, since" and holds the visible
 * text word for word, so a voice-control user can say what they see.
 */
export function BedTile({ bed, roomName, tabIndex, bedKey, onFocus, onKeyDown, onOpen }: Props) {
  const { t } = useT('clinical');
  const status = t(`board.legend.${bed.status}`);
  const occupant = bed.status === 'occupied' ? bed.patientName : undefined;
  const since = bed.since ? t('board.since', { when: dayjs(bed.since).fromNow(true) }) : undefined;
  const bedLabel = t('board.bed', { bed: bed.bed });
  const name = [t('a11y:board.room', { room: roomName }), bedLabel, status, occupant, since].filter(Boolean).join(', ');
  const Icon = STATUS_ICON[bed.status];
  const content = (
    <Box
      sx={{
        width: '100%',
        height: '100%',
        textAlign: 'left',
        p: 1.25,
        borderRadius: 2,
        border: 1,
        borderColor: 'divider',
        borderLeft: 5,
        borderLeftColor: paletteOf(bed.status),
        bgcolor: bed.status === 'occupied' ? 'action.hover' : 'background.paper',
        minHeight: 78,
      }}
    >
      <Box sx={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between', gap: 0.5 }}>
        <Typography
          variant="caption"
          color="text.secondary"
          sx={{ fontWeight: 700, textTransform: 'uppercase', letterSpacing: '0.04em' }}
        >
          {bedLabel}
        </Typography>
        <Icon sx={{ fontSize: 18, color: paletteOf(bed.status) }} />
      </Box>
      {GAP}
      <Typography
        variant={occupant ? 'caption' : 'body2'}
        component="div"
        sx={{ fontWeight: occupant ? 400 : 600 }}
        data-testid="bed-status"
      >
        {status}
      </Typography>
      {GAP}
      {occupant && (
        <Typography variant="body2" noWrap sx={{ fontWeight: 600 }} title={occupant}>
          {occupant}
        </Typography>
      )}
      {occupant && GAP}
      {since && (
        <Typography variant="caption" color="text.secondary" noWrap component="div">
          {since}
        </Typography>
      )}
    </Box>
  );
  const common = {
    'data-testid': 'bed-tile',
    'data-status': bed.status,
    'data-bed-key': bedKey,
    tabIndex,
    onFocus,
    onKeyDown,
  };
  if (!onOpen)
    return (
      <Box
        {...common}
        role="group"
        aria-label={name}
        sx={{
          borderRadius: 2,
          '&:focus-visible': { outline: '3px solid', outlineColor: 'text.primary', outlineOffset: 2 },
        }}
      >
        {content}
      </Box>
    );
  return (
    <ButtonBase
      {...common}
      onClick={onOpen}
      aria-haspopup="menu"
      aria-label={name}
      sx={{
        width: '100%',
        borderRadius: 2,
        display: 'block',
        '&.Mui-focusVisible': { outline: '3px solid', outlineColor: 'text.primary', outlineOffset: 2 },
      }}
    >
      {content}
    </ButtonBase>
  );
}
