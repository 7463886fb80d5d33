import type { Types } from 'mongoose';
import { addToTally, defineTally, readTally, type Totals } from '../../db/tallies.ts';
import { DAY_MS } from './dates.ts';
import { Admission } from './model.ts';

/*
 * Admissions by day, so that views bounded in time read the days they need by `_id` instead of
 * filtering or sorting the whole collection: on FerretDB that decodes every admission ever made
 * (1.2 s at 10,000). Tallies (db/tallies.ts: insert-only deltas, safe under concurrency on both
 * servers) kept by every admit, discharge, change of admission date and delete:
 * - `admittedOn:<day>` / `dischargedOn:<day>`: the ids admitted / discharged that day ({ id: 1 }),
 *   read as present (> 0) or absent;
 * - `admissionDays`: admissions per admission day ({ 'YYYY-MM-DD': n }): which days to read.
 * Days are UTC days: they only partition time for the index (the hospital's calendar is elsewhere).
 * Readers check each admission they load against its day, so a stale entry is never shown twice;
 * the nightly tally repair recounts all of them from the collection.
 */
export const dayOf = (date: Date) => date.toISOString().slice(0, 10);

/** The UTC days from `from` to `to`, both included. */
export function utcDaysBetween(from: Date, to: Date): string[] {
  const days: string[] = [];
  for (let t = Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate()); t <= to.getTime(); t += DAY_MS)
    days.push(dayOf(new Date(t)));
  return days;
}

/** An index of admission ids by the day of one of their dates. */
function dayIndex(prefix: string, field: 'admittedAt' | 'dischargedAt') {
  const scan = async () => {
    const byDay = new Map<string, Totals>();
    for await (const doc of Admission.find({}, { admittedAt: 1, dischargedAt: 1 }).lean().cursor()) {
      const date = doc[field];
      if (!date) continue;
      const ids = byDay.get(dayOf(date)) ?? {};
      ids[String(doc._id)] = 1;
      byDay.set(dayOf(date), ids);
    }
    return byDay;
  };
  defineTally(prefix, async (day) => (await scan()).get(day) ?? {}, { countAll: scan, presence: true });
  return {
    scan,
    /** Records (sign 1) or withdraws (sign -1) an admission under the day of its date. */
    add: (id: Types.ObjectId | string, date: Date, sign: 1 | -1) =>
      addToTally(`${prefix}:${dayOf(date)}`, { [String(id)]: sign }),
    /** The ids of a day. */
    ids: async (day: string) =>
      Object.entries(await readTally(`${prefix}:${day}`))
        .filter(([, n]) => n > 0)
        .map(([id]) => id),
  };
}

export const admittedOn = dayIndex('admittedOn', 'admittedAt');
export const dischargedOn = dayIndex('dischargedOn', 'dischargedAt');

const ADMISSION_DAYS = 'admissionDays';
defineTally(
  ADMISSION_DAYS,
  async () => Object.fromEntries([...(await admittedOn.scan())].map(([day, ids]) => [day, Object.keys(ids).length])),
  { global: true },
);

/** Records (sign 1) or withdraws (sign -1) an admission under its admission day. */
export async function indexAdmissionDay(id: Types.ObjectId | string, admittedAt: Date, sign: 1 | -1) {
  await Promise.all([addToTally(ADMISSION_DAYS, { [dayOf(admittedAt)]: sign }), admittedOn.add(id, admittedAt, sign)]);
}

/** Admissions per admission day. */
export const admissionsPerDay = () => readTally(ADMISSION_DAYS);

/** The days that have admissions, oldest first. */
export async function admissionDays(): Promise<string[]> {
  return Object.entries(await admissionsPerDay())
    .filter(([, n]) => n > 0)
    .map(([day]) => day)
    .sort();
}
