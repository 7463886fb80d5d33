import { MAX_APPOINTMENT_MINUTES, MAX_APPOINTMENT_RANGE_DAYS, type TFreeSlot } from '@mas/shared';
import type { Slot } from '@medplum/fhirtypes';
import { isObjectId, reference } from '../mapping.ts';
import { badRequest, notFound } from '../outcome.ts';
import { dateRanges, referenceId } from '../params.ts';
import type { ResourceModule } from '../types.ts';

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
/** Without start parameters, a search covers this many days from now. */
const DEFAULT_DAYS = 14;
/** The most free slots one search computes (appointment.freeSlots' own limit). */
const MAX_SLOTS = 500;

/** A free slot's id: "<staffId>-<start in minutes since the epoch>" (the same slot always has the same id). */
export const slotId = (staffId: string, start: Date) => `${staffId}-${Math.round(start.getTime() / MINUTE_MS)}`;

const SLOT_ID = /^([a-f0-9]{24})-(\d{1,9})$/;

/** A free slot of a staff member's schedule as an R4 Slot (status free). */
export function toSlot(slot: TFreeSlot): Slot {
  return {
    resourceType: 'Slot',
    id: slotId(slot.medicalStaffId, slot.start),
    schedule: reference('Schedule', slot.medicalStaffId, slot.medicalStaffName),
    status: 'free',
    start: slot.start.toISOString(),
    end: slot.end.toISOString(),
  };
}

export const slotModule: ResourceModule<Slot> = {
  type: 'Slot',
  documentation: `Free slots of a staff member's schedule (status free), computed from the weekly hours, blocks and bookings; a search needs schedule and covers at most ${MAX_APPOINTMENT_RANGE_DAYS} days (default the next ${DEFAULT_DAYS}), at most ${MAX_SLOTS} slots. Ids are <staffId>-<start in epoch minutes>; a read answers while the slot is free.`,
  patientCompartment: false,
  notExported:
    'Free slots are availability computed over an open-ended future, not stored records; export the Schedules and search Slot per schedule.',
  searchParams: [
    { name: 'schedule', type: 'reference', documentation: 'Schedule/<id> (required; the id is the staff member’s)' },
    {
      name: 'start',
      type: 'date',
      documentation:
        'Slots lying within the range: e.g. start=ge2030-01-07&start=lt2030-01-08 (default: the next 14 days)',
    },
  ],
  async read(caller, id) {
    const match = SLOT_ID.exec(id);
    if (!match) throw notFound('Slot', id);
    const [, staffId, minutes] = match;
    const start = new Date(Number(minutes) * MINUTE_MS);
    const found = await caller.appointment.freeSlots({
      medicalStaffId: staffId!,
      from: start,
      to: new Date(start.getTime() + MAX_APPOINTMENT_MINUTES * MINUTE_MS),
      limit: 1,
    });
    const slot = found[0];
    if (!slot || slot.start.getTime() !== start.getTime()) throw notFound('Slot', id);
    return toSlot(slot);
  },
  async search(caller, request) {
    const schedule = referenceId(request, 'schedule', 'Schedule');
    if (schedule === undefined) throw badRequest('Slot search needs schedule=Schedule/<id>');
    if (!isObjectId(schedule)) return { resources: [], total: 0 };
    const range = dateRanges('start', request.params.get('start'));
    const from = range.from ?? new Date();
    const to = range.before ?? new Date(from.getTime() + DEFAULT_DAYS * DAY_MS);
    if (to.getTime() <= from.getTime()) return { resources: [], total: 0 };
    if (to.getTime() - from.getTime() > MAX_APPOINTMENT_RANGE_DAYS * DAY_MS) {
      throw badRequest(`start: a Slot search covers at most ${MAX_APPOINTMENT_RANGE_DAYS} days`);
    }
    const free = await caller.appointment.freeSlots({ medicalStaffId: schedule, from, to, limit: MAX_SLOTS });
    const offset = (request.page - 1) * request.count;
    return { resources: free.slice(offset, offset + request.count).map(toSlot), total: free.length };
  },
};
