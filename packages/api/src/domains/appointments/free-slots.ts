import type { TFreeSlot, ZFreeSlotsInput } from '@mas/shared';
import type { Types } from 'mongoose';
import type { z } from 'zod';
import { oid, op } from '../../db/schema.ts';
import { MedicalStaff } from '../medical-staff/model.ts';
import { heldKeys, staffKey } from './claims.ts';
import { staffInfo } from './dto.ts';
import { Schedule, ScheduleBlock } from './model.ts';
import { GRANULE_MS, granulesOf, hourSlots } from './time.ts';

type Input = z.infer<typeof ZFreeSlotsInput>;

/** Staff members one specialty query considers at most. */
const MAX_STAFF = 100;
/** Candidate slots generated at most per call (a 62-day range of 5-minute slots for several staff). */
const MAX_CANDIDATES = 50_000;
/** Candidates checked per round of claim lookups: a round as large as the answer, doubling while slots are taken. */
const MIN_ROUND = 4;
const MAX_ROUND = 256;

interface Candidate {
  staffId: string;
  start: Date;
  end: Date;
}

/**
 * Free slots, earliest first: each schedule's hours cut into its slot length, minus blocks, minus
 * what is claimed (appointments, and blocks being added). Claims are read by `_id`
 * (a point lookup every server answers from its primary key), only for the granules of the
 * candidates needed to fill `limit`, each granule once; no scan of appointments per slot.
 */
export async function freeSlots(input: Input, now = new Date()): Promise<TFreeSlot[]> {
  const staffIds: Types.ObjectId[] = input.medicalStaffId
    ? [oid(input.medicalStaffId)]
    : (
        await MedicalStaff.find({ specialtyId: oid(input.specialtyId!), isActive: true }, { _id: 1 })
          .limit(MAX_STAFF)
          .lean()
      ).map((staff) => staff._id);
  if (!staffIds.length) return [];
  const [schedules, info, blocks] = await Promise.all([
    Schedule.find({ _id: op({ $in: staffIds }) }).lean(),
    staffInfo(staffIds.map(String)),
    // Blocks are read as intervals (a week of leave is one document, not two thousand lookups);
    // their claims only settle races with bookings.
    ScheduleBlock.find(
      {
        medicalStaffId: op({ $in: staffIds }),
        state: 'active',
        start: op({ $lt: input.to }),
        end: op({ $gt: input.from }),
      },
      { medicalStaffId: 1, start: 1, end: 1 },
    ).lean(),
  ]);
  const blocked = (candidate: Candidate) =>
    blocks.some(
      (block) =>
        String(block.medicalStaffId) === candidate.staffId &&
        block.start.getTime() < candidate.end.getTime() &&
        block.end.getTime() > candidate.start.getTime(),
    );
  // Nothing in the past, and nothing starting before the next 5-minute mark.
  const earliest = new Date(Math.ceil(now.getTime() / GRANULE_MS) * GRANULE_MS);
  const from = input.from.getTime() < earliest.getTime() ? earliest : input.from;
  if (from.getTime() >= input.to.getTime()) return [];

  const candidates: Candidate[] = [];
  for (const schedule of schedules) {
    const staff = info.get(String(schedule._id));
    if (!staff?.isActive) continue;
    const duration = input.durationMinutes ?? schedule.slotMinutes;
    for (const slot of hourSlots(schedule.rules, schedule.timeZone, from, input.to, schedule.slotMinutes, duration)) {
      const candidate = { staffId: String(schedule._id), ...slot };
      if (!blocked(candidate)) candidates.push(candidate);
      if (candidates.length >= MAX_CANDIDATES) break;
    }
  }
  candidates.sort(
    (a, b) =>
      a.start.getTime() - b.start.getTime() ||
      (info.get(a.staffId)?.name ?? '').localeCompare(info.get(b.staffId)?.name ?? ''),
  );

  const held = new Set<string>();
  const checked = new Set<string>();
  const out: TFreeSlot[] = [];
  let size = Math.min(MAX_ROUND, Math.max(MIN_ROUND, input.limit));
  for (
    let index = 0;
    index < candidates.length && out.length < input.limit;
    index += size, size = Math.min(MAX_ROUND, size * 2)
  ) {
    const round = candidates.slice(index, index + size);
    const keysOf = (candidate: Candidate) =>
      granulesOf(candidate.start, candidate.end).map((g) => staffKey(candidate.staffId, g));
    const unknown = [...new Set(round.flatMap(keysOf))].filter((key) => !checked.has(key));
    for (const key of (await heldKeys(unknown)).keys()) held.add(key);
    for (const key of unknown) checked.add(key);
    for (const candidate of round) {
      if (out.length >= input.limit) break;
      if (keysOf(candidate).some((key) => held.has(key))) continue;
      out.push({
        medicalStaffId: candidate.staffId,
        medicalStaffName: info.get(candidate.staffId)?.name ?? '—',
        start: candidate.start,
        end: candidate.end,
      });
    }
  }
  return out;
}
