// Wall-clock hours in IANA zones: the same "09:00" is a different instant across DST changes.
import { describe, expect, it } from 'vitest';
import { granulesOf, hourSlots, insideHours, wallClock, zonedInstant } from '../src/domains/appointments/time.ts';

describe('appointment times in a zone', () => {
  it('turns a wall-clock time into the right instant on both sides of DST, and moves a skipped time forward', () => {
    expect(zonedInstant(2026, 3, 28, 9 * 60, 'Europe/Madrid').toISOString()).toBe('2026-03-28T08:00:00.000Z');
    expect(zonedInstant(2026, 3, 29, 9 * 60, 'Europe/Madrid').toISOString()).toBe('2026-03-29T07:00:00.000Z');
    expect(zonedInstant(2026, 10, 25, 9 * 60, 'Europe/Madrid').toISOString()).toBe('2026-10-25T08:00:00.000Z');
    expect(zonedInstant(2026, 3, 29, 2 * 60 + 30, 'Europe/Madrid').toISOString()).toBe('2026-03-29T01:30:00.000Z');
    expect(zonedInstant(2026, 12, 1, 23 * 60 + 55, 'Asia/Kolkata').toISOString()).toBe('2026-12-01T18:25:00.000Z');
    expect(wallClock(new Date('2026-03-29T07:00:00Z'), 'Europe/Madrid')).toBe('2026-03-29 09:00');
  });

  it('checks hours on the local weekday, up to 24:00 and never across midnight', () => {
    const sunday = [{ weekday: 7, start: '08:00', end: '24:00' }];
    const at = (iso: string, minutes: number) => [new Date(iso), new Date(Date.parse(iso) + minutes * 60_000)] as const;
    // Sunday 23:30–24:00 in Madrid is Sunday 21:30Z (summer time).
    expect(insideHours(...at('2026-03-29T21:30:00Z', 30), sunday, 'Europe/Madrid')).toBe(true);
    expect(insideHours(...at('2026-03-29T21:45:00Z', 30), sunday, 'Europe/Madrid')).toBe(false);
    expect(insideHours(...at('2026-03-29T05:45:00Z', 30), sunday, 'Europe/Madrid')).toBe(false);
    // The same instant is Monday in Kolkata.
    expect(insideHours(...at('2026-03-29T21:30:00Z', 30), sunday, 'Asia/Kolkata')).toBe(false);
  });

  it('cuts hours into slots within the range, and an interval into its 5-minute granules', () => {
    const rules = [{ weekday: 1, start: '09:00', end: '10:00' }];
    const slots = [
      ...hourSlots(rules, 'UTC', new Date('2026-11-30T09:10:00Z'), new Date('2026-12-01T00:00:00Z'), 20, 20),
    ];
    expect(slots.map((slot) => slot.start.toISOString())).toEqual([
      '2026-11-30T09:20:00.000Z',
      '2026-11-30T09:40:00.000Z',
    ]);
    const g = granulesOf(new Date('2026-11-30T09:00:00Z'), new Date('2026-11-30T09:30:00Z'));
    expect(g).toHaveLength(6);
    // 09:00–09:30 and 09:15–09:45 share granules: every overlap collides.
    const h = granulesOf(new Date('2026-11-30T09:15:00Z'), new Date('2026-11-30T09:45:00Z'));
    expect(g.filter((x) => h.includes(x))).toHaveLength(3);
    // Touching intervals share none.
    const next = granulesOf(new Date('2026-11-30T09:30:00Z'), new Date('2026-11-30T10:00:00Z'));
    expect(g.filter((x) => next.includes(x))).toHaveLength(0);
  });
});
