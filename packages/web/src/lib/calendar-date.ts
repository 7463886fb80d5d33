import dayjs, { type Dayjs } from 'dayjs';

/**
 * Birth and graduation dates are calendar days. They travel as UTC midnight so a day never
 * shifts with the browser's time zone, and are read back the same way.
 */
export function toCalendarDate(value: Dayjs): Date {
  return new Date(Date.UTC(value.year(), value.month(), value.date()));
}

export function fromCalendarDate(value: Date | string): Dayjs {
  const date = new Date(value);
  return dayjs(new Date(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
}

export const formatCalendarDate = (value: Date | string | null | undefined) =>
  value ? fromCalendarDate(value).format('L') : '';
