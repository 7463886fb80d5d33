import { addToTally, defineTally, readTally } from '../../db/tallies.ts';
import { Admission } from './model.ts';

/** The admissions list's tab counts: admissions by status, kept by every admit, discharge and delete. */
export const ADMISSIONS_TALLY = 'admissions';

defineTally(
  ADMISSIONS_TALLY,
  async () => {
    const rows = await Admission.aggregate<{ _id: string; n: number }>([
      { $group: { _id: '$status', n: { $sum: 1 } } },
    ]);
    return Object.fromEntries(rows.map((row) => [row._id, row.n]));
  },
  { global: true },
);

export const countAdmitted = () => addToTally(ADMISSIONS_TALLY, { active: 1 });
export const countDischarged = () => addToTally(ADMISSIONS_TALLY, { active: -1, discharged: 1 });
export function countDeleted(statuses: string[]) {
  const delta: Record<string, number> = {};
  for (const status of statuses) delta[status] = (delta[status] ?? 0) - 1;
  return addToTally(ADMISSIONS_TALLY, delta);
}

export async function admissionCounts() {
  const totals = await readTally(ADMISSIONS_TALLY);
  const active = totals.active ?? 0;
  const discharged = totals.discharged ?? 0;
  return { all: active + discharged, active, discharged };
}
