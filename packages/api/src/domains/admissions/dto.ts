import type { TAdmission } from '@mas/shared';
import type { Model, Types } from 'mongoose';
import { findByIds } from '../../db/by-id.ts';
import { stamps } from '../../db/schema.ts';
import { Department } from '../department/model.ts';
import { Diagnosis } from '../diagnosis/model.ts';
import { MedicalStaff } from '../medical-staff/model.ts';
import { Patient } from '../patients/model.ts';
import { personName, usersById } from '../people.ts';
import { Room } from '../room/model.ts';
import { Specialty } from '../specialty/model.ts';
import { wholeDays } from './dates.ts';
import type { AdmissionRow } from './model.ts';

const ids = (values: Array<Types.ObjectId | string | null | undefined>) => [
  ...new Set(values.filter((v) => v != null).map(String)),
];

async function namesOf<T extends { _id: Types.ObjectId }>(
  find: (ids: string[]) => Promise<T[]>,
  wanted: string[],
): Promise<Map<string, T>> {
  const found = wanted.length ? await find(wanted) : [];
  return new Map(found.map((doc) => [String(doc._id), doc]));
}

const byIds =
  <T>(model: Model<T>, projection: Record<string, 1>) =>
  (wanted: string[]) =>
    findByIds(model, wanted, projection);

/**
 * Admissions with every name resolved by `_id` point lookups of the ids on the page (two rounds:
 * patients, staff, rooms, diagnoses; then their users, departments, specialties), each id once:
 * never a query that reads a whole collection (db/by-id.ts).
 */
export async function toAdmissionDtos(docs: AdmissionRow[], now = new Date()): Promise<TAdmission[]> {
  if (!docs.length) return [];
  const roomIds = ids(docs.flatMap((doc) => [doc.roomId, ...doc.transfers.flatMap((t) => [t.fromRoomId, t.toRoomId])]));
  const [patients, staff, rooms, diagnoses] = await Promise.all([
    namesOf(byIds(Patient, { userId: 1 }), ids(docs.map((doc) => doc.patientId))),
    namesOf(byIds(MedicalStaff, { userId: 1, specialtyId: 1 }), ids(docs.map((doc) => doc.medicalStaffId))),
    namesOf(byIds(Room, { name: 1, departmentId: 1 }), roomIds),
    namesOf(byIds(Diagnosis, { name: 1 }), ids(docs.flatMap((doc) => doc.diagnosisIds))),
  ]);
  const [users, departments, specialties] = await Promise.all([
    usersById([...patients.values(), ...staff.values()].map((person) => person.userId)),
    namesOf(byIds(Department, { name: 1 }), ids([...rooms.values()].map((room) => room.departmentId))),
    namesOf(byIds(Specialty, { name: 1 }), ids([...staff.values()].map((member) => member.specialtyId))),
  ]);
  const nameOfPerson = (userId: Types.ObjectId | undefined) => {
    const user = userId ? users.get(String(userId)) : undefined;
    return user ? personName(user) : '';
  };
  const roomName = (id: Types.ObjectId) => rooms.get(String(id))?.name ?? null;

  return docs.map((doc) => {
    const room = rooms.get(String(doc.roomId));
    const member = staff.get(String(doc.medicalStaffId));
    const departmentId = room?.departmentId ? String(room.departmentId) : null;
    const specialtyId = member?.specialtyId ? String(member.specialtyId) : null;
    return {
      ...stamps(doc),
      status: doc.status,
      patientId: String(doc.patientId),
      patientName: nameOfPerson(patients.get(String(doc.patientId))?.userId),
      medicalStaffId: String(doc.medicalStaffId),
      medicalStaffName: nameOfPerson(member?.userId),
      specialtyId,
      specialtyName: specialtyId ? (specialties.get(specialtyId)?.name ?? null) : null,
      roomId: String(doc.roomId),
      roomName: room?.name ?? '',
      bed: doc.bed,
      departmentId,
      departmentName: departmentId ? (departments.get(departmentId)?.name ?? null) : null,
      diagnosisIds: doc.diagnosisIds.map(String),
      diagnoses: doc.diagnosisIds.map((id) => ({ id: String(id), name: diagnoses.get(String(id))?.name ?? '' })),
      notes: doc.notes,
      expectedDays: doc.expectedDays ?? null,
      isSurgical: doc.isSurgical,
      isUrgent: doc.isUrgent,
      admittedAt: doc.admittedAt,
      dischargedAt: doc.dischargedAt ?? null,
      daysInAdmission: wholeDays(doc.admittedAt, doc.dischargedAt ?? now),
      transfers: doc.transfers.map((t) => ({
        at: t.at,
        fromRoomId: String(t.fromRoomId),
        fromRoomName: roomName(t.fromRoomId),
        fromBed: t.fromBed,
        toRoomId: String(t.toRoomId),
        toRoomName: roomName(t.toRoomId),
        toBed: t.toBed,
        byUsername: t.byUsername,
      })),
    };
  });
}
