import dayjs from 'dayjs';

export interface TInterval {
  start: Date;
  end: Date;
}

interface TWeekly {
  timeZone: string;
  rules: readonly { weekday: number; start: string; end: string }[];
}

/*
 * Zone arithmetic with Intl alone: dayjs's timezone plugin would also switch react-big-calendar's
 * dayjs localizer into its zone-aware mode, which shifts the grid by the browser's UTC offset.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();
function partsIn(instant: Date, zone: string) {
  let format = formatters.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone: zone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(zone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(instant).map((part) => [part.type, part.value]));
  return {
    y: Number(parts.year),
    m: Number(parts.month),
    d: Number(parts.day),
    h: Number(parts.hour),
    min: Number(parts.minute),
  };
}

/** The zone's offset from UTC at an instant, in minutes (Madrid in winter: 60). */
function offsetAt(instant: number, zone: string): number {
  const minute = Math.floor(instant / 60_000) * 60_000;
  const p = partsIn(new Date(minute), zone);
  return (Date.UTC(p.y, p.m - 1, p.d, p.h, p.min) - minute) / 60_000;
}

/** The instant a wall-clock "YYYY-MM-DD" + "HH:mm" names in a zone. */
export function zonedInstant(date: string, time: string, zone: string): Date {
  const [y = 0, m = 1, d = 1] = date.split('-').map(Number);
  const [h = 0, min = 0] = time.split(':').map(Number);
  const wall = Date.UTC(y, m - 1, d, h, min);
  const first = wall - offsetAt(wall, zone) * 60_000;
  // Near a daylight-saving change the offset at the answer can differ from the guess's.
  return new Date(wall - offsetAt(first, zone) * 60_000);
}

/** The zone's calendar date of an instant, "YYYY-MM-DD". */
function dateIn(instant: Date, zone: string): string {
  const p = partsIn(instant, zone);
  return `${p.y}-${String(p.m).padStart(2, '0')}-${String(p.d).padStart(2, '0')}`;
}

/**
 * A schedule's working hours as instants over [from, to): each rule is "HH:mm" on an ISO
 * weekday in the schedule's own zone, so a Madrid doctor's 09:00 is placed right on a
 * screen in any other zone (and across daylight-saving changes).
 */
export function workingIntervals(schedule: TWeekly, from: Date, to: Date): TInterval[] {
  const zone = schedule.timeZone;
  const out: TInterval[] = [];
  // Walk the zone's calendar dates as plain dates, so DST never skips or repeats one.
  const first = new Date(`${dateIn(from, zone)}T00:00:00Z`).getTime() - 86_400_000;
  const last = new Date(`${dateIn(to, zone)}T00:00:00Z`).getTime() + 86_400_000;
  for (let day = first; day <= last; day += 86_400_000) {
    const weekday = new Date(day).getUTCDay() || 7;
    const date = new Date(day).toISOString().slice(0, 10);
    const next = new Date(day + 86_400_000).toISOString().slice(0, 10);
    for (const rule of schedule.rules) {
      if (rule.weekday !== weekday) continue;
      const start = zonedInstant(date, rule.start, zone);
      const end = rule.end === '24:00' ? zonedInstant(next, '00:00', zone) : zonedInstant(date, rule.end, zone);
      if (end > from && start < to) out.push({ start, end });
    }
  }
  return out;
}

export const within = (intervals: readonly TInterval[], instant: Date) =>
  intervals.some((interval) => interval.start <= instant && instant < interval.end);

export const overlaps = (intervals: readonly TInterval[], start: Date, end: Date) =>
  intervals.some((interval) => interval.start < end && start < interval.end);

/** "lunes 7 dic, 09:20" / "Monday, Dec 7, 9:20 AM": a slot as people say it. */
export const formatSlot = (value: Date) => dayjs(value).format('dddd D MMM, LT');

/** Durations a booking may take: multiples of 5 up to 2 hours (the API allows up to 4). */
export const DURATIONS = [10, 15, 20, 30, 40, 45, 60, 90, 120] as const;
