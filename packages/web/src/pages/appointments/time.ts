import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';

dayjs.extend(utc);
dayjs.extend(timezone);

export interface TInterval {
  start: Date;
  end: Date;
}

interface TWeekly {
  timeZone: string;
  rules: readonly { weekday: number; start: string; end: string }[];
}

/**
 * A schedule's working hours as instants over [from, to): each rule is "HH:mm" on an ISO
 * weekday in the schedule's own zone, so a Madrid doctor's 09:00 is placed right on a
 * screen in any other zone (and across daylight-saving changes).
 */
export function workingIntervals(schedule: TWeekly, from: Date, to: Date): TInterval[] {
  const zone = schedule.timeZone;
  const out: TInterval[] = [];
  // Walk the zone's calendar dates (as plain dates, so DST never skips or repeats one).
  const first = dayjs.utc(dayjs(from).tz(zone).format('YYYY-MM-DD')).subtract(1, 'day');
  const last = dayjs.utc(dayjs(to).tz(zone).format('YYYY-MM-DD')).add(1, 'day');
  for (let day = first; !day.isAfter(last); day = day.add(1, 'day')) {
    const weekday = day.day() === 0 ? 7 : day.day();
    const date = day.format('YYYY-MM-DD');
    for (const rule of schedule.rules) {
      if (rule.weekday !== weekday) continue;
      const start = dayjs.tz(`${date} ${rule.start}`, zone);
      const end =
        rule.end === '24:00' ? dayjs.tz(`${date} 00:00`, zone).add(1, 'day') : dayjs.tz(`${date} ${rule.end}`, zone);
      if (end.valueOf() > from.getTime() && start.valueOf() < to.getTime())
        out.push({ start: start.toDate(), end: end.toDate() });
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
