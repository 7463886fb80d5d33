import dayjs from 'dayjs';

export interface DayCount {
  /** YYYY-MM-DD. */
  date: string;
  admissions: number;
  discharges: number;
}

export type TBucket = 'day' | 'week' | 'month';

/** Points a line chart can show legibly: days up to a month, then weeks, then months. */
export function bucketFor(days: number): TBucket {
  if (days <= 31) return 'day';
  if (days <= 120) return 'week';
  return 'month';
}

/** The first day of the bucket holding `date` (weeks start on Monday). */
function bucketStart(date: string, bucket: TBucket): string {
  const day = dayjs(date);
  if (bucket === 'month') return day.startOf('month').format('YYYY-MM-DD');
  if (bucket === 'week') return day.subtract((day.day() + 6) % 7, 'day').format('YYYY-MM-DD');
  return date;
}

/**
 * Sums per-day counts into weeks or months, in order; each bucket is named by its first day
 * (the range's first bucket may start before the range: it counts only the days inside it).
 */
export function bucketize(perDay: readonly DayCount[], bucket: TBucket): DayCount[] {
  if (bucket === 'day') return [...perDay];
  const buckets = new Map<string, DayCount>();
  for (const day of perDay) {
    const key = bucketStart(day.date, bucket);
    const sum = buckets.get(key) ?? { date: key, admissions: 0, discharges: 0 };
    sum.admissions += day.admissions;
    sum.discharges += day.discharges;
    buckets.set(key, sum);
  }
  return [...buckets.values()];
}

/**
 * Twenty colours told apart at a glance (Kelly's and Tableau's distinct sets, tuned for a white
 * and a dark card), so a donut of many specialties never paints two slices alike.
 */
export const DISTINCT_COLORS = [
  '#0b6e99',
  '#e07b39',
  '#2e9d57',
  '#c23b5a',
  '#7b4fc9',
  '#c9a227',
  '#1fa5b8',
  '#8c564b',
  '#e377c2',
  '#5a6f2f',
  '#3f51b5',
  '#ff6f61',
  '#17becf',
  '#9e7a00',
  '#6d8aa8',
  '#b0417f',
  '#4caf50',
  '#a05195',
  '#f4a259',
  '#455a64',
] as const;
