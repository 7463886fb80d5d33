import type { TFreeSlot } from '@mas/shared';
import { Alert, Box, Button, LinearProgress, List, ListItemButton, ListItemText } from '@mui/material';
import dayjs from 'dayjs';
import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { trpc } from '../../lib/trpc.ts';
import { useApptT } from './i18n.ts';
import { formatSlot } from './time.ts';

/** How far ahead the list looks (the API allows up to 62 days per call). */
export const SLOT_DAYS = 28;
const PAGE = 12;

interface Props {
  specialtyId?: string;
  medicalStaffId?: string;
  durationMinutes?: number;
  onChoose(slot: TFreeSlot): void;
  autoFocus?: boolean;
  /** The accessible name of the list. */
  label: string;
}

/**
 * The keyboard path that needs no grid: the next free times, earliest first, as one list
 * (one tab stop): arrows move, Home/End jump, Enter chooses. Also a click target on touch.
 */
export function FreeSlotList({ specialtyId, medicalStaffId, durationMinutes, onChoose, autoFocus, label }: Props) {
  const { t } = useApptT();
  const [limit, setLimit] = useState(PAGE);
  // The window starts at the next 5-minute mark when the list is first shown.
  const [from] = useState(() => {
    const now = dayjs();
    return now
      .minute(Math.ceil((now.minute() + 1) / 5) * 5)
      .second(0)
      .millisecond(0)
      .toDate();
  });
  const to = useMemo(() => dayjs(from).add(SLOT_DAYS, 'day').toDate(), [from]);
  const enabled = Boolean(specialtyId || medicalStaffId);
  const query = trpc.appointment.freeSlots.useQuery(
    {
      from,
      to,
      limit,
      ...(medicalStaffId ? { medicalStaffId } : specialtyId ? { specialtyId } : {}),
      ...(durationMinutes ? { durationMinutes } : {}),
    },
    { enabled },
  );
  const slots = useMemo(() => query.data ?? [], [query.data]);
  const [chosen, setActive] = useState(0);
  // Stays on the last slot when the list shrinks (a slot just taken by someone else).
  const active = Math.max(0, Math.min(chosen, slots.length - 1));
  const listRef = useRef<HTMLUListElement>(null);
  const baseId = useId();
  const optionId = (index: number) => `${baseId}-slot-${index}`;

  useEffect(() => {
    if (autoFocus && slots.length > 0) listRef.current?.focus();
  }, [autoFocus, slots.length]);
  useEffect(() => {
    document.getElementById(optionId(active))?.scrollIntoView({ block: 'nearest' });
  });

  if (!enabled) return <Alert severity="info">{t('slots.chooseSpecialty')}</Alert>;

  const onKeyDown = (event: KeyboardEvent<HTMLUListElement>) => {
    const last = slots.length - 1;
    const moves: Record<string, number> = {
      ArrowDown: Math.min(active + 1, last),
      ArrowUp: Math.max(active - 1, 0),
      Home: 0,
      End: last,
      PageDown: Math.min(active + 5, last),
      PageUp: Math.max(active - 5, 0),
    };
    if (event.key in moves) {
      event.preventDefault();
      setActive(moves[event.key]!);
    } else if (event.key === 'Enter' || event.key === ' ') {
      const slot = slots[active];
      if (slot) {
        event.preventDefault();
        onChoose(slot);
      }
    }
  };

  return (
    <Box>
      {query.isFetching && <LinearProgress aria-label={t('slots.label')} sx={{ mb: 1 }} />}
      {query.isError && <Alert severity="error">{t('errors:generic.internal')}</Alert>}
      {query.isSuccess && slots.length === 0 && <Alert severity="info">{t('slots.none', { days: SLOT_DAYS })}</Alert>}
      {slots.length > 0 && (
        <List
          ref={listRef}
          role="listbox"
          tabIndex={0}
          aria-label={label}
          aria-activedescendant={optionId(active)}
          onKeyDown={onKeyDown}
          data-testid="free-slots"
          dense
          sx={{
            maxHeight: 420,
            overflowY: 'auto',
            border: 1,
            borderColor: 'divider',
            borderRadius: 1,
            '&:focus-visible': { outline: 2, outlineColor: 'primary.main', outlineOffset: 2 },
          }}
        >
          {slots.map((slot, index) => (
            <ListItemButton
              key={`${slot.medicalStaffId}-${slot.start.getTime()}`}
              id={optionId(index)}
              component="li"
              role="option"
              aria-selected={index === active}
              selected={index === active}
              tabIndex={-1}
              onClick={() => {
                setActive(index);
                onChoose(slot);
              }}
              data-testid="free-slot"
            >
              <ListItemText
                primary={formatSlot(slot.start)}
                secondary={`${slot.medicalStaffName} · ${t('minutes', {
                  count: Math.round((slot.end.getTime() - slot.start.getTime()) / 60_000),
                })}`}
              />
            </ListItemButton>
          ))}
        </List>
      )}
      {slots.length >= limit && (
        <Button sx={{ mt: 1 }} onClick={() => setLimit((current) => current + PAGE)}>
          {t('slots.more')}
        </Button>
      )}
    </Box>
  );
}
