import type { TAppointment, TAppointmentStatus } from '@mas/shared';
import { stamps, op } from '../../db/schema.ts';
import { MedicalStaff } from '../medical-staff/model.ts';
import { Patient } from '../patients/model.ts';
import { personName, usersById } from '../people.ts';
import { Specialty } from '../specialties/model.ts';
import { Appointment, VISIBLE, type AppointmentDoc } from './model.ts';

/** Display names of staff members ("First Last"), with their specialty and account, in batched queries. */
export async function staffInfo(ids: string[]) {
  const unique = [...new Set(ids)];
  const staff = unique.length
    ? await MedicalStaff.find({ _id: op({ $in: unique }) }, { userId: 1, specialtyId: 1, isActive: 1 }).lean()
    : [];
  const [users, specialties] = await Promise.all([
    usersById(staff.map((member) => member.userId)),
    Specialty.find({ _id: op({ $in: [...new Set(staff.map((member) => String(member.specialtyId)))] }) }, { name: 1 })
      .lean()
      .then((docs) => new Map(docs.map((doc) => [String(doc._id), doc.name]))),
  ]);
  return new Map(
    staff.map((member) => {
      const user = users.get(String(member.userId));
      return [
        String(member._id),
        {
          name: user ? personName(user) : '—',
          userId: member.userId,
          specialtyId: member.specialtyId,
          specialtyName: specialties.get(String(member.specialtyId)) ?? '—',
          isActive: member.isActive,
        },
      ];
    }),
  );
}

/** Patients' display names and accounts, in two batched queries. */
export async function patientInfo(ids: string[]) {
  const unique = [...new Set(ids)];
  const patients = unique.length
    ? await Patient.find({ _id: op({ $in: unique }) }, { userId: 1, isActive: 1 }).lean()
    : [];
  const users = await usersById(patients.map((patient) => patient.userId));
  return new Map(
    patients.map((patient) => {
      const user = users.get(String(patient.userId));
      return [
        String(patient._id),
        { name: user ? personName(user) : '—', userId: patient.userId, isActive: patient.isActive },
      ];
    }),
  );
}

/** DTOs with patient, staff and specialty names resolved in batched `$in` queries (no per-row work). */
export async function toAppointmentDtos(docs: AppointmentDoc[]): Promise<TAppointment[]> {
  if (!docs.length) return [];
  const [staff, patients, specialties] = await Promise.all([
    staffInfo(docs.map((doc) => String(doc.medicalStaffId))),
    patientInfo(docs.map((doc) => String(doc.patientId))),
    Specialty.find({ _id: op({ $in: [...new Set(docs.map((doc) => String(doc.specialtyId)))] }) }, { name: 1 }).lean(),
  ]);
  const specialtyNames = new Map(specialties.map((doc) => [String(doc._id), doc.name]));
  return docs.map((doc) => ({
    ...stamps(doc),
    status: doc.status as TAppointmentStatus,
    patientId: String(doc.patientId),
    patientName: patients.get(String(doc.patientId))?.name ?? '—',
    medicalStaffId: String(doc.medicalStaffId),
    medicalStaffName: staff.get(String(doc.medicalStaffId))?.name ?? '—',
    specialtyId: String(doc.specialtyId),
    specialtyName: specialtyNames.get(String(doc.specialtyId)) ?? '—',
    start: doc.start,
    end: doc.end,
    durationMinutes: doc.durationMinutes,
    timeZone: doc.timeZone,
    reason: doc.reason ?? null,
    notes: doc.notes ?? null,
    cancelReason: doc.cancelReason ?? null,
    history: (doc.history ?? []).map((entry) => ({
      action: entry.action,
      at: entry.at,
      byUsername: entry.byUsername,
      reason: entry.reason ?? null,
      start: entry.start ?? null,
      end: entry.end ?? null,
    })),
  }));
}

/** Current visible appointments by id (replays of the live stream). */
export async function loadAppointments(ids: string[]): Promise<Map<string, TAppointment>> {
  const docs = ids.length
    ? await Appointment.find({ _id: op({ $in: ids }), status: op({ $in: [...VISIBLE] }) }).lean()
    : [];
  const dtos = await toAppointmentDtos(docs);
  return new Map(dtos.map((dto) => [dto.id, dto]));
}
