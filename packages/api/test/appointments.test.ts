// Specialty appointments (issue #12): overlap refused by the database's claims, races with one
// winner, repair after a crash, idempotent jobs, the role rules and live updates per subscriber.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Types } from 'mongoose';
import { Audit } from '../src/core/audit-model.ts';
import { claimDocs, takeClaims } from '../src/domains/appointments/claims.ts';
import { markNoShows, repairAppointments, sendReminders } from '../src/domains/appointments/jobs.ts';
import { Appointment, AppointmentMarker, HOLDING, SlotClaim } from '../src/domains/appointments/model.ts';
import { granulesOf, zonedInstant } from '../src/domains/appointments/time.ts';
import { Notification } from '../src/domains/notifications/model.ts';
import { op } from '../src/db/schema.ts';
import { callerFor, clientFor, coded, userWithRole, useTestApi, waitFor } from './helpers.ts';
import { makePatient, makeStaff, makeWard, type Caller } from './clinical-helpers.ts';

const api = useTestApi();
const ZONE = 'Europe/Madrid';
let admin: Caller;
let doctor: Caller;
let doctorUser: Awaited<ReturnType<typeof userWithRole>>['user'];
let ward: Awaited<ReturnType<typeof makeWard>>;

/** Every day 08:00–20:00 in Madrid, 15-minute slots. */
const ALL_WEEK = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '08:00', end: '20:00' }));

let dayOffset = 2;
/** A fresh calendar date (in Madrid) some days ahead, so tests never share a day. */
function nextDay() {
  const date = new Date(Date.now() + dayOffset++ * 86_400_000);
  const [year, month, day] = [date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate()];
  return (hh: number, mm = 0) => zonedInstant(year, month, day, hh * 60 + mm, ZONE);
}

async function staffWithHours(first = 'Marta', last = 'Ruiz') {
  const staff = await makeStaff(admin, first, last, ward.specialty.id, ward.department.id);
  await admin.schedule.setWeekly({ medicalStaffId: staff.id, timeZone: ZONE, slotMinutes: 15, rules: ALL_WEEK });
  return staff;
}

/** An error's code with some of its params (others, such as dates, left out). */
const like = (code: string, params: Record<string, unknown> = {}) =>
  expect.objectContaining({ code, params: expect.objectContaining(params) }) as unknown;

const codeOf = (result: PromiseSettledResult<unknown>) =>
  result.status === 'fulfilled' ? 'OK' : ((result.reason as { code?: string }).code ?? String(result.reason));

/** Every claim belongs to an appointment that holds its time (or a block), and each of those holds all of its own. */
async function assertNoOrphans() {
  const claims = await SlotClaim.find().lean();
  const holding = await Appointment.find({ status: op({ $in: [...HOLDING] }) }).lean();
  const expected = new Set<string>();
  for (const doc of holding) {
    for (const claim of claimDocs(
      { staffId: doc.medicalStaffId, patientId: doc.patientId, start: doc.start, end: doc.end },
      { ownerId: doc._id, ownerKind: 'appointment' },
    ))
      expected.add(`${claim._id}=${String(doc._id)}`);
  }
  const appointmentClaims = claims.filter((claim) => claim.ownerKind === 'appointment');
  expect(new Set(appointmentClaims.map((claim) => `${claim._id}=${String(claim.ownerId)}`))).toEqual(expected);
}

beforeAll(async () => {
  admin = callerFor(api.server, (await userWithRole(api.server, 'Superadmin')).user);
  doctorUser = (await userWithRole(api.server, 'Medical Staff')).user;
  doctor = callerFor(api.server, doctorUser);
  ward = await makeWard(admin);
});

describe('booking without overlap', () => {
  it('50 concurrent bookings of one slot by 50 patients: exactly 1 succeeds, 49 get CONFLICT', async () => {
    const staff = await staffWithHours();
    const patients = [];
    for (let index = 0; index < 50; index++) patients.push(await makePatient(admin, `P${index}`, 'Concurrent'));
    const at = nextDay()(9);
    const results = await Promise.allSettled(
      patients.map((patient) =>
        doctor.appointment.create({ patientId: patient.id, medicalStaffId: staff.id, start: at, durationMinutes: 30 }),
      ),
    );
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    expect(results.map(codeOf).filter((code) => code === 'CONFLICT')).toHaveLength(49);
    // Each loser is told what it collides with: the staff member's booking 09:00–09:30 (Madrid).
    const loser = results.find((result) => result.status === 'rejected') as PromiseRejectedResult;
    expect(loser.reason).toMatchObject({
      cause: like('appointment.staffBusy', { staff: 'Marta Ruiz', from: expect.stringMatching(/ 09:00$/) as unknown }),
    });
    const booked = await Appointment.find({ medicalStaffId: new Types.ObjectId(staff.id) }).lean();
    expect(booked.map((doc) => doc.status)).toEqual(['booked']);
    // 6 granules for the staff member and 6 for the patient; nothing the losers took is left.
    expect(await SlotClaim.countDocuments({ ownerId: booked[0]!._id })).toBe(12);
    await assertNoOrphans();
  }, 120_000);

  it('09:00 for 30 minutes against 09:15: CONFLICT naming the booking it overlaps', async () => {
    const staff = await staffWithHours('Pedro', 'Solís');
    const [ana, luis] = [await makePatient(admin, 'Ana', 'Uno'), await makePatient(admin, 'Luis', 'Dos')];
    const day = nextDay();
    await doctor.appointment.create({
      patientId: ana.id,
      medicalStaffId: staff.id,
      start: day(9),
      durationMinutes: 30,
    });
    await expect(
      doctor.appointment.create({
        patientId: luis.id,
        medicalStaffId: staff.id,
        start: day(9, 15),
        durationMinutes: 30,
      }),
    ).rejects.toMatchObject({
      code: 'CONFLICT',
      cause: like('appointment.staffBusy', {
        staff: 'Pedro Solís',
        from: expect.stringMatching(/ 09:00$/) as unknown,
        to: expect.stringMatching(/ 09:30$/) as unknown,
      }),
    });
    // Touching is not overlapping.
    const next = await doctor.appointment.create({
      patientId: luis.id,
      medicalStaffId: staff.id,
      start: day(9, 30),
      durationMinutes: 30,
    });
    expect(next.status).toBe('booked');
  });

  it('the same patient with two staff members at overlapping times: CONFLICT', async () => {
    const [first, second] = [await staffWithHours('Eva', 'Uno'), await staffWithHours('Iker', 'Dos')];
    const patient = await makePatient(admin, 'Rosa', 'Tres');
    const day = nextDay();
    await doctor.appointment.create({
      patientId: patient.id,
      medicalStaffId: first.id,
      start: day(11),
      durationMinutes: 45,
    });
    await expect(
      doctor.appointment.create({
        patientId: patient.id,
        medicalStaffId: second.id,
        start: day(11, 30),
        durationMinutes: 15,
      }),
    ).rejects.toMatchObject({
      code: 'CONFLICT',
      cause: like('appointment.patientBusy', { staff: 'Eva Uno', from: expect.stringMatching(/ 11:00$/) as unknown }),
    });
    // The second staff member's time was given back: another patient books it.
    const other = await makePatient(admin, 'Otro', 'Paciente');
    await doctor.appointment.create({
      patientId: other.id,
      medicalStaffId: second.id,
      start: day(11, 30),
      durationMinutes: 15,
    });
    await assertNoOrphans();
  });

  it('refuses the past, outside hours, inside a block and bad durations with BAD_REQUEST and the field', async () => {
    const staff = await staffWithHours('Lola', 'Campos');
    const patient = await makePatient(admin, 'Juan', 'Campos');
    const day = nextDay();
    const base = { patientId: patient.id, medicalStaffId: staff.id, durationMinutes: 30 };
    const past = new Date(Math.floor((Date.now() - 86_400_000) / 300_000) * 300_000);
    await expect(doctor.appointment.create({ ...base, start: past })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      cause: coded('appointment.inPast'),
    });
    await expect(doctor.appointment.create({ ...base, start: day(19, 45) })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      cause: coded('appointment.outsideHours', { staff: 'Lola Campos' }),
    });
    await expect(doctor.appointment.create({ ...base, start: day(7) })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await admin.schedule.addBlock({ medicalStaffId: staff.id, start: day(12), end: day(14), reason: 'Meeting' });
    await expect(doctor.appointment.create({ ...base, start: day(13) })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      cause: like('appointment.inBlock', { staff: 'Lola Campos', from: expect.stringMatching(/ 12:00$/) as unknown }),
    });
    for (const durationMinutes of [7, 0, 245]) {
      await expect(doctor.appointment.create({ ...base, start: day(10), durationMinutes })).rejects.toMatchObject({
        code: 'BAD_REQUEST',
      });
    }
    await expect(
      doctor.appointment.create({ ...base, start: new Date(day(10).getTime() + 60_000) }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    expect(await Appointment.countDocuments({ patientId: new Types.ObjectId(patient.id) })).toBe(0);
  });
});

describe('blocks', () => {
  it('a block over a booked appointment is refused with CONFLICT', async () => {
    const staff = await staffWithHours('Sara', 'Block');
    const patient = await makePatient(admin, 'Teo', 'Block');
    const day = nextDay();
    await doctor.appointment.create({
      patientId: patient.id,
      medicalStaffId: staff.id,
      start: day(10),
      durationMinutes: 30,
    });
    await expect(
      admin.schedule.addBlock({ medicalStaffId: staff.id, start: day(9), end: day(12), reason: 'Leave' }),
    ).rejects.toMatchObject({
      code: 'CONFLICT',
      cause: like('schedule.blockOverlapsAppointment', { from: expect.stringMatching(/ 10:00$/) as unknown }),
    });
    const schedule = await admin.schedule.get({ medicalStaffId: staff.id });
    expect(schedule.blocks).toEqual([]);
    expect(await SlotClaim.countDocuments({ ownerKind: 'block', rid: new Types.ObjectId(staff.id) })).toBe(0);
  });

  it('a block racing a booking: exactly one wins, every time', async () => {
    const staff = await staffWithHours('Raquel', 'Race');
    const patient = await makePatient(admin, 'Pau', 'Race');
    for (let round = 0; round < 6; round++) {
      const day = nextDay();
      const results = await Promise.allSettled([
        admin.schedule.addBlock({ medicalStaffId: staff.id, start: day(9), end: day(13), reason: 'Leave' }),
        doctor.appointment.create({
          patientId: patient.id,
          medicalStaffId: staff.id,
          start: day(10),
          durationMinutes: 30,
        }),
      ]);
      expect(
        results.map(codeOf).filter((code) => code === 'OK'),
        `round ${round}`,
      ).toHaveLength(1);
      const booked = await Appointment.countDocuments({
        medicalStaffId: new Types.ObjectId(staff.id),
        start: day(10),
        status: 'booked',
      });
      const blocks = (await admin.schedule.get({ medicalStaffId: staff.id, from: day(0), to: day(23) })).blocks;
      expect(booked + blocks.length, `round ${round}`).toBe(1);
    }
    await assertNoOrphans();
  }, 60_000);
});

describe('cancel, reschedule and free slots', () => {
  it('cancel frees the slot for the next booking and for freeSlots', async () => {
    const staff = await staffWithHours('Nora', 'Free');
    const [first, second] = [await makePatient(admin, 'Uno', 'Free'), await makePatient(admin, 'Dos', 'Free')];
    const day = nextDay();
    const window = { medicalStaffId: staff.id, from: day(9), to: day(10), durationMinutes: 15 };
    const allFree = await doctor.appointment.freeSlots(window);
    expect(allFree.map((slot) => slot.start)).toEqual([day(9), day(9, 15), day(9, 30), day(9, 45)]);

    const booked = await doctor.appointment.create({
      patientId: first.id,
      medicalStaffId: staff.id,
      start: day(9, 15),
      durationMinutes: 15,
    });
    expect((await doctor.appointment.freeSlots(window)).map((slot) => slot.start)).toEqual([
      day(9),
      day(9, 30),
      day(9, 45),
    ]);
    await expect(
      doctor.appointment.create({
        patientId: second.id,
        medicalStaffId: staff.id,
        start: day(9, 15),
        durationMinutes: 15,
      }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });

    const cancelled = await doctor.appointment.cancel({ id: booked.id, reason: 'Patient called' });
    expect(cancelled).toMatchObject({ status: 'cancelled', cancelReason: 'Patient called' });
    expect(cancelled.history.map((entry) => entry.action)).toEqual(['booked', 'cancelled']);
    expect((await doctor.appointment.freeSlots(window)).map((slot) => slot.start)).toEqual(
      allFree.map((slot) => slot.start),
    );
    const again = await doctor.appointment.create({
      patientId: second.id,
      medicalStaffId: staff.id,
      start: day(9, 15),
      durationMinutes: 15,
    });
    expect(again.status).toBe('booked');
    // By specialty, earliest first, across staff members.
    const bySpecialty = await doctor.appointment.freeSlots({
      specialtyId: ward.specialty.id,
      from: day(9),
      to: day(9, 30),
      durationMinutes: 15,
    });
    expect(bySpecialty.every((slot, index, all) => index === 0 || all[index - 1]!.start <= slot.start)).toBe(true);
    expect(
      bySpecialty.some((slot) => slot.medicalStaffId === staff.id && slot.start.getTime() === day(9, 15).getTime()),
    ).toBe(false);
    await expect(doctor.appointment.cancel({ id: booked.id, reason: 'again' })).rejects.toMatchObject({
      cause: coded('appointment.closed'),
    });
    await assertNoOrphans();
  });

  it('freeSlots reads many granules with one _id range and few with point lookups, to the same answer', async () => {
    const staff = await staffWithHours('Rango', 'Claims');
    const patients = [
      await makePatient(admin, 'R1', 'Rango'),
      await makePatient(admin, 'R2', 'Rango'),
      await makePatient(admin, 'R3', 'Rango'),
    ];
    const day = nextDay();
    const book = (index: number, start: Date, durationMinutes: number) =>
      doctor.appointment.create({ patientId: patients[index]!.id, medicalStaffId: staff.id, start, durationMinutes });
    await book(0, day(9), 15);
    await book(1, day(9, 30), 30);
    await book(2, day(10, 15), 15);
    const expected = [day(9, 15), day(10), day(10, 30), day(10, 45), day(11), day(11, 15), day(11, 30), day(11, 45)];
    // 12 candidates of 3 granules: one range read.
    const wide = await doctor.appointment.freeSlots({
      medicalStaffId: staff.id,
      from: day(9),
      to: day(12),
      durationMinutes: 15,
    });
    expect(wide.map((slot) => slot.start)).toEqual(expected);
    // Asked one at a time (a round of 4 candidates: point lookups), the first is the same.
    const one = await doctor.appointment.freeSlots({
      medicalStaffId: staff.id,
      from: day(9),
      to: day(12),
      durationMinutes: 15,
      limit: 1,
    });
    expect(one.map((slot) => slot.start)).toEqual([day(9, 15)]);
    const after = await doctor.appointment.freeSlots({
      medicalStaffId: staff.id,
      from: day(9, 20),
      to: day(12),
      durationMinutes: 15,
      limit: 2,
    });
    expect(after.map((slot) => slot.start)).toEqual([day(10), day(10, 30)]);
  });

  it('reschedule moves the claims (overlapping its own old time), and refuses a taken time', async () => {
    const staff = await staffWithHours('Gala', 'Move');
    const [first, second] = [await makePatient(admin, 'Uno', 'Move'), await makePatient(admin, 'Dos', 'Move')];
    const day = nextDay();
    const moving = await doctor.appointment.create({
      patientId: first.id,
      medicalStaffId: staff.id,
      start: day(10),
      durationMinutes: 30,
    });
    await doctor.appointment.create({
      patientId: second.id,
      medicalStaffId: staff.id,
      start: day(11),
      durationMinutes: 30,
    });
    const moved = await doctor.appointment.reschedule({ id: moving.id, start: day(10, 15) });
    expect(moved).toMatchObject({ start: day(10, 15), end: day(10, 45), version: moving.version + 1 });
    await expect(doctor.appointment.reschedule({ id: moving.id, start: day(10, 45) })).rejects.toMatchObject({
      code: 'CONFLICT',
      cause: like('appointment.staffBusy', { from: expect.stringMatching(/ 11:00$/) as unknown }),
    });
    // The failed move left the appointment where it was, holding exactly its own claims.
    expect((await doctor.appointment.get({ id: moving.id })).start).toEqual(day(10, 15));
    await expect(
      doctor.appointment.reschedule({ id: moving.id, start: day(12), version: moving.version }),
    ).rejects.toMatchObject({
      cause: coded('appointment.changed'),
    });
    await assertNoOrphans();
    const free = await doctor.appointment.freeSlots({
      medicalStaffId: staff.id,
      from: day(10),
      to: day(10, 30),
      durationMinutes: 15,
    });
    expect(free.map((slot) => slot.start)).toEqual([day(10)]);
  });
});

/** Runs the real booking in its own process, which SIGKILLs itself right after taking the claims. */
async function bookAndDie(patientId: string, medicalStaffId: string, start: Date, minutes: number) {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      join(import.meta.dirname, 'fixtures/book-and-die.ts'),
      patientId,
      medicalStaffId,
      start.toISOString(),
      String(minutes),
    ],
    {
      env: {
        ...process.env,
        MONGODB_URI: api.env.MONGODB_URI,
        MONGODB_DB: api.env.MONGODB_DB,
        NODE_ENV: 'test',
        LOG_LEVEL: 'silent',
      },
      stdio: 'ignore',
    },
  );
  return new Promise<NodeJS.Signals | number | null>((resolve) =>
    child.once('exit', (code, signal) => resolve(signal ?? code)),
  );
}

describe('a process killed between the claims and the booking', () => {
  it('(a real process, SIGKILLed) leaves a pending booking the repair job frees, nothing orphaned', async () => {
    const staff = await staffWithHours('Kill', 'Nine');
    const [ghost, real] = [await makePatient(admin, 'Muerto', 'Proceso'), await makePatient(admin, 'Vivo', 'Proceso')];
    const day = nextDay();
    expect(await bookAndDie(ghost.id, staff.id, day(10), 30)).toBe('SIGKILL');
    const left = await Appointment.findOne({ patientId: new Types.ObjectId(ghost.id) }).lean();
    expect(left?.status).toBe('pending');
    expect(await SlotClaim.countDocuments({ ownerId: left!._id })).toBe(12);
    // The time stays held meanwhile (the booking might still have been completing) …
    await expect(
      doctor.appointment.create({ patientId: real.id, medicalStaffId: staff.id, start: day(10), durationMinutes: 30 }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    // … and the repair job, once the booking is older than its grace period, frees it.
    const later = new Date(Date.now() + 3 * 60_000);
    expect((await repairAppointments(api.server.deps, later)).abandoned).toBe(1);
    expect(await SlotClaim.countDocuments({ ownerId: left!._id })).toBe(0);
    const booked = await doctor.appointment.create({
      patientId: real.id,
      medicalStaffId: staff.id,
      start: day(10),
      durationMinutes: 30,
    });
    expect(booked.status).toBe('booked');
    await assertNoOrphans();
  }, 60_000);

  it('is repaired: claims freed, the booking abandoned, nothing orphaned', async () => {
    const staff = await staffWithHours('Clara', 'Crash');
    const [ghost, real] = [await makePatient(admin, 'Fantasma', 'Crash'), await makePatient(admin, 'Real', 'Crash')];
    const day = nextDay();
    // What a dying process leaves: the pending appointment and all of its claims, never settled.
    const id = new Types.ObjectId();
    const start = day(9);
    const end = day(9, 30);
    const created = new Date(Date.now() - 10 * 60_000);
    await Appointment.create({
      _id: id,
      status: 'pending',
      patientId: new Types.ObjectId(ghost.id),
      medicalStaffId: new Types.ObjectId(staff.id),
      specialtyId: new Types.ObjectId(ward.specialty.id),
      start,
      end,
      durationMinutes: 30,
      timeZone: ZONE,
      history: [],
      createdAt: created,
      updatedAt: created,
    });
    const docs = claimDocs(
      { staffId: new Types.ObjectId(staff.id), patientId: new Types.ObjectId(ghost.id), start, end },
      { ownerId: id, ownerKind: 'appointment' },
    );
    expect(await takeClaims(docs)).toBeNull();
    await expect(
      doctor.appointment.create({ patientId: real.id, medicalStaffId: staff.id, start, durationMinutes: 30 }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    // Hidden from readers while pending.
    await expect(doctor.appointment.get({ id: String(id) })).rejects.toMatchObject({ code: 'NOT_FOUND' });

    const repaired = await repairAppointments(api.server.deps);
    expect(repaired.abandoned).toBe(1);
    expect(await SlotClaim.countDocuments({ ownerId: id })).toBe(0);
    expect((await Appointment.findById(id).lean())?.status).toBe('abandoned');
    // Twice is the same as once.
    expect((await repairAppointments(api.server.deps)).abandoned).toBe(0);
    const booked = await doctor.appointment.create({
      patientId: real.id,
      medicalStaffId: staff.id,
      start,
      durationMinutes: 30,
    });
    expect(booked.status).toBe('booked');
    await assertNoOrphans();
  });

  it('a booking that had settled but died before writing its status is finished, not abandoned', async () => {
    const staff = await staffWithHours('Bea', 'Late');
    const patient = await makePatient(admin, 'Late', 'Settle');
    const day = nextDay();
    const id = new Types.ObjectId();
    const created = new Date(Date.now() - 10 * 60_000);
    await Appointment.create({
      _id: id,
      status: 'pending',
      patientId: new Types.ObjectId(patient.id),
      medicalStaffId: new Types.ObjectId(staff.id),
      specialtyId: new Types.ObjectId(ward.specialty.id),
      start: day(15),
      end: day(15, 15),
      durationMinutes: 15,
      timeZone: ZONE,
      history: [],
      createdAt: created,
      updatedAt: created,
    });
    await takeClaims(
      claimDocs(
        {
          staffId: new Types.ObjectId(staff.id),
          patientId: new Types.ObjectId(patient.id),
          start: day(15),
          end: day(15, 15),
        },
        { ownerId: id, ownerKind: 'appointment' },
      ),
    );
    await AppointmentMarker.create({ _id: `settle:${String(id)}`, outcome: 'booked', at: new Date() });
    const repaired = await repairAppointments(api.server.deps);
    expect(repaired).toMatchObject({ finished: 1, abandoned: 0 });
    expect((await Appointment.findById(id).lean())?.status).toBe('booked');
    expect(await SlotClaim.countDocuments({ ownerId: id })).toBe(2 * granulesOf(day(15), day(15, 15)).length);
  });
});

describe('jobs', () => {
  it('reminders run twice (at once) send one notification to the patient and one to the staff member', async () => {
    const patientUser = await userWithRole(api.server, 'Patient');
    const patient = await admin.patient.create({
      userId: patientUser.id,
      birthDate: new Date('1980-01-01'),
      disabilityIds: [],
    });
    const staffUser = await userWithRole(api.server, 'Medical Staff');
    const staff = await admin.medicalStaff.create({
      userId: staffUser.id,
      specialtyId: ward.specialty.id,
      departmentId: ward.department.id,
      graduatedAt: new Date('1990-01-01'),
    });
    await admin.schedule.setWeekly({ medicalStaffId: staff.id, timeZone: ZONE, slotMinutes: 15, rules: ALL_WEEK });
    const day = nextDay();
    const booked = await doctor.appointment.create({
      patientId: patient.id,
      medicalStaffId: staff.id,
      start: day(10),
      durationMinutes: 15,
    });
    const now = new Date(day(10).getTime() - 3_600_000);
    const runs = await Promise.all([sendReminders(api.server.deps, now), sendReminders(api.server.deps, now)]);
    expect(runs.reduce((sum, run) => sum + run.reminders, 0)).toBeGreaterThanOrEqual(1);
    await sendReminders(api.server.deps, now);
    const notes = await Notification.find({ entityId: booked.id, type: 'reminder' }).lean();
    expect(notes.map((note) => String(note.recipientId)).sort()).toEqual([patientUser.id, staffUser.id].sort());
    expect(notes[0]!.params.label).toMatch(/ 10:00$/);
    // The patient reads it through their own notifications.
    const mine = await callerFor(api.server, patientUser.user).notification.list({});
    expect(mine.items.filter((item) => item.entityId === booked.id).map((item) => item.type)).toEqual(['reminder']);
    // And their bell counts it (the kept unread tally, not a recount).
    expect(await callerFor(api.server, patientUser.user).notification.unreadCount()).toEqual({ count: 1 });
  });

  it('the no-show job run twice (at once) changes the status once', async () => {
    const staff = await staffWithHours('Ines', 'NoShow');
    const patient = await makePatient(admin, 'Ausente', 'NoShow');
    const day = nextDay();
    const booked = await doctor.appointment.create({
      patientId: patient.id,
      medicalStaffId: staff.id,
      start: day(8),
      durationMinutes: 15,
    });
    const checked = await doctor.appointment.create({
      patientId: (await makePatient(admin, 'Presente', 'NoShow')).id,
      medicalStaffId: staff.id,
      start: day(8, 15),
      durationMinutes: 15,
    });
    await doctor.appointment.checkIn({ id: checked.id });
    const later = new Date(day(9).getTime() + 60 * 60_000);
    const runs = await Promise.all([markNoShows(api.server.deps, later), markNoShows(api.server.deps, later)]);
    // Between them the two runs marked each overdue booking once (earlier tests' bookings are overdue too).
    const marked = runs.reduce((sum, run) => sum + run.noShows, 0);
    expect(marked).toBeGreaterThanOrEqual(1);
    expect(marked).toBe(await Appointment.countDocuments({ status: 'noShow' }));
    expect((await markNoShows(api.server.deps, later)).noShows).toBe(0);
    const after = await doctor.appointment.get({ id: booked.id });
    expect(after.status).toBe('noShow');
    expect(after.history.filter((entry) => entry.action === 'noShow')).toHaveLength(1);
    expect(await Audit.countDocuments({ entityId: booked.id, action: 'noShow' })).toBe(1);
    expect((await doctor.appointment.get({ id: checked.id })).status).toBe('checkedIn');
    // A no-show gives its time back.
    expect(await SlotClaim.countDocuments({ ownerId: new Types.ObjectId(booked.id) })).toBe(0);
  });
});

describe('who may do what', () => {
  it('Technical has no access; a Patient sees, books and cancels only their own, within the notice period', async () => {
    const technical = callerFor(api.server, (await userWithRole(api.server, 'Technical')).user);
    await expect(technical.appointment.list({})).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(technical.schedule.get({ medicalStaffId: new Types.ObjectId().toHexString() })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });

    const staff = await staffWithHours('Olga', 'Roles');
    const account = await userWithRole(api.server, 'Patient');
    const me = await admin.patient.create({ userId: account.id, birthDate: new Date('1985-05-05'), disabilityIds: [] });
    const other = await makePatient(admin, 'Otra', 'Persona');
    const patient = callerFor(api.server, account.user);
    const day = nextDay();

    const mine = await patient.appointment.create({
      patientId: me.id,
      medicalStaffId: staff.id,
      start: day(9),
      durationMinutes: 15,
    });
    await expect(
      patient.appointment.create({
        patientId: other.id,
        medicalStaffId: staff.id,
        start: day(10),
        durationMinutes: 15,
      }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN', cause: coded('appointment.notYours') });
    const theirs = await doctor.appointment.create({
      patientId: other.id,
      medicalStaffId: staff.id,
      start: day(11),
      durationMinutes: 15,
    });

    const listed = await patient.appointment.list({});
    expect(listed.items.map((item) => item.id)).toEqual([mine.id]);
    expect((await patient.appointment.list({ patientId: other.id })).items).toEqual([]);
    await expect(patient.appointment.get({ id: theirs.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(patient.appointment.cancel({ id: theirs.id, reason: 'not mine' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(patient.appointment.checkIn({ id: mine.id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(
      patient.schedule.setWeekly({ medicalStaffId: staff.id, timeZone: ZONE, slotMinutes: 15, rules: [] }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN', cause: coded('schedule.notYours') });
    // Patients read free slots to book.
    expect(
      (await patient.appointment.freeSlots({ medicalStaffId: staff.id, from: day(9), to: day(10) })).length,
    ).toBeGreaterThan(0);

    // Within the notice period (24 h by default) a patient cannot cancel; staff can.
    const soon = new Date(Math.ceil((Date.now() + 2 * 3_600_000) / 300_000) * 300_000);
    await admin.schedule.setWeekly({
      medicalStaffId: staff.id,
      timeZone: 'UTC',
      slotMinutes: 15,
      rules: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '00:00', end: '24:00' })),
    });
    const close = await patient.appointment.create({
      patientId: me.id,
      medicalStaffId: staff.id,
      start: soon,
      durationMinutes: 15,
    });
    await expect(patient.appointment.cancel({ id: close.id, reason: 'cannot come' })).rejects.toMatchObject({
      code: 'FORBIDDEN',
      cause: coded('appointment.noticePassed', { hours: 24 }),
    });
    expect((await patient.appointment.cancel({ id: mine.id, reason: 'cannot come' })).status).toBe('cancelled');
    expect((await doctor.appointment.cancel({ id: close.id, reason: 'called the desk' })).status).toBe('cancelled');

    // A patient account without a patient record books nothing.
    const unlinked = callerFor(api.server, (await userWithRole(api.server, 'Patient')).user);
    await expect(
      unlinked.appointment.create({ patientId: me.id, medicalStaffId: staff.id, start: day(12), durationMinutes: 15 }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN', cause: coded('appointment.noPatientRecord') });
  });

  it('a Patient books for themselves without naming a patient; staff must name one', async () => {
    const staff = await staffWithHours('Nora', 'Propia');
    const account = await userWithRole(api.server, 'Patient');
    const me = await admin.patient.create({ userId: account.id, birthDate: new Date('1990-03-03'), disabilityIds: [] });
    const other = await makePatient(admin, 'Ajena', 'Persona');
    const patient = callerFor(api.server, account.user);
    const day = nextDay();

    // Specialty names are what a patient chooses from.
    expect((await patient.specialty.list({ search: ward.specialty.name })).items.map((item) => item.id)).toEqual([
      ward.specialty.id,
    ]);
    const slots = await patient.appointment.freeSlots({ specialtyId: ward.specialty.id, from: day(9), to: day(10) });
    const slot = slots.find((item) => item.medicalStaffId === staff.id);
    expect(slot).toBeDefined();

    const mine = await patient.appointment.create({
      medicalStaffId: staff.id,
      start: slot!.start,
      durationMinutes: 15,
    });
    expect(mine).toMatchObject({ patientId: me.id, status: 'booked' });
    await expect(
      patient.appointment.create({
        patientId: other.id,
        medicalStaffId: staff.id,
        start: day(11),
        durationMinutes: 15,
      }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN', cause: coded('appointment.notYours') });
    const theirs = await doctor.appointment.create({
      patientId: other.id,
      medicalStaffId: staff.id,
      start: day(12),
      durationMinutes: 15,
    });
    const listed = await patient.appointment.list({ medicalStaffId: staff.id });
    expect(listed.items.map((item) => item.id)).toEqual([mine.id]);
    expect(listed.items.map((item) => item.id)).not.toContain(theirs.id);

    // A staff caller who leaves the patient out is told which field is missing; nothing is booked.
    await expect(
      doctor.appointment.create({ medicalStaffId: staff.id, start: day(13), durationMinutes: 15 }),
    ).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      cause: expect.objectContaining({ fieldErrors: { patientId: 'field.required' } }) as unknown,
    });
    expect(await Appointment.countDocuments({ medicalStaffId: new Types.ObjectId(staff.id) })).toBe(2);

    // Their own, before the notice period: cancelled; after it: refused.
    expect((await patient.appointment.cancel({ id: mine.id, reason: 'cannot come' })).status).toBe('cancelled');
    await admin.schedule.setWeekly({
      medicalStaffId: staff.id,
      timeZone: 'UTC',
      slotMinutes: 15,
      rules: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '00:00', end: '24:00' })),
    });
    const soon = new Date(Math.ceil((Date.now() + 3 * 3_600_000) / 300_000) * 300_000);
    const close = await patient.appointment.create({ medicalStaffId: staff.id, start: soon, durationMinutes: 15 });
    expect(close.patientId).toBe(me.id);
    await expect(patient.appointment.cancel({ id: close.id, reason: 'cannot come' })).rejects.toMatchObject({
      code: 'FORBIDDEN',
      cause: coded('appointment.noticePassed', { hours: 24 }),
    });
    await doctor.appointment.cancel({ id: close.id, reason: 'called the desk' });
  });

  it('a schedule is edited by its staff member and Department Chiefs, not by other staff', async () => {
    const ownAccount = await userWithRole(api.server, 'Medical Staff');
    const own = await admin.medicalStaff.create({
      userId: ownAccount.id,
      specialtyId: ward.specialty.id,
      departmentId: ward.department.id,
      graduatedAt: new Date('1990-01-01'),
    });
    const rules = [{ weekday: 1, start: '09:00', end: '13:00' }];
    const self = callerFor(api.server, ownAccount.user);
    const saved = await self.schedule.setWeekly({ medicalStaffId: own.id, timeZone: ZONE, slotMinutes: 20, rules });
    expect(saved).toMatchObject({ timeZone: ZONE, slotMinutes: 20, rules, canEdit: true });
    expect((await doctor.schedule.get({ medicalStaffId: own.id })).canEdit).toBe(false);
    await expect(
      doctor.schedule.setWeekly({ medicalStaffId: own.id, timeZone: ZONE, slotMinutes: 20, rules: [] }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN', cause: coded('schedule.notYours') });
    const chief = callerFor(api.server, (await userWithRole(api.server, 'Department Chief')).user);
    const changed = await chief.schedule.setWeekly({
      medicalStaffId: own.id,
      timeZone: 'America/Bogota',
      slotMinutes: 30,
      rules,
    });
    expect(changed).toMatchObject({ timeZone: 'America/Bogota', version: 2 });
    await expect(
      chief.schedule.setWeekly({ medicalStaffId: own.id, timeZone: 'Mars/Olympus', slotMinutes: 30, rules }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(
      chief.schedule.setWeekly({
        medicalStaffId: own.id,
        timeZone: ZONE,
        slotMinutes: 30,
        rules: [...rules, { weekday: 1, start: '12:00', end: '14:00' }],
      }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    expect(await Audit.countDocuments({ entity: 'schedule', entityId: own.id, action: 'update' })).toBe(2);
  });

  it('every change is audited with who did it', async () => {
    const staff = await staffWithHours('Audit', 'Trail');
    const patient = await makePatient(admin, 'Audit', 'Patient');
    const day = nextDay();
    const booked = await doctor.appointment.create({
      patientId: patient.id,
      medicalStaffId: staff.id,
      start: day(9),
      durationMinutes: 15,
    });
    await doctor.appointment.reschedule({ id: booked.id, start: day(9, 30) });
    await doctor.appointment.checkIn({ id: booked.id });
    await expect(doctor.appointment.cancel({ id: booked.id, reason: 'late' })).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    const done = await doctor.appointment.complete({ id: booked.id });
    expect(done.history.map((entry) => entry.action)).toEqual(['booked', 'rescheduled', 'checkedIn', 'completed']);
    const actions = (
      await Audit.find({ entity: 'appointment', entityId: booked.id }).sort({ createdAt: 1 }).lean()
    ).map((entry) => entry.action);
    expect(actions).toEqual(['book', 'reschedule', 'checkIn', 'complete']);
    // Reading it is a read of patient data: audited with who read it.
    await doctor.appointment.get({ id: booked.id });
    const reads = await Audit.find({ entity: 'appointment', entityId: booked.id, action: 'read' }).lean();
    expect(reads.map((entry) => entry.actorId && String(entry.actorId))).toEqual([doctorUser.id]);
  });
});

describe('appointment.onChange over a real WebSocket', () => {
  it('reaches staff and the appointment’s own patient, never another patient', async () => {
    const staff = await staffWithHours('Live', 'Doctor');
    const [mineAccount, otherAccount] = [
      await userWithRole(api.server, 'Patient'),
      await userWithRole(api.server, 'Patient'),
    ];
    const me = await admin.patient.create({
      userId: mineAccount.id,
      birthDate: new Date('1970-01-01'),
      disabilityIds: [],
    });
    await admin.patient.create({ userId: otherAccount.id, birthDate: new Date('1971-01-01'), disabilityIds: [] });
    const desk = await userWithRole(api.server, 'Medical Staff');

    const watch = (token: string) => {
      const { client, close } = clientFor(api.server, token);
      const events: Array<{ type: string; patientId: string | undefined; status: string | undefined }> = [];
      let started = false;
      const subscription = client.appointment.onChange.subscribe(undefined, {
        onStarted: () => (started = true),
        onData: ({ data }) =>
          events.push({ type: data.type, patientId: data.item?.patientId, status: data.item?.status }),
      });
      return { events, ready: () => waitFor(() => started), stop: () => (subscription.unsubscribe(), close()) };
    };
    const [mine, other, front] = [watch(mineAccount.token), watch(otherAccount.token), watch(desk.token)];
    await Promise.all([mine.ready(), other.ready(), front.ready()]);

    const day = nextDay();
    const booked = await doctor.appointment.create({
      patientId: me.id,
      medicalStaffId: staff.id,
      start: day(9),
      durationMinutes: 15,
    });
    await doctor.appointment.cancel({ id: booked.id, reason: 'moved' });
    await waitFor(() => mine.events.length >= 2 && front.events.length >= 2);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(mine.events).toEqual([
      { type: 'created', patientId: me.id, status: 'booked' },
      { type: 'updated', patientId: me.id, status: 'cancelled' },
    ]);
    expect(front.events.map((event) => event.status)).toEqual(['booked', 'cancelled']);
    expect(other.events).toEqual([]);
    for (const watcher of [mine, other, front]) void watcher.stop();
  });
});

describe('dashboard', () => {
  it('counts appointments per day, the no-show rate and the median wait to the next free slot per specialty', async () => {
    const clinic = await makeWard(admin);
    const always = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '00:00', end: '24:00' }));
    const members = [];
    for (const name of ['Uno', 'Dos', 'Tres']) {
      const member = await makeStaff(admin, 'Kpi', name, clinic.specialty.id, clinic.department.id);
      await admin.schedule.setWeekly({ medicalStaffId: member.id, timeZone: 'UTC', slotMinutes: 15, rules: always });
      members.push(member);
    }
    // One of them is on leave for the coming week: their wait is about a week.
    const now = new Date(Math.floor(Date.now() / 300_000) * 300_000);
    await admin.schedule.addBlock({
      medicalStaffId: members[2]!.id,
      start: now,
      end: new Date(now.getTime() + 7 * 86_400_000),
      reason: 'Leave',
    });

    const day = nextDay();
    const [a, b, c] = [
      await makePatient(admin, 'Kpi', 'A'),
      await makePatient(admin, 'Kpi', 'B'),
      await makePatient(admin, 'Kpi', 'C'),
    ];
    const staff = members[0]!.id;
    const missed = await doctor.appointment.create({
      patientId: a.id,
      medicalStaffId: staff,
      start: day(8),
      durationMinutes: 15,
    });
    const came = await doctor.appointment.create({
      patientId: b.id,
      medicalStaffId: staff,
      start: day(8, 15),
      durationMinutes: 15,
    });
    await doctor.appointment.create({ patientId: c.id, medicalStaffId: staff, start: day(18), durationMinutes: 15 });
    const dropped = await doctor.appointment.create({
      patientId: c.id,
      medicalStaffId: staff,
      start: day(10),
      durationMinutes: 15,
    });
    await doctor.appointment.cancel({ id: dropped.id, reason: 'no longer needed' });
    await doctor.appointment.checkIn({ id: came.id });
    await markNoShows(api.server.deps, day(9));
    expect((await doctor.appointment.get({ id: missed.id })).status).toBe('noShow');

    const stats = await admin.dashboard.stats({ from: day(0), to: day(23, 55) });
    expect(stats.appointments.inRange).toBe(3);
    expect(stats.appointments.perDay.reduce((sum, entry) => sum + entry.appointments, 0)).toBe(3);
    expect(stats.appointments.perDay.reduce((sum, entry) => sum + entry.noShows, 0)).toBe(1);
    // One no-show out of two concluded (the 18:00 booking has no outcome yet).
    expect(stats.appointments.noShowRate).toBe(0.5);
    const entry = stats.appointments.nextFreeBySpecialty.find((row) => row.id === clinic.specialty.id);
    expect(entry).toMatchObject({ name: clinic.specialty.name, staff: 3 });
    // Waits: two free within the next quarter hour, one only after a week of leave: the median is a
    // short one, where a mean would be more than two days.
    expect(entry!.medianWaitMinutes).toBeGreaterThanOrEqual(0);
    expect(entry!.medianWaitMinutes).toBeLessThanOrEqual(15);
  });
});
