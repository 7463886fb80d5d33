import { DEFAULT_SLOT_MINUTES, minutesOfDay, type TSchedule, type TWeeklyRule } from '@mas/shared';
import AddIcon from '@mui/icons-material/Add';
import DeleteIcon from '@mui/icons-material/DeleteOutline';
import {
  Alert,
  Autocomplete,
  Box,
  Button,
  CircularProgress,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  Divider,
  IconButton,
  LinearProgress,
  List,
  ListItem,
  ListItemText,
  MenuItem,
  Stack,
  TextField,
  Typography,
  useMediaQuery,
} from '@mui/material';
import { useTheme } from '@mui/material/styles';
import dayjs from 'dayjs';
import { useSnackbar } from 'notistack';
import { useMemo, useState } from 'react';
import { describeError } from '../../lib/errors.ts';
import { trpc } from '../../lib/trpc.ts';
import { useApptT } from './i18n.ts';
import { DURATIONS } from './time.ts';

const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;
type TWeekday = (typeof WEEKDAYS)[number];
type TDayRules = Record<TWeekday, { start: string; end: string }[]>;

const ZONES: readonly string[] = (() => {
  try {
    return Intl.supportedValuesOf('timeZone');
  } catch {
    return ['UTC', 'Europe/Madrid'];
  }
})();

function byWeekday(rules: readonly TWeeklyRule[]): TDayRules {
  const days = Object.fromEntries(WEEKDAYS.map((day) => [day, [] as { start: string; end: string }[]])) as TDayRules;
  for (const rule of [...rules].sort((a, b) => minutesOfDay(a.start) - minutesOfDay(b.start)))
    days[rule.weekday as TWeekday].push({ start: rule.start, end: rule.end });
  return days;
}

interface Props {
  medicalStaffId: string;
  name: string;
  onClose(): void;
}

/**
 * A staff member's weekly hours (one or more intervals a day) in their time zone, the slot
 * length, and blocks; editable by the staff member and Department Chiefs and up (the
 * server says which through `canEdit`), read-only for everyone else.
 */
export default function ScheduleDialog({ medicalStaffId, name, onClose }: Props) {
  const { t } = useApptT();
  const theme = useTheme();
  const fullScreen = useMediaQuery(theme.breakpoints.down('sm'));
  const [from] = useState(() => dayjs().startOf('day').toDate());
  const query = trpc.schedule.get.useQuery({ medicalStaffId, from });
  return (
    <Dialog
      open
      onClose={onClose}
      fullScreen={fullScreen}
      maxWidth="md"
      fullWidth
      aria-labelledby="schedule-title"
      data-testid="schedule-dialog"
    >
      <DialogTitle id="schedule-title">{t('schedule.title', { name })}</DialogTitle>
      <DialogContent dividers>
        {query.isPending && <LinearProgress aria-label={t('schedule.title', { name })} />}
        {query.isError && <Alert severity="error">{describeError(query.error)}</Alert>}
        {query.data && <ScheduleEditor key={query.data.version} schedule={query.data} />}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{t('schedule.close')}</Button>
      </DialogActions>
    </Dialog>
  );
}

function ScheduleEditor({ schedule }: { schedule: TSchedule }) {
  const { t } = useApptT();
  const { enqueueSnackbar } = useSnackbar();
  const utils = trpc.useUtils();
  const editable = schedule.canEdit;
  const [timeZone, setTimeZone] = useState(schedule.timeZone || 'Europe/Madrid');
  const [slotMinutes, setSlotMinutes] = useState(String(schedule.slotMinutes || DEFAULT_SLOT_MINUTES));
  const [days, setDays] = useState<TDayRules>(() => byWeekday(schedule.rules));
  const [error, setError] = useState<string | null>(null);
  const setWeekly = trpc.schedule.setWeekly.useMutation();
  const slotOptions = useMemo(
    () => [...new Set([...DURATIONS, schedule.slotMinutes])].sort((a, b) => a - b),
    [schedule.slotMinutes],
  );

  const update = (day: TWeekday, index: number, part: 'start' | 'end', value: string) =>
    setDays((current) => ({
      ...current,
      [day]: current[day].map((interval, i) => (i === index ? { ...interval, [part]: value } : interval)),
    }));
  const add = (day: TWeekday) =>
    setDays((current) => {
      const last = current[day].at(-1);
      const start = last ? last.end : '09:00';
      const end = last
        ? minutesOfDay(last.end) + 240 > 24 * 60
          ? '24:00'
          : dayjs(`2000-01-01 ${last.end}`).add(4, 'hour').format('HH:mm')
        : '14:00';
      return { ...current, [day]: [...current[day], { start, end }] };
    });
  const remove = (day: TWeekday, index: number) =>
    setDays((current) => ({ ...current, [day]: current[day].filter((_interval, i) => i !== index) }));

  const save = async () => {
    setError(null);
    try {
      await setWeekly.mutateAsync({
        medicalStaffId: schedule.medicalStaffId,
        timeZone,
        slotMinutes: Number(slotMinutes),
        rules: WEEKDAYS.flatMap((weekday) =>
          // A time input cannot show 24:00: its last minute stands for the end of the day.
          days[weekday].map((interval) => ({
            weekday,
            start: interval.start,
            end: interval.end === '23:59' ? '24:00' : interval.end,
          })),
        ),
      });
      enqueueSnackbar(t('schedule.saved'), { variant: 'success' });
      void Promise.all([utils.schedule.invalidate(), utils.appointment.freeSlots.invalidate()]);
    } catch (cause) {
      setError(describeError(cause));
    }
  };

  return (
    <Stack spacing={2.5}>
      {!editable && <Alert severity="info">{t('schedule.readOnly')}</Alert>}
      {error && (
        <Alert severity="error" role="alert">
          {error}
        </Alert>
      )}
      <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2}>
        <Autocomplete
          options={ZONES}
          value={timeZone}
          onChange={(_event, value) => value && setTimeZone(value)}
          disableClearable
          disabled={!editable}
          sx={{ minWidth: 260 }}
          renderInput={(params) => <TextField {...params} label={t('schedule.timeZone')} size="small" />}
        />
        <TextField
          select
          size="small"
          label={t('schedule.slotMinutes')}
          value={slotMinutes}
          onChange={(event) => setSlotMinutes(event.target.value)}
          disabled={!editable}
          sx={{ minWidth: 160 }}
        >
          {slotOptions.map((minutes) => (
            <MenuItem key={minutes} value={String(minutes)}>
              {t('minutes', { count: minutes })}
            </MenuItem>
          ))}
        </TextField>
      </Stack>
      <Box component="fieldset" sx={{ border: 0, p: 0, m: 0 }}>
        <Typography component="legend" variant="subtitle1" sx={{ fontWeight: 600, mb: 1 }}>
          {t('schedule.weekly')}
        </Typography>
        <Stack divider={<Divider flexItem />} spacing={1}>
          {WEEKDAYS.map((weekday) => {
            const dayName = t(`weekdays.${weekday}`);
            return (
              <Stack
                key={weekday}
                direction={{ xs: 'column', sm: 'row' }}
                spacing={1}
                sx={{ alignItems: { sm: 'center' } }}
                data-testid={`weekday-${weekday}`}
              >
                <Typography sx={{ width: 110, flexShrink: 0, '&::first-letter': { textTransform: 'uppercase' } }}>
                  {dayName}
                </Typography>
                <Stack spacing={1} sx={{ flex: 1 }}>
                  {days[weekday].length === 0 && (
                    <Typography color="text.secondary" variant="body2">
                      {t('schedule.noHours')}
                    </Typography>
                  )}
                  {days[weekday].map((interval, index) => (
                    <Stack
                      key={index}
                      direction="row"
                      spacing={1}
                      role="group"
                      aria-label={t('schedule.intervalLabel', { day: dayName, index: index + 1 })}
                      sx={{ alignItems: 'center' }}
                    >
                      <TextField
                        type="time"
                        size="small"
                        label={t('schedule.from')}
                        value={interval.start}
                        onChange={(event) => update(weekday, index, 'start', event.target.value)}
                        disabled={!editable}
                        slotProps={{ htmlInput: { step: 300 }, inputLabel: { shrink: true } }}
                      />
                      <TextField
                        type="time"
                        size="small"
                        label={t('schedule.to')}
                        value={interval.end === '24:00' ? '23:59' : interval.end}
                        onChange={(event) => update(weekday, index, 'end', event.target.value)}
                        disabled={!editable}
                        slotProps={{ htmlInput: { step: 300 }, inputLabel: { shrink: true } }}
                      />
                      {editable && (
                        <IconButton
                          aria-label={t('schedule.removeInterval', {
                            day: dayName,
                            start: interval.start,
                            end: interval.end,
                          })}
                          onClick={() => remove(weekday, index)}
                        >
                          <DeleteIcon />
                        </IconButton>
                      )}
                    </Stack>
                  ))}
                </Stack>
                {editable && (
                  <IconButton
                    onClick={() => add(weekday)}
                    aria-label={t('schedule.addInterval', { day: dayName })}
                    sx={{ alignSelf: { xs: 'flex-start', sm: 'center' } }}
                  >
                    <AddIcon />
                  </IconButton>
                )}
              </Stack>
            );
          })}
        </Stack>
      </Box>
      {editable && (
        <Box>
          <Button
            variant="contained"
            onClick={() => void save()}
            disabled={setWeekly.isPending}
            startIcon={setWeekly.isPending ? <CircularProgress size={16} color="inherit" /> : undefined}
            data-testid="schedule-save"
          >
            {t('schedule.save')}
          </Button>
        </Box>
      )}
      <Divider />
      <Blocks schedule={schedule} />
    </Stack>
  );
}

function Blocks({ schedule }: { schedule: TSchedule }) {
  const { t } = useApptT();
  const { enqueueSnackbar } = useSnackbar();
  const utils = trpc.useUtils();
  const addBlock = trpc.schedule.addBlock.useMutation();
  const removeBlock = trpc.schedule.removeBlock.useMutation();
  const [start, setStart] = useState('');
  const [end, setEnd] = useState('');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const refresh = () => void Promise.all([utils.schedule.invalidate(), utils.appointment.freeSlots.invalidate()]);

  const add = async () => {
    setError(null);
    try {
      await addBlock.mutateAsync({
        medicalStaffId: schedule.medicalStaffId,
        start: dayjs(start).toDate(),
        end: dayjs(end).toDate(),
        reason,
      });
      enqueueSnackbar(t('schedule.blockAdded'), { variant: 'success' });
      setStart('');
      setEnd('');
      setReason('');
      refresh();
    } catch (cause) {
      setError(describeError(cause));
    }
  };
  const drop = async (id: string) => {
    try {
      await removeBlock.mutateAsync({ id });
      enqueueSnackbar(t('schedule.blockRemoved'), { variant: 'success' });
      refresh();
    } catch (cause) {
      enqueueSnackbar(describeError(cause), { variant: 'error' });
    }
  };

  return (
    <Stack spacing={1.5}>
      <Typography component="h3" variant="subtitle1" sx={{ fontWeight: 600 }}>
        {t('schedule.blocks')}
      </Typography>
      {schedule.blocks.length === 0 ? (
        <Typography color="text.secondary" variant="body2">
          {t('schedule.noBlocks')}
        </Typography>
      ) : (
        <List dense disablePadding data-testid="schedule-blocks">
          {schedule.blocks.map((block) => (
            <ListItem
              key={block.id}
              disableGutters
              secondaryAction={
                schedule.canEdit ? (
                  <IconButton
                    edge="end"
                    aria-label={t('schedule.removeBlock', { reason: block.reason })}
                    onClick={() => void drop(block.id)}
                    disabled={removeBlock.isPending}
                  >
                    <DeleteIcon />
                  </IconButton>
                ) : undefined
              }
            >
              <ListItemText
                primary={block.reason}
                secondary={`${dayjs(block.start).format('L LT')} – ${dayjs(block.end).format('L LT')}`}
              />
            </ListItem>
          ))}
        </List>
      )}
      {schedule.canEdit && (
        <Stack direction={{ xs: 'column', md: 'row' }} spacing={1.5} sx={{ alignItems: { md: 'flex-start' } }}>
          {error && (
            <Alert severity="error" role="alert">
              {error}
            </Alert>
          )}
          <TextField
            type="datetime-local"
            size="small"
            label={t('schedule.blockStart')}
            value={start}
            onChange={(event) => setStart(event.target.value)}
            slotProps={{ htmlInput: { step: 300 }, inputLabel: { shrink: true } }}
          />
          <TextField
            type="datetime-local"
            size="small"
            label={t('schedule.blockEnd')}
            value={end}
            onChange={(event) => setEnd(event.target.value)}
            slotProps={{ htmlInput: { step: 300 }, inputLabel: { shrink: true } }}
          />
          <TextField
            size="small"
            label={t('schedule.blockReason')}
            value={reason}
            onChange={(event) => setReason(event.target.value)}
          />
          <Button
            variant="outlined"
            sx={{ flexShrink: 0, whiteSpace: 'nowrap', alignSelf: { xs: 'flex-start', md: 'center' } }}
            onClick={() => void add()}
            disabled={addBlock.isPending || !start || !end || !reason.trim()}
          >
            {t('schedule.addBlock')}
          </Button>
        </Stack>
      )}
    </Stack>
  );
}
