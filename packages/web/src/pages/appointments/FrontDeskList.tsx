import type { TAppointment, TAppointmentStatus } from '@mas/shared';
import ChevronLeftIcon from '@mui/icons-material/ChevronLeft';
import ChevronRightIcon from '@mui/icons-material/ChevronRight';
import {
  Alert,
  Box,
  Button,
  Chip,
  IconButton,
  LinearProgress,
  Paper,
  Stack,
  Tooltip,
  Typography,
  type ChipProps,
} from '@mui/material';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import { useAppointmentActions, useAppointmentsInRange } from './data.ts';
import { useApptT } from './i18n.ts';
import { CancelDialog, RescheduleDialog } from './MoveDialogs.tsx';

export const STATUS_COLOR: Record<TAppointmentStatus, ChipProps['color']> = {
  booked: 'primary',
  checkedIn: 'warning',
  completed: 'success',
  cancelled: 'default',
  noShow: 'error',
};

export function StatusChip({ status }: { status: TAppointmentStatus }) {
  const { t } = useApptT();
  return (
    <Chip
      size="small"
      color={STATUS_COLOR[status]}
      variant={status === 'booked' ? 'filled' : 'outlined'}
      label={t(`status.${status}`)}
    />
  );
}

interface Props {
  specialtyId: string;
  staffId: string;
  canWrite: boolean;
}

/** The front desk's day: each appointment in time order with what can be done next. */
export function FrontDeskList({ specialtyId, staffId, canWrite }: Props) {
  const { t } = useApptT();
  const [day, setDay] = useState(() => dayjs().startOf('day'));
  const [moving, setMoving] = useState<TAppointment | null>(null);
  const [cancelling, setCancelling] = useState<TAppointment | null>(null);
  const from = useMemo(() => day.toDate(), [day]);
  const to = useMemo(() => day.add(1, 'day').toDate(), [day]);
  const query = useAppointmentsInRange(from, to, {
    ...(staffId ? { medicalStaffId: staffId } : specialtyId ? { specialtyId } : {}),
  });
  const actions = useAppointmentActions();
  const items = query.data?.items ?? [];
  const dayLabel = day.format('dddd LL');

  return (
    <Box>
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center', mb: 2 }}>
        <Tooltip title={t('list.previousDay')}>
          <IconButton aria-label={t('list.previousDay')} onClick={() => setDay((d) => d.subtract(1, 'day'))}>
            <ChevronLeftIcon />
          </IconButton>
        </Tooltip>
        <Button variant="outlined" size="small" onClick={() => setDay(dayjs().startOf('day'))}>
          {t('calendar.today')}
        </Button>
        <Tooltip title={t('list.nextDay')}>
          <IconButton aria-label={t('list.nextDay')} onClick={() => setDay((d) => d.add(1, 'day'))}>
            <ChevronRightIcon />
          </IconButton>
        </Tooltip>
        <Typography
          component="h2"
          variant="h6"
          sx={{ '&::first-letter': { textTransform: 'uppercase' } }}
          data-testid="list-day"
        >
          {dayLabel}
        </Typography>
      </Stack>
      {query.isFetching && <LinearProgress aria-label={t('list.label')} sx={{ mb: 1 }} />}
      {query.isSuccess && items.length === 0 && <Alert severity="info">{t('list.empty')}</Alert>}
      <Stack component="ul" aria-label={t('list.label')} spacing={1} sx={{ listStyle: 'none', p: 0, m: 0 }}>
        {items.map((appointment) => (
          <Paper
            component="li"
            key={appointment.id}
            variant="outlined"
            data-testid="appointment-row"
            sx={{
              p: 1.5,
              display: 'flex',
              flexWrap: 'wrap',
              gap: 1.5,
              alignItems: 'center',
            }}
          >
            <Typography sx={{ fontVariantNumeric: 'tabular-nums', fontWeight: 600, minWidth: 110 }}>
              {dayjs(appointment.start).format('LT')}–{dayjs(appointment.end).format('LT')}
            </Typography>
            <Box sx={{ flex: '1 1 200px', minWidth: 0 }}>
              <Typography sx={{ fontWeight: 500 }}>{appointment.patientName}</Typography>
              <Typography variant="body2" color="text.secondary">
                {appointment.medicalStaffName} · {appointment.specialtyName}
                {appointment.reason ? ` · ${appointment.reason}` : ''}
              </Typography>
            </Box>
            <StatusChip status={appointment.status} />
            {canWrite && (
              <Stack
                direction="row"
                spacing={1}
                role="group"
                aria-label={t('list.actionsFor', { patient: appointment.patientName })}
                sx={{ flexWrap: 'wrap', rowGap: 1 }}
              >
                {appointment.status === 'booked' && (
                  <>
                    <Button
                      size="small"
                      variant="contained"
                      onClick={() => void actions.checkIn(appointment)}
                      disabled={actions.pending}
                    >
                      {t('checkIn.action')}
                    </Button>
                    <Button size="small" onClick={() => setMoving(appointment)}>
                      {t('reschedule.action')}
                    </Button>
                    <Button size="small" color="error" onClick={() => setCancelling(appointment)}>
                      {t('cancel.action')}
                    </Button>
                  </>
                )}
                {appointment.status === 'checkedIn' && (
                  <Button
                    size="small"
                    variant="contained"
                    color="success"
                    onClick={() => void actions.complete(appointment)}
                    disabled={actions.pending}
                  >
                    {t('complete.action')}
                  </Button>
                )}
              </Stack>
            )}
          </Paper>
        ))}
      </Stack>
      {moving && <RescheduleDialog appointment={moving} onClose={() => setMoving(null)} />}
      {cancelling && <CancelDialog appointment={cancelling} onClose={() => setCancelling(null)} />}
    </Box>
  );
}
