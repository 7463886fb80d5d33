import type { TAdmissionListInput } from '@mas/shared';
import type { SortOrder, Types } from 'mongoose';
import { escapeRegex, normalizeKey, oid, op } from '../../db/schema.ts';
import { findByIds } from '../../db/by-id.ts';
import { Room } from '../rooms/model.ts';
import { toAdmissionDtos } from './dto.ts';
import { Admission, ROW_PROJECTION, type AdmissionRow } from './model.ts';
import { PatientClaim } from './claims.ts';
import { admissionCounts } from './tally.ts';
import { admissionDays, admittedOn, dayOf } from './days.ts';

/** A filter built by our own code from validated input (never client JSON). */
type Filter = Record<string, unknown>;

/** Which rooms a list may show: one room, the rooms of a department, or both at once. */
async function roomFilter(input: TAdmissionListInput): Promise<Filter> {
  if (!input.departmentId) return input.roomId ? { roomId: oid(input.roomId) } : {};
  const rooms = await Room.find({ departmentId: oid(input.departmentId) }, { _id: 1 }).lean();
  const ids = rooms.map((room) => room._id).filter((id) => !input.roomId || String(id) === input.roomId);
  return { roomId: op({ $in: ids }) };
}

/**
 * The stored keys a column sorts by (copies kept by domains/search-keys.ts). Days: the length
 * of finished stays; ongoing ones (no length yet) come first going up, last going down, among
 * themselves by how long they have lasted.
 */
function sortOf(field: NonNullable<TAdmissionListInput['sort']>['field'], direction: SortOrder) {
  const inverse: SortOrder = direction === 1 ? -1 : 1;
  const sorts: Record<string, Record<string, SortOrder>> = {
    patientName: { patientSort: direction, _id: direction },
    medicalStaffName: { staffSort: direction, _id: direction },
    place: { roomSort: direction, bed: direction, _id: direction },
    daysInAdmission: { stayDays: direction, admittedAt: inverse, _id: direction },
  };
  return sorts[field] ?? { [field]: direction, _id: direction };
}

/** Tab counts of a filtered list: one `$group` (a filter no counter keeps). */
async function countsByStatus(filter: Filter) {
  const rows = await Admission.aggregate<{ _id: string; n: number }>([
    { $match: filter },
    { $group: { _id: '$status', n: { $sum: 1 } } },
  ]);
  const of = (status: string) => rows.find((row) => row._id === status)?.n ?? 0;
  return { all: of('active') + of('discharged'), active: of('active'), discharged: of('discharged') };
}

/** Mongo's order for the values a sort key holds here: null first, then numbers, strings, ids, dates. */
function compareValues(a: unknown, b: unknown): number {
  if (a == null || b == null) return a == null ? (b == null ? 0 : -1) : 1;
  const x = a instanceof Date ? a.getTime() : typeof a === 'object' ? String(a) : a;
  const y = b instanceof Date ? b.getTime() : typeof b === 'object' ? String(b) : b;
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * The Active tab unfiltered (the screen's first view): the admissions that hold a patient claim
 * (one per active admission, written before the admission and removed after its discharge), read
 * by `_id` and sorted here. Its cost follows the beds in use, not the years of history: on
 * FerretDB the query below would decode every admission ever made. Rechecks the status, so a
 * claim whose admission is still being written or was just discharged is left out.
 */
async function activePage(sort: Record<string, SortOrder>, input: TAdmissionListInput) {
  const claims = await PatientClaim.find({}, { admissionId: 1 }).lean();
  const docs = (
    await findByIds(
      Admission,
      claims.map((claim) => claim.admissionId),
      ROW_PROJECTION,
    )
  ).filter((doc) => doc.status === 'active');
  sortRows(docs, sort);
  const start = (input.page - 1) * input.perPage;
  return docs.slice(start, start + input.perPage);
}

type Row = AdmissionRow & { _id: Types.ObjectId };

function sortRows(docs: Row[], sort: Record<string, SortOrder>) {
  const keys = Object.entries(sort) as Array<[keyof Row, SortOrder]>;
  return docs.sort((a, b) => {
    for (const [key, direction] of keys) {
      const order = compareValues(a[key], b[key]);
      if (order) return direction === 1 ? order : -order;
    }
    return 0;
  });
}

/** Admissions a walk through the day index may load for one page before the query costs less. */
const WALK_LIMIT = 1_000;

/**
 * The All and Discharged tabs unfiltered, by admission date (the default order): read day by day
 * from the newest (or oldest) through the day index (days.ts), each day's admissions by `_id`,
 * until the page is full. Its cost follows the page's depth, not the years of history. Null when
 * the page lies deeper than WALK_LIMIT admissions: the query is then the cheaper way.
 */
async function pageByDay(
  status: 'all' | 'discharged',
  sort: Record<string, SortOrder>,
  input: TAdmissionListInput,
): Promise<Row[] | null> {
  const days = await admissionDays();
  if (sort.admittedAt === -1) days.reverse();
  const wanted = input.page * input.perPage;
  const rows: Row[] = [];
  let loaded = 0;
  // Days are read a few at a time, more as the walk goes on (the first page usually needs one).
  for (let at = 0, step = 1; at < days.length && rows.length < wanted; at += step, step = Math.min(step * 2, 16)) {
    const chunk = days.slice(at, at + step);
    const ids = (await Promise.all(chunk.map(admittedOn.ids))).flat();
    loaded += ids.length;
    if (loaded > WALK_LIMIT) return null;
    const inChunk = new Set(chunk);
    const docs = (await findByIds(Admission, ids, ROW_PROJECTION)).filter(
      (doc) => inChunk.has(dayOf(doc.admittedAt)) && (status === 'all' || doc.status === status),
    );
    rows.push(...sortRows(docs, sort));
  }
  return rows.slice(wanted - input.perPage, wanted);
}

/**
 * One page of admissions, filtered, searched and sorted on the server. On MongoDB the query's
 * views are served by the { status, admittedAt } and { admittedAt, _id } indexes. Tab counts of the unfiltered list
 * come from the admissions tally (kept by every change, read by `_id`), not from recounting.
 */
export async function listAdmissions(input: TAdmissionListInput) {
  const base: Filter = await roomFilter(input);
  if (input.patientId) base.patientId = oid(input.patientId);
  if (input.medicalStaffId) base.medicalStaffId = oid(input.medicalStaffId);
  if (input.from || input.to) {
    base.admittedAt = op({ ...(input.from ? { $gte: input.from } : {}), ...(input.to ? { $lte: input.to } : {}) });
  }
  if (input.search) base.searchText = op({ $regex: escapeRegex(normalizeKey(input.search)), $options: 'i' });
  const direction: SortOrder = input.sort?.direction === 'asc' ? 1 : -1;
  const sort = sortOf(input.sort?.field ?? 'admittedAt', direction);
  const statusFilter = input.status === 'all' ? {} : { status: input.status };
  const unfiltered = !Object.keys(base).length;
  const byDate = (input.sort?.field ?? 'admittedAt') === 'admittedAt';
  // The unfiltered views through the claims or the day index (no scan); anything else by the query.
  const [shortcut, counts] = await Promise.all([
    !unfiltered
      ? null
      : input.status === 'active'
        ? activePage(sort, input)
        : byDate
          ? pageByDay(input.status, sort, input)
          : null,
    unfiltered ? admissionCounts() : countsByStatus(base),
  ]);
  const docs =
    shortcut ??
    (await Admission.find({ ...base, ...statusFilter }, ROW_PROJECTION)
      .sort(sort)
      .skip((input.page - 1) * input.perPage)
      .limit(input.perPage)
      .lean());
  return {
    items: await toAdmissionDtos(docs),
    total: counts[input.status],
    page: input.page,
    perPage: input.perPage,
    counts,
  };
}
