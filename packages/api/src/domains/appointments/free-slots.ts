import type { TFreeSlot, ZFreeSlotsInput } from '@mas/shared';
import type { Types } from 'mongoose';
import type { z } from 'zod';
import { oid, op } from '../../db/schema.ts';
import { MedicalStaff } from '../medical-staff/model.ts';
import { heldKeys, staffKey } from './claims.ts';
import { staffInfo } from './dto.ts';
import { Schedule, ScheduleBlock, SlotClaim } from './model.ts';
import { GRANULE_MS, granulesOf, hourSlots } from './time.ts';

type Input = z.infer<typeof ZFreeSlotsInput>;

/** Staff members one specialty query considers at most. */
const MAX_STAFF = 100;
/** Candidate slots generated at most per call (a 62-day range of 5-minute slots for several staff). */
const MAX_CANDIDATES = 50_000;
/** Candidates checked per round of claim reads: a round as large as the answer, doubling while slots are taken. */
const MIN_ROUND = 4;
const MAX_ROUND = 256;
/** Up to this many granules are read by `_id` point lookups (FerretDB: a few ms each, one at a time). */
const POINT_LOOKUPS = 16;

interface Candidate {
  staffId: string;
  start: Date;
  end: Date;
}

/** The schedules, names and blocks of some staff members over a range, read once per call. */
async function loadContext(staffIds: Types.ObjectId[], from: Date, to: Date) {
  const [schedules, info, blocks] = await Promise.all([
    Schedule.find({ _id: op({ $in: staffIds }) }).lean(),
    staffInfo(staffIds.map(String)),
    // Blocks are read as intervals (a week of leave is one document, not two thousand lookups);
    // their claims only settle races with bookings.
    ScheduleBlock.find(
      { medicalStaffId: op({ $in: staffIds }), state: 'active', start: op({ $lt: to }), end: op({ $gt: from }) },
      { medicalStaffId: 1, start: 1, end: 1 },
    ).lean(),
  ]);
  return { schedules, info, blocks };
}

/** Every slot of the hours of these schedules in [from, to) outside blocks, earliest first. */
function candidatesOf(
  context: Awaited<ReturnType<typeof loadContext>>,
  from: Date,
  to: Date,
  durationMinutes: number | undefined,
  only?: Set<string>,
): Candidate[] {
  const { schedules, info, blocks } = context;
  // Ties (one start, several staff members) by name: ranked once, not compared per pair.
  const rank = new Map(
    [...info.entries()].sort(([, a], [, b]) => a.name.localeCompare(b.name)).map(([id], index) => [id, index]),
  );
  const blocked = (candidate: Candidate) =>
    blocks.some(
      (block) =>
        String(block.medicalStaffId) === candidate.staffId &&
        block.start.getTime() < candidate.end.getTime() &&
        block.end.getTime() > candidate.start.getTime(),
    );
  const candidates: Candidate[] = [];
  for (const schedule of schedules) {
    if (!info.get(String(schedule._id))?.isActive || (only && !only.has(String(schedule._id)))) continue;
    const duration = durationMinutes ?? schedule.slotMinutes;
    for (const slot of hourSlots(schedule.rules, schedule.timeZone, from, to, schedule.slotMinutes, duration)) {
      const candidate = { staffId: String(schedule._id), ...slot };
      if (!blocked(candidate)) candidates.push(candidate);
      if (candidates.length >= MAX_CANDIDATES) break;
    }
  }
  return candidates.sort(
    (a, b) => a.start.getTime() - b.start.getTime() || (rank.get(a.staffId) ?? 0) - (rank.get(b.staffId) ?? 0),
  );
}

/**
 * Which staff granules are claimed, in as few reads as fit: point lookups by `_id` for a few
 * granules; for many, one `_id` range of one staff member, or one range of granules across
 * several (MongoDB serves both from an index; FerretDB, one pass over the claims, which hold
 * only future time since the repair job prunes the past).
 */
async function readHeld(staffGranules: Map<string, number[]>): Promise<Set<string>> {
  const all = [...staffGranules.values()].flat();
  if (!all.length) return new Set();
  const first = Math.min(...all);
  const last = Math.max(...all);
  if (all.length <= POINT_LOOKUPS) {
    const keys = [...staffGranules].flatMap(([staffId, granules]) => granules.map((g) => staffKey(staffId, g)));
    return new Set((await heldKeys(keys)).keys());
  }
  // Keys compare as text: an `_id` range is exact while its granule numbers have as many digits.
  if (staffGranules.size === 1 && String(first).length === String(last).length) {
    const [staffId] = staffGranules.keys();
    const claims = await SlotClaim.find(
      { _id: op({ $gte: staffKey(staffId!, first), $lte: staffKey(staffId!, last) }) },
      { _id: 1 },
    ).lean();
    return new Set(claims.map((claim) => claim._id));
  }
  const claims = await SlotClaim.find(
    { g: op({ $gte: first, $lte: last }), res: 'staff', rid: op({ $in: [...staffGranules.keys()].map(oid) }) },
    { _id: 1 },
  ).lean();
  return new Set(claims.map((claim) => claim._id));
}

/**
 * The free ones among candidates (earliest first), up to `limit` in all, or, with `perStaff`,
 * the first free one of each staff member. Claims are read only for the candidates needed,
 * each granule once, in rounds that start at the size of the answer.
 */
async function firstFree(candidates: Candidate[], limit: number, perStaff = false): Promise<Candidate[]> {
  const held = new Set<string>();
  const checked = new Set<string>();
  const out: Candidate[] = [];
  const done = new Set<string>();
  const staffCount = new Set(candidates.map((candidate) => candidate.staffId)).size;
  const finished = () => (perStaff ? done.size >= staffCount : out.length >= limit);
  const keysOf = (candidate: Candidate) =>
    granulesOf(candidate.start, candidate.end).map((g) => staffKey(candidate.staffId, g));
  let size = Math.min(MAX_ROUND, Math.max(MIN_ROUND, perStaff ? staffCount : limit));
  for (let index = 0; index < candidates.length && !finished(); index += size, size = Math.min(MAX_ROUND, size * 2)) {
    const round = candidates
      .slice(index, index + size)
      .filter((candidate) => !(perStaff && done.has(candidate.staffId)));
    const wanted = new Map<string, number[]>();
    for (const candidate of round) {
      for (const g of granulesOf(candidate.start, candidate.end)) {
        const key = staffKey(candidate.staffId, g);
        if (checked.has(key)) continue;
        checked.add(key);
        wanted.set(candidate.staffId, [...(wanted.get(candidate.staffId) ?? []), g]);
      }
    }
    for (const key of await readHeld(wanted)) held.add(key);
    for (const candidate of round) {
      if (finished()) break;
      if ((perStaff && done.has(candidate.staffId)) || keysOf(candidate).some((key) => held.has(key))) continue;
      out.push(candidate);
      done.add(candidate.staffId);
    }
  }
  return out;
}

/** Nothing in the past, and nothing starting before the next 5-minute mark. */
const notBefore = (from: Date, now: Date) => {
  const earliest = new Date(Math.ceil(now.getTime() / GRANULE_MS) * GRANULE_MS);
  return from.getTime() < earliest.getTime() ? earliest : from;
};

/**
 * Free slots, earliest first: each schedule's hours cut into its slot length, minus blocks, minus
 * what is claimed (appointments, and blocks being added).
 */
export async function freeSlots(input: Input, now = new Date()): Promise<TFreeSlot[]> {
  const staffIds: Types.ObjectId[] = input.medicalStaffId
    ? [oid(input.medicalStaffId)]
    : (
        await MedicalStaff.find({ specialtyId: oid(input.specialtyId!), isActive: true }, { _id: 1 })
          .limit(MAX_STAFF)
          .lean()
      ).map((staff) => staff._id);
  const from = notBefore(input.from, now);
  if (!staffIds.length || from.getTime() >= input.to.getTime()) return [];
  const context = await loadContext(staffIds, from, input.to);
  const free = await firstFree(candidatesOf(context, from, input.to, input.durationMinutes), input.limit);
  return free.map((slot) => ({
    medicalStaffId: slot.staffId,
    medicalStaffName: context.info.get(slot.staffId)?.name ?? '—',
    start: slot.start,
    end: slot.end,
  }));
}

/** Each staff member's earliest free slot (their own slot length) in [now, to): the dashboard's waits. */
export async function nextFreeByStaff(staffIds: Types.ObjectId[], to: Date, now = new Date()) {
  const from = notBefore(now, now);
  const found = new Map<string, Date>();
  if (!staffIds.length) return found;
  const context = await loadContext(staffIds, from, to);
  // Most have a free slot within days: look a little ahead first, further only for the others.
  const edges = [from.getTime(), from.getTime() + 2 * 86_400_000, from.getTime() + 9 * 86_400_000, to.getTime()];
  for (let index = 0; index + 1 < edges.length && found.size < staffIds.length; index++) {
    const [start, end] = [new Date(edges[index]!), new Date(Math.min(edges[index + 1]!, to.getTime()))];
    if (start.getTime() >= end.getTime()) break;
    const remaining = new Set(staffIds.map(String).filter((id) => !found.has(id)));
    const free = await firstFree(candidatesOf(context, start, end, undefined, remaining), remaining.size, true);
    for (const slot of free) found.set(slot.staffId, slot.start);
  }
  return found;
}
