import type { TAdmission } from '@mas/shared';
import type { Types } from 'mongoose';
import { byIds } from '../../crud/query.ts';
import { stamps } from '../../db/schema.ts';
import { Department } from '../departments/model.ts';
import { Diagnosis } from '../diagnoses/model.ts';
import { MedicalStaff } from '../medical-staff/model.ts';
import { Patient } from '../patients/model.ts';
import { personName, usersById } from '../people.ts';
import { Room } from '../rooms/model.ts';
import { Specialty } from '../specialties/model.ts';
import { wholeDays } from './dates.ts';
import type { AdmissionRow } from './model.ts';

/**
 * Admissions with every name resolved by `_id` point lookups of the ids on the page (two rounds:
 * patients, staff, rooms, diagnoses; then their users, departments, specialties), each id once:
 * never a query that reads a whole collection (crud/query.ts `byIds`).
 */
export async function toAdmissionDtos(docs: AdmissionRow[], now = new Date()): Promise<TAdmission[]> {
  if (!docs.length) return [];
  const roomIds = docs.flatMap((doc) => [doc.roomId, ...doc.transfers.flatMap((t) => [t.fromRoomId, t.toRoomId])]);
  const [patients, staff, rooms, diagnoses] = await Promise.all([
    byIds(
      Patient,
      docs.map((doc) => doc.patientId),
      { userId: 1 },
    ),
    byIds(
      MedicalStaff,
      docs.map((doc) => doc.medicalStaffId),
      { userId: 1, specialtyId: 1 },
    ),
    byIds(Room, roomIds, { name: 1, departmentId: 1 }),
    byIds(
      Diagnosis,
      docs.flatMap((doc) => doc.diagnosisIds),
      { name: 1 },
    ),
  ]);
  const [users, departments, specialties] = await Promise.all([
    usersById([...patients.values(), ...staff.values()].map((person) => person.userId)),
    byIds(
      Department,
      [...rooms.values()].map((room) => room.departmentId),
      { name: 1 },
    ),
    byIds(
      Specialty,
      [...staff.values()].map((member) => member.specialtyId),
      { name: 1 },
    ),
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
