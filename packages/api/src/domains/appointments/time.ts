import { GRANULE_MINUTES, minutesOfDay, type TWeeklyRule } from '@mas/shared';

/*
 * Wall-clock time in IANA zones with the platform's own tz database (Intl, ICU in Node), which
 * Node keeps current with each release; no library of our own to fall behind. A schedule's
 * "09:00 on Mondays" is turned into instants per date, so DST changes move the instant, not the
 * wall-clock hour.
 */

export const MINUTE_MS = 60_000;
export const GRANULE_MS = GRANULE_MINUTES * MINUTE_MS;
const DAY_MS = 86_400_000;

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatterOf(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

export interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** The wall-clock date and time of an instant in a zone. */
export function localParts(date: Date, timeZone: string): LocalParts {
  const parts: Record<string, number> = {};
  for (const part of formatterOf(timeZone).formatToParts(date)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return {
    year: parts['year']!,
    month: parts['month']!,
    day: parts['day']!,
    hour: parts['hour']! % 24,
    minute: parts['minute']!,
    second: parts['second']!,
  };
}

/** The zone's offset from UTC at an instant, in ms (Madrid in summer: +2 h). */
function offsetAt(ms: number, timeZone: string): number {
  const p = localParts(new Date(ms), timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return asUtc - (ms - (((ms % 1000) + 1000) % 1000));
}

/** The instant of a wall-clock date and minute of day in a zone (a time skipped by DST moves forward). */
export function zonedInstant(year: number, month: number, day: number, minute: number, timeZone: string): Date {
  const wall = Date.UTC(year, month - 1, day) + minute * MINUTE_MS;
  let guess = wall - offsetAt(wall, timeZone);
  const second = wall - offsetAt(guess, timeZone);
  if (second !== guess) guess = second;
  return new Date(guess);
}

/** ISO weekday (1 = Monday … 7 = Sunday) of a calendar date. */
export const isoWeekday = (year: number, month: number, day: number) =>
  ((new Date(Date.UTC(year, month - 1, day)).getUTCDay() + 6) % 7) + 1;

/** "2026-12-02 09:30" in the zone: how times travel in error params (language-neutral). */
export function wallClock(date: Date, timeZone: string): string {
  const p = localParts(date, timeZone);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${p.year}-${two(p.month)}-${two(p.day)} ${two(p.hour)}:${two(p.minute)}`;
}

/**
 * Whether [start, end) lies inside one interval of the weekly hours, read in the zone on the
 * start's local date (an interval may end at 24:00).
 */
export function insideHours(start: Date, end: Date, rules: readonly TWeeklyRule[], timeZone: string): boolean {
  const p = localParts(start, timeZone);
  const weekday = isoWeekday(p.year, p.month, p.day);
  const startMinute = p.hour * 60 + p.minute;
  // Wall-clock minutes; hours never span the night's DST change (02:00–03:00), so elapsed time is enough.
  const endMinute = startMinute + (end.getTime() - start.getTime()) / MINUTE_MS;
  return rules.some(
    (rule) =>
      rule.weekday === weekday && minutesOfDay(rule.start) <= startMinute && endMinute <= minutesOfDay(rule.end),
  );
}

/** Candidate appointment starts of the weekly hours within [from, to), earliest first per interval. */
export function* hourSlots(
  rules: readonly TWeeklyRule[],
  timeZone: string,
  from: Date,
  to: Date,
  stepMinutes: number,
  durationMinutes: number,
): Generator<{ start: Date; end: Date }> {
  if (!rules.length) return;
  const first = localParts(from, timeZone);
  let cursor = Date.UTC(first.year, first.month - 1, first.day);
  // One local date at a time, until its midnight is past the range.
  for (let guard = 0; guard < 400; guard++, cursor += DAY_MS) {
    const date = new Date(cursor);
    const [year, month, day] = [date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate()];
    if (zonedInstant(year, month, day, 0, timeZone).getTime() >= to.getTime()) return;
    const weekday = isoWeekday(year, month, day);
    const today = rules
      .filter((rule) => rule.weekday === weekday)
      .sort((a, b) => minutesOfDay(a.start) - minutesOfDay(b.start));
    for (const rule of today) {
      const last = minutesOfDay(rule.end) - durationMinutes;
      for (let minute = minutesOfDay(rule.start); minute <= last; minute += stepMinutes) {
        const start = zonedInstant(year, month, day, minute, timeZone);
        const end = new Date(start.getTime() + durationMinutes * MINUTE_MS);
        if (start.getTime() < from.getTime()) continue;
        if (end.getTime() > to.getTime()) break;
        yield { start, end };
      }
    }
  }
}

/** The granules (5-minute marks since the epoch) that [start, end) touches. */
export function granulesOf(start: Date, end: Date): number[] {
  const first = Math.floor(start.getTime() / GRANULE_MS);
  const last = Math.ceil(end.getTime() / GRANULE_MS) - 1;
  const out: number[] = [];
  for (let granule = first; granule <= last; granule++) out.push(granule);
  return out;
}

export const granuleStart = (granule: number) => new Date(granule * GRANULE_MS);
