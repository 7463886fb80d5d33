// Demo appointments for `npm run seed`: weekly hours for every staff member, a month of past
// consultations (completed, no-shows, cancellations) and the coming two weeks booked through
// the booking service itself, so every future booking holds its claims as a real one does.
import { Types } from 'mongoose';
import type { Call } from '../src/core/call.ts';
import { createAppDeps } from '../src/deps.ts';
import { normalizeKey, op } from '../src/db/schema.ts';
import { SYSTEM_ACTOR } from '../src/core/call.ts';
import { patientInfo, staffInfo } from '../src/domains/appointments/dto.ts';
import { Appointment, Schedule, VISIBLE, type TransitionDoc } from '../src/domains/appointments/model.ts';
import { createAppointment } from '../src/domains/appointments/service.ts';
import { granulesOf, hourSlots } from '../src/domains/appointments/time.ts';
import { MedicalStaff } from '../src/domains/medical-staff/model.ts';
import { Patient } from '../src/domains/patients/model.ts';
import { AppError } from '../src/errors.ts';
import { loadEnv } from '../src/env.ts';
import { createLogger } from '../src/logger.ts';
import { createLocalBus } from '../src/realtime/bus.ts';
import type { AppDeps } from '../src/trpc.ts';

const DAY = 86_400_000;
const ZONE = 'Europe/Madrid';
const MORNING = [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: '08:30', end: '14:30' }));
const AFTERNOON = [2, 4].map((weekday) => ({ weekday, start: '16:00', end: '19:00' }));
const REASONS = ['Revisión', 'Primera consulta', 'Resultados de análisis', 'Control de tratamiento', 'Seguimiento'];
const CANCEL_REASONS = ['El paciente llamó para anular', 'Ingreso hospitalario', 'Viaje', 'Cambio de especialista'];

let state = 20261201;
function random(): number {
  state = (state * 1664525 + 1013904223) % 2 ** 32;
  return state / 2 ** 32;
}
const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;

export interface AppointmentSeedOptions {
  /** Future bookings made through the service (the past month gets about three times as many). */
  future: number;
  log?: (line: string) => void;
  deps?: AppDeps;
}

/** Schedules for staff without one, then past and future appointments. */
export async function seedAppointments(options: AppointmentSeedOptions) {
  const log = options.log ?? (() => {});
  const deps = options.deps ?? createAppDeps(loadEnv({}), createLogger('silent'), createLocalBus());
  const call: Call = { deps, actor: { ...SYSTEM_ACTOR, username: 'seed' }, user: null };

  const staff = await MedicalStaff.find({ isActive: true }, { _id: 1, specialtyId: 1 }).lean();
  const scheduled = new Set((await Schedule.find({}, { _id: 1 }).lean()).map((doc) => String(doc._id)));
  const fresh = staff.filter((member) => !scheduled.has(String(member._id)));
  if (fresh.length) {
    await Schedule.insertMany(
      fresh.map((member, n) => ({
        _id: member._id,
        timeZone: ZONE,
        slotMinutes: n % 3 === 0 ? 30 : 20,
        rules: n % 2 === 0 ? [...MORNING, ...AFTERNOON] : MORNING,
        version: 1,
        updatedAt: new Date(),
        updatedByUsername: 'seed',
      })),
      { lean: true },
    );
  }
  const schedules = await Schedule.find({}).lean();
  const patients = (await Patient.find({ isActive: true }, { _id: 1 }).lean()).map((doc) => doc._id);
  if (!patients.length || !schedules.length) return { past: 0, future: 0 };
  // Consultations concentrate on a few staff members per specialty, as outpatient clinics do.
  const busy = schedules.slice(0, Math.min(schedules.length, 24));

  // The past month, written directly: no booking is made in the past, and past granules are
  // claims the repair job prunes anyway. One appointment per staff slot, a patient never twice at once.
  const now = Date.now();
  const taken = new Set<string>();
  const free = (patientId: Types.ObjectId, start: Date, end: Date) =>
    granulesOf(start, end).every((g) => !taken.has(`${String(patientId)}:${g}`));
  const hold = (patientId: Types.ObjectId, start: Date, end: Date) => {
    for (const g of granulesOf(start, end)) taken.add(`${String(patientId)}:${g}`);
  };
  const pastDocs: Array<Record<string, unknown>> = [];
  const wanted = options.future * 3;
  for (const schedule of busy) {
    const slots = [
      ...hourSlots(
        schedule.rules,
        schedule.timeZone,
        new Date(now - 30 * DAY),
        new Date(now - 3_600_000),
        schedule.slotMinutes,
        schedule.slotMinutes,
      ),
    ];
    for (const slot of slots) {
      if (pastDocs.length >= wanted) break;
      if (random() > wanted / (busy.length * Math.max(slots.length, 1)) + 0.05) continue;
      const patientId = pick(patients);
      if (!free(patientId, slot.start, slot.end)) continue;
      hold(patientId, slot.start, slot.end);
      const roll = random();
      const status = roll < 0.75 ? 'completed' : roll < 0.87 ? 'noShow' : 'cancelled';
      const bookedAt = new Date(slot.start.getTime() - (2 + Math.floor(random() * 20)) * DAY);
      const history: TransitionDoc[] = [
        {
          action: 'booked',
          at: bookedAt,
          byUsername: 'seed',
          byUserId: null,
          reason: null,
          start: slot.start,
          end: slot.end,
        },
      ];
      const later = (minutes: number) => new Date(slot.start.getTime() + minutes * 60_000);
      const cancelReason = status === 'cancelled' ? pick(CANCEL_REASONS) : null;
      if (status === 'completed') {
        history.push({
          action: 'checkedIn',
          at: later(-10),
          byUsername: 'seed',
          byUserId: null,
          reason: null,
          start: null,
          end: null,
        });
        history.push({
          action: 'completed',
          at: later(schedule.slotMinutes),
          byUsername: 'seed',
          byUserId: null,
          reason: null,
          start: null,
          end: null,
        });
      } else if (status === 'noShow') {
        history.push({
          action: 'noShow',
          at: later(schedule.slotMinutes + 30),
          byUsername: 'system',
          byUserId: null,
          reason: null,
          start: null,
          end: null,
        });
      } else {
        history.push({
          action: 'cancelled',
          at: new Date(bookedAt.getTime() + DAY),
          byUsername: 'seed',
          byUserId: null,
          reason: cancelReason,
          start: null,
          end: null,
        });
      }
      pastDocs.push({
        _id: new Types.ObjectId(),
        status,
        patientId,
        medicalStaffId: schedule._id,
        start: slot.start,
        end: slot.end,
        durationMinutes: schedule.slotMinutes,
        timeZone: schedule.timeZone,
        reason: pick(REASONS),
        notes: null,
        cancelReason,
        history,
        createdAt: bookedAt,
        updatedAt: history.at(-1)!.at,
        version: history.length,
      });
    }
  }
  // Names and specialties as the service would store them.
  const [staffNames, patientNames] = await Promise.all([
    staffInfo([...new Set(pastDocs.map((doc) => String(doc['medicalStaffId'])))]),
    patientInfo([...new Set(pastDocs.map((doc) => String(doc['patientId'])))]),
  ]);
  for (const doc of pastDocs) {
    const member = staffNames.get(String(doc['medicalStaffId']));
    const patient = patientNames.get(String(doc['patientId']));
    doc['specialtyId'] = member?.specialtyId;
    doc['searchText'] = normalizeKey(`${patient?.name ?? ''} ${member?.name ?? ''}`);
    doc['patientSort'] = normalizeKey(patient?.name ?? '');
    doc['staffSort'] = normalizeKey(member?.name ?? '');
  }
  for (let i = 0; i < pastDocs.length; i += 2000) {
    await Appointment.insertMany(pastDocs.slice(i, i + 2000), { lean: true });
  }

  // The next two weeks, through the booking service: hours, blocks and claims all apply.
  let future = 0;
  let attempts = 0;
  while (future < options.future && attempts < options.future * 4) {
    attempts++;
    const schedule = pick(busy);
    const from = new Date(now + Math.floor(random() * 14) * DAY);
    const slots = [
      ...hourSlots(
        schedule.rules,
        schedule.timeZone,
        from,
        new Date(from.getTime() + DAY),
        schedule.slotMinutes,
        schedule.slotMinutes,
      ),
    ];
    if (!slots.length) continue;
    const slot = pick(slots);
    try {
      await createAppointment(call, {
        patientId: String(pick(patients)),
        medicalStaffId: String(schedule._id),
        start: slot.start,
        durationMinutes: schedule.slotMinutes,
        reason: pick(REASONS),
      });
      future++;
    } catch (error) {
      // A time already taken (or already past): the next attempt picks another.
      if (!(error instanceof AppError)) throw error;
    }
  }
  const total = await Appointment.countDocuments({ status: op({ $in: [...VISIBLE] }) });
  log(
    `seeded appointments: ${pastDocs.length} past, ${future} booked ahead (${total} in all), ${fresh.length} schedules`,
  );
  return { past: pastDocs.length, future };
}
