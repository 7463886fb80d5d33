// FHIR R4 Appointment, Schedule and Slot (issue #13): read and search through the appointment
// and schedule procedures, every resource through the Medplum validator, references resolving,
// the procedures' permissions (a Technical user is refused).
import type { Appointment, Bundle, OperationOutcome, Resource, Schedule, Slot } from '@medplum/fhirtypes';
import { beforeAll, describe, expect, it } from 'vitest';
import { Audit } from '../src/core/audit-model.ts';
import { zonedInstant } from '../src/domains/appointments/time.ts';
import { makePatient, makeStaff, makeWard, type Caller } from './clinical-helpers.ts';
import { expectValidFhir } from './fhir-validator.ts';
import { callerFor, userWithRole, useTestApi } from './helpers.ts';

const api = useTestApi();
const ZONE = 'Europe/Madrid';
let adminToken: string;
let technicalToken: string;
let admin: Caller;
let staffId: string;
let otherStaffId: string;
let patientId: string;
let bookedId: string;
let cancelledId: string;
/** The booking's day in Madrid: hh:mm of it as an instant. */
let day: (hh: number, mm?: number) => Date;

/** A calendar date (in Madrid) some days ahead: hh:mm of it as an instant. */
function dayAhead(days: number) {
  const date = new Date(Date.now() + days * 86_400_000);
  const [year, month, dayOfMonth] = [date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate()];
  return (hh: number, mm = 0) => zonedInstant(year, month, dayOfMonth, hh * 60 + mm, ZONE);
}

const fhir = (path: string, token: string | null = adminToken) =>
  fetch(`${api.server.url}/fhir/R4/${path}`, {
    headers: { accept: 'application/fhir+json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
  });

async function read<T extends Resource>(path: string, token: string | null = adminToken): Promise<T> {
  const response = await fhir(path, token);
  expect(response.status, path).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^application\/fhir\+json/);
  const resource = (await response.json()) as T;
  expectValidFhir(resource);
  return resource;
}

async function expectOutcome(path: string, status: number, token: string | null = adminToken) {
  const response = await fhir(path, token);
  expect(response.status, path).toBe(status);
  const outcome = (await response.json()) as OperationOutcome;
  expect(outcome.resourceType).toBe('OperationOutcome');
  expectValidFhir(outcome);
  return outcome;
}

/** Follows a search's next links to the end; every page a valid searchset Bundle, every match validated. */
async function walk<T extends Resource>(path: string) {
  const found: T[] = [];
  let url: string | undefined = `${api.server.url}/fhir/R4/${path}`;
  let total = -1;
  let pages = 0;
  while (url) {
    const response = await fetch(url, { headers: { authorization: `Bearer ${adminToken}` } });
    expect(response.status, url).toBe(200);
    const bundle = (await response.json()) as Bundle;
    expectValidFhir(bundle);
    expect(bundle.type).toBe('searchset');
    total = bundle.total!;
    for (const entry of bundle.entry ?? []) {
      expectValidFhir(entry.resource!);
      expect(entry.fullUrl).toBe(`${api.server.url}/fhir/R4/${entry.resource!.resourceType}/${entry.resource!.id}`);
      found.push(entry.resource as T);
    }
    url = bundle.link?.find((link) => link.relation === 'next')?.url;
    pages++;
  }
  return { found, total, pages };
}

beforeAll(async () => {
  const administrator = await userWithRole(api.server, 'Administrator');
  adminToken = administrator.token;
  technicalToken = (await userWithRole(api.server, 'Technical')).token;
  admin = callerFor(api.server, administrator.user);
  const ward = await makeWard(admin);
  const staff = await makeStaff(admin, 'Sched', 'Fhirsen', ward.specialty.id, ward.department.id);
  const other = await makeStaff(admin, 'Idle', 'Fhirsen', ward.specialty.id, ward.department.id);
  staffId = staff.id;
  otherStaffId = other.id;
  // Every day 08:00–20:00 in Madrid, 15-minute slots.
  await admin.schedule.setWeekly({
    medicalStaffId: staffId,
    timeZone: ZONE,
    slotMinutes: 15,
    rules: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '08:00', end: '20:00' })),
  });
  day = dayAhead(5);
  const patient = await makePatient(admin, 'Apponia', 'Fhirova');
  patientId = patient.id;
  const booked = await admin.appointment.create({
    patientId,
    medicalStaffId: staffId,
    start: day(9),
    durationMinutes: 30,
    reason: 'Knee pain',
    notes: 'Internal note never mapped',
  });
  bookedId = booked.id;
  const cancelled = await admin.appointment.create({
    patientId,
    medicalStaffId: staffId,
    start: day(11),
    durationMinutes: 15,
  });
  await admin.appointment.cancel({ id: cancelled.id, reason: 'Patient asked to move it' });
  cancelledId = cancelled.id;
}, 120_000);

describe('FHIR R4: Appointment', () => {
  it('reads a booking as a valid Appointment whose participants resolve to the Patient and Practitioner', async () => {
    const appointment = await read<Appointment>(`Appointment/${bookedId}`);
    expect(appointment).toMatchObject({
      status: 'booked',
      start: day(9).toISOString(),
      end: day(9, 30).toISOString(),
      minutesDuration: 30,
      description: 'Knee pain',
    });
    expect(appointment.serviceType![0]!.text).toMatch(/^Specialty /);
    expect(appointment.specialty![0]!.text).toBe(appointment.serviceType![0]!.text);
    expect(JSON.stringify(appointment)).not.toContain('Internal note');
    expect(appointment.participant.map((participant) => participant.status)).toEqual(['accepted', 'accepted']);
    const references = appointment.participant.map((participant) => participant.actor!.reference!);
    expect(references).toEqual([`Patient/${patientId}`, `Practitioner/${staffId}`]);
    const [patient, practitioner] = await Promise.all(references.map((reference) => read(reference)));
    expect(patient!.resourceType).toBe('Patient');
    expect(practitioner!.resourceType).toBe('Practitioner');
  });

  it('maps a cancellation with its reason, and the other statuses as FHIR codes', async () => {
    const cancelled = await read<Appointment>(`Appointment/${cancelledId}`);
    expect(cancelled.status).toBe('cancelled');
    expect(cancelled.cancelationReason).toEqual({ text: 'Patient asked to move it' });
    expect(cancelled.description).toBeUndefined();

    const patient = await makePatient(admin, 'Statia', 'Fhirova');
    // Another day, so the Slot search's day keeps its one booking.
    const other = dayAhead(7);
    const book = (hh: number) =>
      admin.appointment.create({
        patientId: patient.id,
        medicalStaffId: staffId,
        start: other(hh),
        durationMinutes: 15,
      });
    const checkedIn = await book(14);
    await admin.appointment.checkIn({ id: checkedIn.id });
    const completed = await book(15);
    await admin.appointment.checkIn({ id: completed.id });
    await admin.appointment.complete({ id: completed.id });
    expect((await read<Appointment>(`Appointment/${checkedIn.id}`)).status).toBe('checked-in');
    expect((await read<Appointment>(`Appointment/${completed.id}`)).status).toBe('fulfilled');
  });

  it('searches by patient, practitioner and date, paging with _count, each search audited as a list read', async () => {
    const before = await Audit.countDocuments({ entity: 'appointment' });
    const byPatient = await walk<Appointment>(`Appointment?patient=Patient/${patientId}&_count=1`);
    expect(byPatient.total).toBe(2);
    expect(byPatient.pages).toBe(2);
    expect(byPatient.found.map((item) => item.id)).toEqual([bookedId, cancelledId]);
    expect(await Audit.countDocuments({ entity: 'appointment' })).toBeGreaterThan(before);

    const byPractitioner = await walk<Appointment>(`Appointment?practitioner=${staffId}`);
    expect(byPractitioner.found.map((item) => item.id)).toEqual(expect.arrayContaining([bookedId, cancelledId]));
    expect(
      byPractitioner.found.every((item) => item.participant[1]!.actor!.reference === `Practitioner/${staffId}`),
    ).toBe(true);

    const from = day(9).toISOString();
    const inWindow = await walk<Appointment>(
      `Appointment?patient=Patient/${patientId}&date=ge${from}&date=lt${day(10).toISOString()}`,
    );
    expect(inWindow.found.map((item) => item.id)).toEqual([bookedId]);
    const later = await walk<Appointment>(`Appointment?patient=Patient/${patientId}&date=gt${day(11).toISOString()}`);
    expect(later.total).toBe(0);
    expect((await walk<Appointment>(`Appointment?practitioner=Practitioner/${otherStaffId}`)).total).toBe(0);

    await expectOutcome('Appointment?date=next-week', 400);
    await expectOutcome('Appointment?practitioner=Patient/abc', 400);
    await expectOutcome('Appointment/not-an-id', 404);
  });

  it('a Technical user gets 403 OperationOutcome on Appointment (and on Schedule and Slot)', async () => {
    await expectOutcome(`Appointment/${bookedId}`, 403, technicalToken);
    await expectOutcome(`Appointment?patient=Patient/${patientId}`, 403, technicalToken);
    await expectOutcome(`Schedule/${staffId}`, 403, technicalToken);
    await expectOutcome(`Slot?schedule=Schedule/${staffId}`, 403, technicalToken);
    await expectOutcome(`Appointment/${bookedId}`, 401, null);
  });
});

describe('FHIR R4: Schedule and Slot', () => {
  it('reads the staff member’s Schedule (same id), its actor resolving; searches it by actor', async () => {
    const schedule = await read<Schedule>(`Schedule/${staffId}`);
    expect(schedule.active).toBe(true);
    expect(schedule.actor).toEqual([expect.objectContaining({ reference: `Practitioner/${staffId}` })]);
    expect(schedule.comment).toContain(ZONE);
    expect(schedule.comment).toContain('15-minute slots');
    expect(schedule.comment).toContain('Mon 08:00–20:00');
    expect((await read(schedule.actor[0]!.reference!)).resourceType).toBe('Practitioner');
    // Without weekly hours, a schedule is inactive.
    expect((await read<Schedule>(`Schedule/${otherStaffId}`)).active).toBe(false);

    const search = await walk<Schedule>(`Schedule?actor=Practitioner/${staffId}`);
    expect(search.found.map((item) => item.id)).toEqual([staffId]);
    expect((await walk<Schedule>(`Schedule?actor=Practitioner/${'0'.repeat(24)}`)).total).toBe(0);
    await expectOutcome(`Schedule/${'0'.repeat(24)}`, 404);
    const all = await walk<Schedule>('Schedule?_count=50');
    expect(all.found.map((item) => item.id)).toEqual(expect.arrayContaining([staffId, otherStaffId]));
  });

  it('searches a day’s free Slots: the hours minus the booking, deterministic ids, readable while free', async () => {
    const range = `start=ge${day(0).toISOString()}&start=lt${day(24).toISOString()}`;
    const { found, total, pages } = await walk<Slot>(`Slot?schedule=Schedule/${staffId}&${range}&_count=20`);
    // 08:00–20:00 in 15-minute slots is 48; the 09:00–09:30 booking takes 2 (the cancelled one gives its slot back).
    expect(total).toBe(46);
    expect(found).toHaveLength(46);
    expect(pages).toBe(3);
    expect(found.every((slot) => slot.status === 'free')).toBe(true);
    expect(found.every((slot) => slot.schedule.reference === `Schedule/${staffId}`)).toBe(true);
    const starts = found.map((slot) => slot.start);
    expect(starts[0]).toBe(day(8).toISOString());
    expect(starts.at(-1)).toBe(day(19, 45).toISOString());
    expect(starts).not.toContain(day(9).toISOString());
    expect(starts).not.toContain(day(9, 15).toISOString());
    expect(starts).toContain(day(11).toISOString());
    const eleven = found.find((slot) => slot.start === day(11).toISOString())!;
    expect(eleven.id).toBe(`${staffId}-${day(11).getTime() / 60_000}`);
    expect(eleven.end).toBe(day(11, 15).toISOString());
    // Same search, same ids.
    const again = await walk<Slot>(`Slot?schedule=${staffId}&${range}&_count=100`);
    expect(again.found.map((slot) => slot.id)).toEqual(found.map((slot) => slot.id));

    expect(await read<Slot>(`Slot/${eleven.id}`)).toEqual(eleven);
    expect((await read(eleven.schedule.reference!)).resourceType).toBe('Schedule');
    await expectOutcome(`Slot/${staffId}-${day(9).getTime() / 60_000}`, 404);
    await expectOutcome(`Slot/${staffId}-${day(8, 5).getTime() / 60_000}`, 404);
    await expectOutcome('Slot/nonsense', 404);

    // Booking a slot removes it from the search.
    const patient = await makePatient(admin, 'Slotta', 'Fhirova');
    const booking = await admin.appointment.create({
      patientId: patient.id,
      medicalStaffId: staffId,
      start: day(11),
      durationMinutes: 15,
    });
    expect((await walk<Slot>(`Slot?schedule=Schedule/${staffId}&${range}&_count=100`)).total).toBe(45);
    await expectOutcome(`Slot/${eleven.id}`, 404);
    await admin.appointment.cancel({ id: booking.id, reason: 'cleanup' });

    await expectOutcome('Slot?start=ge2030-01-01', 400);
    await expectOutcome(`Slot?schedule=Schedule/${staffId}&start=ge2030-01-01&start=lt2030-06-01`, 400);
  });
});
