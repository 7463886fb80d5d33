// Fixtures for the clinical tests: accounts, patients, staff, rooms and diagnoses.
import { randomBytes } from 'node:crypto';
import mongoose from 'mongoose';
import { normalizeKey } from '../src/db/schema.ts';
import { Role } from '../src/domains/roles/model.ts';
import { User } from '../src/domains/users/model.ts';
import type { callerFor } from './helpers.ts';

export type Caller = ReturnType<typeof callerFor>;

/** An account that never signs in (no password to hash): fast to make in bulk. */
export async function plainUser(
  roleName: string,
  firstName: string,
  lastName: string,
  isActive = true,
): Promise<string> {
  const role = await Role.findOne({ nameKey: normalizeKey(roleName) }).lean();
  if (!role) throw new Error(`no role ${roleName}`);
  const username = `${normalizeKey(firstName).replace(/\W/g, '')}.${randomBytes(3).toString('hex')}`;
  const user = await User.create({
    username,
    usernameKey: normalizeKey(username),
    passwordHash: 'not-a-hash',
    email: `${username}@example.org`,
    firstName,
    lastName,
    roleId: role._id,
    isActive,
    searchText: normalizeKey(`${firstName} ${lastName} ${username}`),
  });
  return String(user._id);
}

export const yearsAgo = (years: number) => {
  const date = new Date();
  date.setUTCFullYear(date.getUTCFullYear() - years);
  return date;
};

export const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000);

export async function makePatient(caller: Caller, firstName: string, lastName: string, disabilityIds: string[] = []) {
  const userId = await plainUser('Patient', firstName, lastName);
  return caller.patient.create({ userId, birthDate: yearsAgo(40), disabilityIds });
}

export async function makeStaff(
  caller: Caller,
  firstName: string,
  lastName: string,
  specialtyId: string,
  departmentId: string,
) {
  const userId = await plainUser('Medical Staff', firstName, lastName);
  return caller.medicalStaff.create({ userId, specialtyId, departmentId, graduatedAt: yearsAgo(30) });
}

let seq = 0;
/** A department, a specialty, a room and a diagnosis with unique names. */
export async function makeWard(caller: Caller, bedCount = 4) {
  const tag = `${++seq}${randomBytes(2).toString('hex')}`;
  const department = await caller.department.create({ name: `Ward ${tag}` });
  const specialty = await caller.specialty.create({ name: `Specialty ${tag}` });
  const room = await caller.room.create({ name: `R${tag}`, bedCount, departmentId: department.id });
  const diagnosis = await caller.diagnosis.create({ name: `Diagnosis ${tag}` });
  return { department, specialty, room, diagnosis };
}

/** Documents of a collection, as stored. */
export const raw = (collection: string) => mongoose.connection.db!.collection(collection);

/** Counts of every collection that a failed call must leave untouched. */
export async function countAll(except: string[] = ['audit', 'events', 'sessions', 'login_failures', 'jobs']) {
  const db = mongoose.connection.db!;
  const counts: Record<string, number> = {};
  for (const { name } of await db.listCollections().toArray()) {
    if (!except.includes(name)) counts[name] = await db.collection(name).countDocuments();
  }
  return counts;
}
