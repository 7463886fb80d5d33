import type { TAppointment, TSchedule } from '@mas/shared';
import { Box } from '@mui/material';
import type { Theme } from '@mui/material/styles';
import dayjs from 'dayjs';
import { useCallback, useEffect, useMemo, useRef } from 'react';
import { Calendar, dayjsLocalizer, type SlotInfo } from 'react-big-calendar';
import dragAndDrop, { type EventInteractionArgs } from 'react-big-calendar/lib/addons/dragAndDrop';
import 'react-big-calendar/lib/addons/dragAndDrop/styles.css';
import 'react-big-calendar/lib/css/react-big-calendar.css';
import type { TStaffColumn } from './data.ts';
import { useApptT } from './i18n.ts';
import { overlaps, workingIntervals, type TInterval } from './time.ts';

const localizer = dayjsLocalizer(dayjs);

export type TCalendarView = 'day' | 'week';

export interface TCalendarEvent {
  id: string;
  title: string;
  start: Date;
  end: Date;
  resourceId: string;
  kind: 'appointment' | 'block';
  appointment?: TAppointment;
}

// The addon ships as CommonJS only; the production bundle hands over its module object
// (`{ default: fn }`) where the dev server hands over the function.
const withDragAndDrop = (dragAndDrop as unknown as { default?: typeof dragAndDrop }).default ?? dragAndDrop;
const DnDCalendar = withDragAndDrop<TCalendarEvent, TStaffColumn>(Calendar);

interface Props {
  view: TCalendarView;
  date: Date;
  range: TInterval;
  staff: readonly TStaffColumn[];
  schedules: readonly TSchedule[];
  appointments: readonly TAppointment[];
  canWrite: boolean;
  onNavigate(date: Date): void;
  onBook(staff: TStaffColumn, start: Date, slotMinutes: number): void;
  onMove(appointment: TAppointment, start: Date, durationMinutes: number): void;
  onMoveToOtherStaff(): void;
}

/** Slot steps that fit an hour evenly; the calendar's rows follow the shortest slot shown. */
const STEPS = [5, 10, 15, 20, 30, 60];

/**
 * Day/week time grid with one column per staff member (react-big-calendar's resources):
 * hours outside the schedule and blocks are shaded, a free slot is clicked to book, an
 * appointment is dragged (or its end resized) to move it.
 */
export function AppointmentCalendar(props: Props) {
  const { view, date, range, staff, schedules, appointments, canWrite } = props;
  const { t, i18n } = useApptT();

  const hours = useMemo(() => {
    const map = new Map<string, { working: TInterval[]; blocks: TInterval[]; slotMinutes: number }>();
    for (const schedule of schedules)
      map.set(schedule.medicalStaffId, {
        working: workingIntervals(schedule, range.start, range.end),
        blocks: schedule.blocks.map((block) => ({ start: block.start, end: block.end })),
        slotMinutes: schedule.slotMinutes,
      });
    return map;
  }, [schedules, range.start, range.end]);

  const step = useMemo(() => {
    const shortest = Math.min(...schedules.map((schedule) => schedule.slotMinutes), 30);
    return [...STEPS].reverse().find((candidate) => candidate <= shortest && shortest % candidate === 0) ?? 15;
  }, [schedules]);

  // The grid spans the earliest start and latest end of the hours shown (local time), 08–20 by default.
  const [min, max] = useMemo(() => {
    let first = 8 * 60;
    let last = 20 * 60;
    for (const { working } of hours.values())
      for (const interval of working) {
        const start = dayjs(interval.start);
        const end = dayjs(interval.end);
        if (!start.isSame(end, 'day')) continue;
        first = Math.min(first, start.hour() * 60 + start.minute());
        last = Math.max(last, end.hour() * 60 + end.minute());
      }
    const base = dayjs(date).startOf('day');
    return [
      base.add(Math.floor(first / 60) * 60, 'minute').toDate(),
      base.add(Math.min(Math.ceil(last / 60) * 60, 24 * 60 - 1), 'minute').toDate(),
    ];
  }, [hours, date]);

  const events = useMemo<TCalendarEvent[]>(() => {
    const shown = new Set(staff.map((column) => column.id));
    const list: TCalendarEvent[] = appointments
      .filter((appointment) => appointment.status !== 'cancelled' && shown.has(appointment.medicalStaffId))
      .map((appointment) => ({
        id: appointment.id,
        title: `${appointment.patientName} · ${t(`status.${appointment.status}`)}`,
        start: appointment.start,
        end: appointment.end,
        resourceId: appointment.medicalStaffId,
        kind: 'appointment',
        appointment,
      }));
    for (const schedule of schedules) {
      if (!shown.has(schedule.medicalStaffId)) continue;
      for (const block of schedule.blocks)
        list.push({
          id: block.id,
          title: t('calendar.blocked', { reason: block.reason }),
          start: block.start,
          end: block.end,
          resourceId: schedule.medicalStaffId,
          kind: 'block',
        });
    }
    return list;
  }, [appointments, schedules, staff, t]);

  const isFree = useCallback(
    (resourceId: string, start: Date, end: Date) => {
      const schedule = hours.get(resourceId);
      if (!schedule) return false;
      const inHours = schedule.working.some((interval) => interval.start <= start && end <= interval.end);
      return inHours && !overlaps(schedule.blocks, start, end);
    },
    [hours],
  );

  const slotPropGetter = useCallback(
    (slot: Date, resourceId?: string | number) => {
      // The time gutter asks too, without a column: it stays plain.
      if (resourceId === undefined) return {};
      const id = String(resourceId);
      const end = dayjs(slot).add(step, 'minute').toDate();
      const schedule = hours.get(id);
      // Not loaded yet: left plain rather than shown as closed.
      if (!schedule) return {};
      if (overlaps(schedule.blocks, slot, end)) return { className: 'appt-blocked' };
      return isFree(id, slot, end) ? {} : { className: 'appt-off' };
    },
    [hours, isFree, step],
  );

  const onSelectSlot = useCallback(
    (slot: SlotInfo) => {
      if (!canWrite) return;
      const column = staff.find((candidate) => candidate.id === String(slot.resourceId ?? staff[0]?.id));
      if (!column) return;
      const start = slot.start;
      const slotMinutes = hours.get(column.id)?.slotMinutes ?? step;
      if (start.getTime() < Date.now()) return;
      if (!isFree(column.id, start, dayjs(start).add(Math.min(slotMinutes, step), 'minute').toDate())) return;
      props.onBook(column, start, slotMinutes);
    },
    [canWrite, hours, isFree, props, staff, step],
  );

  const moved = useCallback(
    ({ event, start, end, resourceId }: EventInteractionArgs<TCalendarEvent>) => {
      const appointment = event.appointment;
      if (!appointment) return;
      if (resourceId !== undefined && String(resourceId) !== appointment.medicalStaffId) {
        props.onMoveToOtherStaff();
        return;
      }
      const from = new Date(start);
      const minutes = Math.round((new Date(end).getTime() - from.getTime()) / 60_000);
      if (from.getTime() === appointment.start.getTime() && minutes === appointment.durationMinutes) return;
      props.onMove(appointment, from, minutes);
    },
    [props],
  );

  const movable = useCallback(
    (event: TCalendarEvent) => canWrite && event.kind === 'appointment' && event.appointment?.status === 'booked',
    [canWrite],
  );

  // The hours scroll inside the grid: a keyboard user reaches and scrolls them too (one tab stop).
  const boxRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const hoursPane = boxRef.current?.querySelector('.rbc-time-content');
    hoursPane?.setAttribute('tabindex', '0');
    hoursPane?.setAttribute('role', 'group');
    hoursPane?.setAttribute('aria-label', t('calendar.hours'));
  });

  return (
    <Box ref={boxRef} sx={calendarSx} data-testid="appointment-calendar" aria-label={t('calendar.label')} role="region">
      <DnDCalendar
        localizer={localizer}
        culture={i18n.language}
        toolbar={false}
        view={view}
        views={['day', 'week']}
        onView={() => undefined}
        date={date}
        onNavigate={props.onNavigate}
        events={events}
        resources={staff as TStaffColumn[]}
        resourceIdAccessor={(column) => column.id}
        resourceTitleAccessor={(column) => column.name}
        step={step}
        timeslots={60 / step}
        min={min}
        max={max}
        selectable={canWrite}
        onSelectSlot={onSelectSlot}
        slotPropGetter={slotPropGetter}
        eventPropGetter={(event) => ({
          className: event.kind === 'block' ? 'appt-event-block' : `appt-event appt-${event.appointment?.status ?? ''}`,
        })}
        draggableAccessor={movable}
        resizableAccessor={movable}
        onEventDrop={moved}
        onEventResize={moved}
        dayLayoutAlgorithm="no-overlap"
        messages={{ noEventsInRange: t('calendar.noEvents') }}
        formats={{ timeGutterFormat: 'LT', eventTimeRangeFormat: () => '' }}
        scrollToTime={min}
      />
    </Box>
  );
}

const calendarSx = (theme: Theme) => {
  const palette = theme.vars?.palette ?? theme.palette;
  return {
    height: { xs: 640, md: 720 },
    overflowX: 'auto',
    '& .rbc-calendar': { minWidth: 320 },
    '& .rbc-time-view, & .rbc-time-header-content, & .rbc-time-content, & .rbc-timeslot-group, & .rbc-day-slot .rbc-time-slot, & .rbc-header, & .rbc-time-content > * + * > *, & .rbc-day-bg + .rbc-day-bg, & .rbc-time-header.rbc-overflowing, & .rbc-time-header-content + .rbc-time-header-content':
      { borderColor: palette.divider },
    '& .rbc-header': { py: 1, fontWeight: 600, whiteSpace: 'normal', typography: 'body2' },
    // Staff names of one line and of two share one header height.
    '& .rbc-time-header-content > .rbc-row-resource': { flex: 1 },
    '& .rbc-row-resource .rbc-header': { display: 'flex', alignItems: 'center', justifyContent: 'center' },
    '& .rbc-time-gutter, & .rbc-label': { color: palette.text.secondary, typography: 'caption' },
    '& .rbc-today': { backgroundColor: 'transparent' },
    '& .rbc-allday-cell': { display: 'none' },
    // Outside working hours: a flat shade; blocks: hatched, so the two read apart without colour.
    '& .appt-off': { backgroundColor: palette.action.selected },
    '& .appt-blocked': {
      backgroundImage: `repeating-linear-gradient(135deg, ${palette.action.disabledBackground} 0 6px, transparent 6px 12px)`,
    },
    '& .rbc-event.appt-event': {
      backgroundColor: palette.primary.main,
      color: palette.primary.contrastText,
      border: 'none',
      borderRadius: '6px',
      fontSize: '0.8125rem',
    },
    '& .rbc-event.appt-checkedIn': { backgroundColor: palette.warning.dark, color: palette.warning.contrastText },
    '& .rbc-event.appt-completed': { backgroundColor: palette.success.dark, color: palette.success.contrastText },
    '& .rbc-event.appt-noShow': { backgroundColor: palette.error.dark, color: palette.error.contrastText },
    '& .rbc-event.appt-event-block': {
      backgroundColor: palette.background.paper,
      color: palette.text.primary,
      border: `1px dashed ${palette.text.secondary}`,
      borderRadius: '6px',
      fontSize: '0.75rem',
    },
    '& .rbc-event-label': { display: 'none' },
    '& .rbc-current-time-indicator': { backgroundColor: palette.error.main },
  } as const;
};
