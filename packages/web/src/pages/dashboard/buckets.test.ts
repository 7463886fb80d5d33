import { describe, expect, it } from 'vitest';
import { DISTINCT_COLORS, bucketFor, bucketize, type DayCount } from './buckets.ts';

const days = (from: string, count: number): DayCount[] =>
  Array.from({ length: count }, (_, n) => {
    const date = new Date(`${from}T00:00:00Z`);
    date.setUTCDate(date.getUTCDate() + n);
    return { date: date.toISOString().slice(0, 10), admissions: 1, discharges: n % 2 };
  });

describe('dashboard buckets', () => {
  it('keep days up to a month, then weeks, then months', () => {
    expect([7, 30, 31, 90, 365].map(bucketFor)).toEqual(['day', 'day', 'day', 'week', 'month']);
  });

  it('sum a year into at most 13 monthly points, nothing lost', () => {
    const year = days('2025-12-02', 365);
    const months = bucketize(year, 'month');
    expect(months.length).toBeLessThanOrEqual(13);
    expect(months[0]!.date).toBe('2025-12-01');
    expect(months.reduce((sum, m) => sum + m.admissions, 0)).toBe(365);
    expect(months.reduce((sum, m) => sum + m.discharges, 0)).toBe(year.reduce((sum, d) => sum + d.discharges, 0));
  });

  it('sum 90 days into Monday-started weeks', () => {
    const weeks = bucketize(days('2026-09-02', 90), 'week');
    expect(weeks.length).toBeLessThanOrEqual(14);
    // 2026-09-02 is a Wednesday: its week starts on Monday 2026-08-31.
    expect(weeks[0]).toMatchObject({ date: '2026-08-31', admissions: 5 });
    expect(weeks[1]).toMatchObject({ date: '2026-09-07', admissions: 7 });
  });

  it('offer a distinct colour for each of 20 slices', () => {
    expect(new Set(DISTINCT_COLORS.map((c) => c.toLowerCase())).size).toBe(DISTINCT_COLORS.length);
    expect(DISTINCT_COLORS.length).toBeGreaterThanOrEqual(20);
  });
});
