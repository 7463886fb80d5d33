import type { TSchedule } from '@mas/shared';
import type { Schedule } from '@medplum/fhirtypes';
import { isObjectId, reference } from '../mapping.ts';
import { notFound, unlessMissing } from '../outcome.ts';
import { referenceId } from '../params.ts';
import type { ResourceModule } from '../types.ts';

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** The weekly hours in words: "Mon 08:00–14:00, Tue 08:00–14:00 16:00–19:00". */
function hoursText(rules: TSchedule['rules']): string {
  if (!rules.length) return 'no hours set';
  const days = new Map<number, string[]>();
  for (const rule of [...rules].sort((a, b) => a.weekday - b.weekday || a.start.localeCompare(b.start))) {
    days.set(rule.weekday, [...(days.get(rule.weekday) ?? []), `${rule.start}–${rule.end}`]);
  }
  return [...days].map(([weekday, spans]) => `${WEEKDAYS[weekday - 1]} ${spans.join(' ')}`).join(', ');
}

/**
 * A staff member's schedule as an R4 Schedule (id = the staff member's id): active once weekly
 * hours are set; the time zone, slot length and hours in the comment. Its free Slots come from
 * Slot?schedule=Schedule/<id>.
 */
export function toSchedule(schedule: TSchedule): Schedule {
  const specialty = { text: schedule.specialtyName };
  return {
    resourceType: 'Schedule',
    id: schedule.medicalStaffId,
    ...(schedule.updatedAt
      ? { meta: { versionId: String(schedule.version), lastUpdated: schedule.updatedAt.toISOString() } }
      : {}),
    active: schedule.rules.length > 0,
    serviceType: [specialty],
    specialty: [specialty],
    actor: [reference('Practitioner', schedule.medicalStaffId, schedule.medicalStaffName)],
    comment: `Time zone ${schedule.timeZone}; ${schedule.slotMinutes}-minute slots; weekly hours: ${hoursText(schedule.rules)}`,
  };
}

export const scheduleModule: ResourceModule<Schedule> = {
  type: 'Schedule',
  documentation:
    "Each medical staff member's schedule (same id as the Practitioner): active once weekly hours are set; time zone, slot length and hours in comment. Free slots: Slot?schedule=Schedule/<id>.",
  patientCompartment: false,
  searchParams: [{ name: 'actor', type: 'reference', documentation: 'Practitioner/<id>' }],
  async read(caller, id) {
    if (!isObjectId(id)) throw notFound('Schedule', id);
    return toSchedule(await caller.schedule.get({ medicalStaffId: id, from: new Date() }));
  },
  async search(caller, request) {
    const actor = referenceId(request, 'actor', 'Practitioner');
    if (actor !== undefined) {
      if (!isObjectId(actor) || request.page > 1) return { resources: [], total: 0 };
      const schedule = await unlessMissing(caller.schedule.get({ medicalStaffId: actor, from: new Date() }));
      return schedule ? { resources: [toSchedule(schedule)], total: 1 } : { resources: [], total: 0 };
    }
    // One schedule per staff member: a page of staff, each one's schedule.
    const page = await caller.medicalStaff.list({ page: request.page, perPage: request.count });
    const resources: Schedule[] = [];
    for (const staff of page.items) {
      const schedule = await unlessMissing(caller.schedule.get({ medicalStaffId: staff.id, from: new Date() }));
      if (schedule) resources.push(toSchedule(schedule));
    }
    return { resources, total: page.total };
  },
};
