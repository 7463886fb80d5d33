import type { TAppointment, TFreeSlot } from '@mas/shared';
import ChevronLeftIcon from '@mui/icons-material/ChevronLeft';
import ChevronRightIcon from '@mui/icons-material/ChevronRight';
import {
  Alert,
  Box,
  Button,
  IconButton,
  LinearProgress,
  MenuItem,
  Stack,
  Tab,
  Tabs,
  TextField,
  ToggleButton,
  ToggleButtonGroup,
  Tooltip,
  Typography,
} from '@mui/material';
import dayjs from 'dayjs';
import { useSnackbar } from 'notistack';
import { useMemo, useState, type ReactNode } from 'react';
import { useSearchParams } from 'react-router';
import { useAuth } from '../../auth/auth-context.tsx';
import { LiveChip } from '../../components/entity-list/LiveChip.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { useCatalogueOptions } from '../../lib/use-catalogue-options.ts';
import { AppointmentCalendar, type TCalendarView } from './AppointmentCalendar.tsx';
import { BookDialog, type TBookTarget } from './BookDialog.tsx';
import {
  MAX_COLUMNS,
  useAppointmentActions,
  useAppointmentsInRange,
  useLiveAppointments,
  useSchedules,
  useStaffColumns,
} from './data.ts';
import { FreeSlotList } from './FreeSlotList.tsx';
import { FrontDeskList } from './FrontDeskList.tsx';
import { useApptT } from './i18n.ts';
import MyAppointmentsView from './MyAppointmentsView.tsx';
import { DURATIONS } from './time.ts';

const VIEWS = ['calendar', 'list', 'slots'] as const;
type TView = (typeof VIEWS)[number];

function FilterSelect(props: {
  label: string;
  value: string;
  all: string;
  options: readonly { id: string; name: string }[];
  onChange(value: string): void;
  testId: string;
}) {
  return (
    <TextField
      select
      size="small"
      label={props.label}
      value={props.value}
      onChange={(event) => props.onChange(event.target.value)}
      slotProps={{ select: { displayEmpty: true }, inputLabel: { shrink: true } }}
      sx={{ minWidth: 200, maxWidth: { sm: 280 } }}
      data-testid={props.testId}
    >
      <MenuItem value="">{props.all}</MenuItem>
      {props.options.map((option) => (
        <MenuItem key={option.id} value={option.id}>
          {option.name}
        </MenuItem>
      ))}
    </TextField>
  );
}

/** Staff see the calendar, the front desk and the free slots; a Patient-role user sees their own page. */
export default function AppointmentsPage() {
  const { can } = useAuth();
  return can('patient.read') ? <StaffAppointments /> : <MyAppointmentsView />;
}

function StaffAppointments() {
  const { t } = useApptT();
  const { can } = useAuth();
  const canWrite = can('appointment.write');
  const [params, setParams] = useSearchParams();
  // "New appointment" (command palette: ?new=1) opens the next free slots, the keyboard path to book.
  const asked = params.get('new') === '1' ? 'slots' : params.get('view');
  const view: TView = VIEWS.find((candidate) => candidate === asked) ?? 'calendar';
  const specialtyId = params.get('specialty') ?? '';
  const staffId = params.get('staff') ?? '';
  const setParam = (name: string, value: string, also: Record<string, string> = {}) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        for (const [key, val] of Object.entries({ [name]: value, ...also })) {
          if (val) next.set(key, val);
          else next.delete(key);
        }
        return next;
      },
      { replace: true },
    );

  const specialties = useCatalogueOptions('specialty');
  const staff = useStaffColumns(specialtyId, staffId);
  const liveStatus = useLiveAppointments();
  const [booking, setBooking] = useState<TBookTarget | null>(null);

  return (
    <>
      <PageHeader title={t('title')} subtitle={t('subtitle')} actions={<LiveChip status={liveStatus} />} />
      <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2} sx={{ mb: 2 }}>
        <FilterSelect
          label={t('filters.specialty')}
          value={specialtyId}
          all={t('filters.allSpecialties')}
          options={specialties.options}
          onChange={(value) => setParam('specialty', value, { staff: '' })}
          testId="filter-specialty"
        />
        <FilterSelect
          label={t('filters.staff')}
          value={staff.all.some((column) => column.id === staffId) ? staffId : ''}
          all={t('filters.allStaff')}
          options={staff.all}
          onChange={(value) => setParam('staff', value)}
          testId="filter-staff"
        />
      </Stack>
      <Tabs
        value={view}
        onChange={(_event, value: TView) => setParam('view', value === 'calendar' ? '' : value)}
        aria-label={t('views.label')}
        variant="scrollable"
        allowScrollButtonsMobile
        sx={{ mb: 2, borderBottom: 1, borderColor: 'divider' }}
      >
        {VIEWS.map((value) => (
          <Tab key={value} value={value} label={t(`views.${value}`)} data-testid={`view-${value}`} />
        ))}
      </Tabs>
      {view === 'calendar' && (
        <CalendarView
          specialtyId={specialtyId}
          staffId={staffId}
          columns={staff.chosen}
          loadingStaff={staff.loading}
          canWrite={canWrite}
          onBook={setBooking}
        />
      )}
      {view === 'list' && <FrontDeskList specialtyId={specialtyId} staffId={staffId} canWrite={canWrite} />}
      {view === 'slots' && (
        <SlotsView specialtyId={specialtyId} staffId={staffId} canWrite={canWrite} onBook={setBooking} />
      )}
      {booking && <BookDialog key={booking.start.getTime()} target={booking} onClose={() => setBooking(null)} />}
    </>
  );
}

function CalendarView(props: {
  specialtyId: string;
  staffId: string;
  columns: ReturnType<typeof useStaffColumns>['chosen'];
  loadingStaff: boolean;
  canWrite: boolean;
  onBook(target: TBookTarget): void;
}) {
  const { t } = useApptT();
  const { enqueueSnackbar } = useSnackbar();
  const [calendarView, setCalendarView] = useState<TCalendarView>('day');
  const [date, setDate] = useState(() => dayjs().startOf('day').toDate());
  const actions = useAppointmentActions();
  // Moves shown at once, before the server answers; dropped again when it refuses.
  const [pendingMoves, setPendingMoves] = useState<Record<string, { start: Date; end: Date }>>({});

  const range = useMemo(() => {
    const unit = calendarView === 'week' ? 'week' : 'day';
    return { start: dayjs(date).startOf(unit).toDate(), end: dayjs(date).endOf(unit).add(1, 'ms').toDate() };
  }, [date, calendarView]);
  // The week shows one staff member (seven columns already); the day up to MAX_COLUMNS side by side.
  const columns = calendarView === 'week' ? props.columns.slice(0, 1) : props.columns.slice(0, MAX_COLUMNS);
  const ids = useMemo(() => columns.map((column) => column.id), [columns]);
  const { schedules, loading: loadingSchedules } = useSchedules(ids, range.start, range.end);
  const query = useAppointmentsInRange(range.start, range.end, {
    ...(props.staffId
      ? { medicalStaffId: props.staffId }
      : props.specialtyId
        ? { specialtyId: props.specialtyId }
        : {}),
  });
  const appointments = useMemo(
    () =>
      (query.data?.items ?? []).map((appointment) => {
        const move = pendingMoves[appointment.id];
        return move ? { ...appointment, ...move } : appointment;
      }),
    [query.data, pendingMoves],
  );

  const move = (appointment: TAppointment, start: Date, durationMinutes: number) => {
    const end = dayjs(start).add(durationMinutes, 'minute').toDate();
    setPendingMoves((current) => ({ ...current, [appointment.id]: { start, end } }));
    void actions.move(appointment, start, durationMinutes).finally(() =>
      setPendingMoves((current) => {
        const { [appointment.id]: _done, ...rest } = current;
        return rest;
      }),
    );
  };

  const step = (direction: -1 | 1) => setDate((current) => dayjs(current).add(direction, calendarView).toDate());
  const title =
    calendarView === 'day'
      ? dayjs(date).format('dddd LL')
      : `${dayjs(range.start).format('D MMM')} – ${dayjs(range.end).subtract(1, 'ms').format('D MMM YYYY')}`;

  let notice: ReactNode = null;
  if (!props.loadingStaff && props.columns.length === 0)
    notice = <Alert severity="info">{t('calendar.noStaff')}</Alert>;
  else if (calendarView === 'week' && props.columns.length > 1)
    notice = <Alert severity="info">{t('calendar.weekNeedsStaff')}</Alert>;
  else if (props.columns.length > MAX_COLUMNS)
    notice = <Alert severity="info">{t('calendar.tooMany', { count: MAX_COLUMNS })}</Alert>;

  return (
    <Box>
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap', rowGap: 1, mb: 2 }}>
        <Tooltip title={t('calendar.previous')}>
          <IconButton aria-label={t('calendar.previous')} onClick={() => step(-1)}>
            <ChevronLeftIcon />
          </IconButton>
        </Tooltip>
        <Button variant="outlined" size="small" onClick={() => setDate(dayjs().startOf('day').toDate())}>
          {t('calendar.today')}
        </Button>
        <Tooltip title={t('calendar.next')}>
          <IconButton aria-label={t('calendar.next')} onClick={() => step(1)}>
            <ChevronRightIcon />
          </IconButton>
        </Tooltip>
        <Typography
          component="h2"
          variant="h6"
          sx={{ flex: 1, minWidth: 180, '&::first-letter': { textTransform: 'uppercase' } }}
          data-testid="calendar-title"
        >
          {title}
        </Typography>
        <ToggleButtonGroup
          exclusive
          size="small"
          value={calendarView}
          onChange={(_event, value: TCalendarView | null) => value && setCalendarView(value)}
          aria-label={t('views.label')}
          color="primary"
          // MUI's unselected grey is below 4.5:1 on this background.
          sx={{ '& .MuiToggleButton-root:not(.Mui-selected)': { color: 'text.primary' } }}
        >
          <ToggleButton value="day">{t('calendar.day')}</ToggleButton>
          <ToggleButton value="week">{t('calendar.week')}</ToggleButton>
        </ToggleButtonGroup>
      </Stack>
      {notice && <Box sx={{ mb: 2 }}>{notice}</Box>}
      <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
        {t('calendar.hint')}
      </Typography>
      {/* A fixed-height slot: the grid must not shift under a drag when a live refetch starts or ends. */}
      <Box sx={{ height: 4, mb: 1 }}>
        {(query.isFetching || loadingSchedules) && <LinearProgress aria-label={t('calendar.label')} />}
      </Box>
      {columns.length > 0 && (
        <AppointmentCalendar
          view={calendarView}
          date={date}
          range={range}
          staff={columns}
          schedules={schedules}
          appointments={appointments}
          canWrite={props.canWrite}
          onNavigate={setDate}
          onBook={(column, start, slotMinutes) =>
            props.onBook({ medicalStaffId: column.id, staffName: column.name, start, durationMinutes: slotMinutes })
          }
          onMove={move}
          onMoveToOtherStaff={() => enqueueSnackbar(t('calendar.otherStaff'), { variant: 'info' })}
        />
      )}
    </Box>
  );
}

function SlotsView(props: {
  specialtyId: string;
  staffId: string;
  canWrite: boolean;
  onBook(target: TBookTarget): void;
}) {
  const { t } = useApptT();
  const [duration, setDuration] = useState('');
  const choose = (slot: TFreeSlot) => {
    if (!props.canWrite) return;
    props.onBook({
      medicalStaffId: slot.medicalStaffId,
      staffName: slot.medicalStaffName,
      start: slot.start,
      durationMinutes: duration ? Number(duration) : Math.round((slot.end.getTime() - slot.start.getTime()) / 60_000),
    });
  };
  return (
    <Stack spacing={2} sx={{ maxWidth: 640 }}>
      <Typography color="text.secondary">{t('slots.intro')}</Typography>
      <TextField
        select
        size="small"
        label={t('fields.duration')}
        value={duration}
        onChange={(event) => setDuration(event.target.value)}
        slotProps={{ select: { displayEmpty: true }, inputLabel: { shrink: true } }}
        sx={{ maxWidth: 240 }}
      >
        <MenuItem value="">{t('slots.scheduleLength')}</MenuItem>
        {DURATIONS.map((minutes) => (
          <MenuItem key={minutes} value={String(minutes)}>
            {t('minutes', { count: minutes })}
          </MenuItem>
        ))}
      </TextField>
      <FreeSlotList
        key={`${props.specialtyId}-${props.staffId}-${duration}`}
        {...(props.staffId
          ? { medicalStaffId: props.staffId }
          : props.specialtyId
            ? { specialtyId: props.specialtyId }
            : {})}
        {...(duration ? { durationMinutes: Number(duration) } : {})}
        label={t('slots.label')}
        onChoose={choose}
      />
    </Stack>
  );
}
