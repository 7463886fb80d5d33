import type { TAppointment, TAppointmentListInput } from '@mas/shared';
import type { Appointment } from '@medplum/fhirtypes';
import { isObjectId, metaOf, reference } from '../mapping.ts';
import { notFound } from '../outcome.ts';
import { dateRanges, referenceId } from '../params.ts';
import type { Caller, ResourceModule } from '../types.ts';

const STATUS: Record<TAppointment['status'], Appointment['status']> = {
  booked: 'booked',
  checkedIn: 'checked-in',
  completed: 'fulfilled',
  cancelled: 'cancelled',
  noShow: 'noshow',
};

/**
 * An appointment as an R4 Appointment: its status, interval, the patient and the staff member as
 * accepted participants, the specialty as service type and specialty, the reason as description.
 * Built from the procedure's output only; the free-text notes are not carried.
 */
export function toAppointment(appointment: TAppointment): Appointment {
  const specialty = { text: appointment.specialtyName };
  return {
    resourceType: 'Appointment',
    id: appointment.id,
    meta: metaOf(appointment),
    status: STATUS[appointment.status],
    ...(appointment.status === 'cancelled' && appointment.cancelReason
      ? { cancelationReason: { text: appointment.cancelReason } }
      : {}),
    serviceType: [specialty],
    specialty: [specialty],
    ...(appointment.reason ? { description: appointment.reason } : {}),
    start: appointment.start.toISOString(),
    end: appointment.end.toISOString(),
    minutesDuration: appointment.durationMinutes,
    created: appointment.createdAt.toISOString().slice(0, 10),
    participant: [
      {
        actor: reference('Patient', appointment.patientId, appointment.patientName),
        required: 'required',
        status: 'accepted',
      },
      {
        actor: reference('Practitioner', appointment.medicalStaffId, appointment.medicalStaffName),
        required: 'required',
        status: 'accepted',
      },
    ],
  };
}

/** The appointments list's filters from a search (patient, practitioner, start date); null when nothing can match. */
function appointmentFilters(
  patientId: string | undefined,
  practitionerId: string | undefined,
  dates: { from?: Date; before?: Date },
): Partial<TAppointmentListInput> | null {
  if (patientId !== undefined && !isObjectId(patientId)) return null;
  if (practitionerId !== undefined && !isObjectId(practitionerId)) return null;
  if (dates.from && dates.before && dates.from >= dates.before) return null;
  return {
    status: 'all',
    ...(patientId ? { patientId } : {}),
    ...(practitionerId ? { medicalStaffId: practitionerId } : {}),
    ...(dates.from ? { from: dates.from } : {}),
    // The list's "to" is exclusive, as the parameter's end is.
    ...(dates.before ? { to: dates.before } : {}),
  };
}

async function searchAppointments(
  caller: Caller,
  filters: Partial<TAppointmentListInput>,
  page: number,
  count: number,
) {
  const answer = await caller.appointment.list({
    ...filters,
    page,
    perPage: count,
    sort: { field: 'start', direction: 'asc' },
  });
  return { resources: answer.items.map(toAppointment), total: answer.total };
}

export const appointmentModule: ResourceModule<Appointment> = {
  type: 'Appointment',
  documentation:
    'Specialty appointments: status (booked, checked-in, fulfilled, cancelled, noshow), start, end, the patient and the staff member as participants, the specialty. Reads are audited; a patient sees only their own.',
  patientCompartment: true,
  searchParams: [
    { name: 'patient', type: 'reference', documentation: 'Patient/<id>' },
    { name: 'practitioner', type: 'reference', documentation: 'Practitioner/<id> (the staff member)' },
    { name: 'date', type: 'date', documentation: 'Start of the appointment; prefixes eq, ge, gt, le, lt' },
  ],
  async read(caller, id) {
    if (!isObjectId(id)) throw notFound('Appointment', id);
    return toAppointment(await caller.appointment.get({ id }));
  },
  async search(caller, request) {
    const filters = appointmentFilters(
      referenceId(request, 'patient', 'Patient'),
      referenceId(request, 'practitioner', 'Practitioner'),
      dateRanges('date', request.params.get('date')),
    );
    if (!filters) return { resources: [], total: 0 };
    return searchAppointments(caller, filters, request.page, request.count);
  },
};
