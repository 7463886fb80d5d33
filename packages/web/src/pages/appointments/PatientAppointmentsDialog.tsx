import type { TAppointment } from '@mas/shared';
import {
  Alert,
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  LinearProgress,
  List,
  ListItem,
  ListItemText,
  Stack,
  Typography,
  useMediaQuery,
} from '@mui/material';
import { useTheme } from '@mui/material/styles';
import dayjs from 'dayjs';
import { describeError } from '../../lib/errors.ts';
import { trpc } from '../../lib/trpc.ts';
import { StatusChip } from './FrontDeskList.tsx';
import { useApptT } from './i18n.ts';
import { formatSlot } from './time.ts';

const OPEN = new Set(['booked', 'checkedIn']);

function Section({
  title,
  items,
  onCancel,
}: {
  title: string;
  items: TAppointment[];
  onCancel?: (appointment: TAppointment) => void;
}) {
  const { t } = useApptT();
  if (items.length === 0) return null;
  return (
    <Stack spacing={0.5}>
      <Typography component="h3" variant="subtitle1" sx={{ fontWeight: 600 }}>
        {title}
      </Typography>
      <List dense disablePadding aria-label={title}>
        {items.map((appointment) => {
          const cancellable = onCancel && appointment.status === 'booked' && dayjs(appointment.start).isAfter(dayjs());
          return (
            <ListItem
              key={appointment.id}
              disableGutters
              data-testid="my-appointment"
              sx={{ flexWrap: 'wrap', columnGap: 1 }}
            >
              <ListItemText
                primary={formatSlot(appointment.start)}
                secondary={[
                  appointment.medicalStaffName,
                  appointment.specialtyName,
                  appointment.reason,
                  appointment.cancelReason,
                ]
                  .filter(Boolean)
                  .join(' · ')}
                sx={{ flex: '1 1 200px' }}
              />
              <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
                <StatusChip status={appointment.status} />
                {cancellable && (
                  <Button size="small" color="error" onClick={() => onCancel(appointment)}>
                    {t('cancel.action')}
                  </Button>
                )}
              </Stack>
            </ListItem>
          );
        })}
      </List>
    </Stack>
  );
}

/** Upcoming (soonest first), then past or closed (newest first), from a list sorted newest first. */
export function AppointmentSections({
  items,
  onCancel,
}: {
  items: TAppointment[];
  onCancel?: (appointment: TAppointment) => void;
}) {
  const { t } = useApptT();
  const now = dayjs();
  const upcoming = items.filter((item) => OPEN.has(item.status) && dayjs(item.end).isAfter(now)).reverse();
  const past = items.filter((item) => !upcoming.includes(item));
  return (
    <Stack spacing={2}>
      <Section title={t('patient.upcoming')} items={upcoming} {...(onCancel ? { onCancel } : {})} />
      <Section title={t('patient.past')} items={past} />
    </Stack>
  );
}

/** A patient's appointments: what is coming, then what is past or closed (newest first). */
export default function PatientAppointmentsDialog({
  patientId,
  name,
  onClose,
}: {
  patientId: string;
  name: string;
  onClose(): void;
}) {
  const { t } = useApptT();
  const theme = useTheme();
  const fullScreen = useMediaQuery(theme.breakpoints.down('sm'));
  const query = trpc.appointment.list.useQuery({
    patientId,
    page: 1,
    perPage: 100,
    status: 'all',
    sort: { field: 'start', direction: 'desc' },
  });
  const items = query.data?.items ?? [];
  return (
    <Dialog
      open
      onClose={onClose}
      fullScreen={fullScreen}
      maxWidth="sm"
      fullWidth
      aria-labelledby="patient-appointments-title"
      data-testid="patient-appointments"
    >
      <DialogTitle id="patient-appointments-title">{t('patient.title', { name })}</DialogTitle>
      <DialogContent dividers>
        {query.isPending && <LinearProgress aria-label={t('patient.title', { name })} />}
        {query.isError && <Alert severity="error">{describeError(query.error)}</Alert>}
        {query.isSuccess && items.length === 0 && <Alert severity="info">{t('patient.empty')}</Alert>}
        <AppointmentSections items={items} />
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{t('schedule.close')}</Button>
      </DialogActions>
    </Dialog>
  );
}
