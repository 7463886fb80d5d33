import type { Types } from 'mongoose';
import { addToTally, defineTally, readTally, type Totals } from '../../db/tallies.ts';
import { Admission } from './model.ts';

/*
 * Admissions by admission day, so the list's default views (all or discharged, newest first) read
 * the newest days by `_id` instead of sorting the whole collection: on FerretDB that sort decodes
 * every admission ever made (1.2 s at 10,000). Two tallies (db/tallies.ts: insert-only deltas, safe
 * under concurrency on both servers), kept by every admit, change of admission date and delete:
 * - `admissionDays`: admissions per day ({ 'YYYY-MM-DD': n }), which says which days to read;
 * - `admittedOn:<day>`: the ids admitted that day ({ id: 1 }), read as present (> 0) or absent.
 * Days are UTC days: they only partition time for the index, the hospital's calendar is elsewhere.
 * Readers check each admission they load against its day, so a stale entry is never shown twice;
 * the nightly tally repair recounts both from the collection.
 */
export const ADMISSION_DAYS = 'admissionDays';
const ADMITTED_ON = 'admittedOn';

export const dayOf = (date: Date) => date.toISOString().slice(0, 10);
export const admittedOnKey = (day: string) => `${ADMITTED_ON}:${day}`;

async function scanDays() {
  const byDay = new Map<string, Totals>();
  for await (const doc of Admission.find({}, { admittedAt: 1 }).lean().cursor()) {
    const day = dayOf(doc.admittedAt);
    const ids = byDay.get(day) ?? {};
    ids[String(doc._id)] = 1;
    byDay.set(day, ids);
  }
  return byDay;
}

defineTally(
  ADMISSION_DAYS,
  async () => Object.fromEntries([...(await scanDays())].map(([day, ids]) => [day, Object.keys(ids).length])),
  { global: true },
);
defineTally(ADMITTED_ON, async (day) => (await scanDays()).get(day) ?? {}, { countAll: scanDays, presence: true });

/** Records (sign 1) or withdraws (sign -1) an admission under its admission day. */
export async function indexAdmissionDay(id: Types.ObjectId | string, admittedAt: Date, sign: 1 | -1) {
  const day = dayOf(admittedAt);
  await Promise.all([
    addToTally(ADMISSION_DAYS, { [day]: sign }),
    addToTally(admittedOnKey(day), { [String(id)]: sign }),
  ]);
}

/** The days that have admissions, oldest first. */
export async function admissionDays(): Promise<string[]> {
  return Object.entries(await readTally(ADMISSION_DAYS))
    .filter(([, n]) => n > 0)
    .map(([day]) => day)
    .sort();
}

/** The ids admitted on a day. */
export async function admittedOn(day: string): Promise<string[]> {
  return Object.entries(await readTally(admittedOnKey(day)))
    .filter(([, n]) => n > 0)
    .map(([id]) => id);
}
