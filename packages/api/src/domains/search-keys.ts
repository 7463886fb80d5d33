import { TAKEN, withVersionClaim } from '../crud/claims.ts';
import type { Model, Types } from 'mongoose';
import type { CatalogueDoc } from '../crud/catalogue.ts';
import { normalizeKey, op } from '../db/schema.ts';
import { findByIds } from '../db/by-id.ts';
import type { AppDeps } from '../trpc.ts';
import { withAdmissionLocks } from './admissions/claims.ts';
import { Admission, type AdmissionDoc } from './admissions/model.ts';
import { Department } from './department/model.ts';
import { Diagnosis } from './diagnosis/model.ts';
import { Disability } from './disability/model.ts';
import { MedicalStaff, type MedicalStaffDoc } from './medical-staff/model.ts';
import { wholeDays } from './admissions/dates.ts';
import { Patient, type PatientDoc } from './patients/model.ts';
import { personSearchText, personSortKey, usersById } from './people.ts';
import { Room } from './room/model.ts';
import { Specialty } from './specialty/model.ts';

/*
 * Patients, staff and admissions keep normalized copies of the names they are
 * searched and sorted by (their account's, their catalogues'), because the
 * database subset has no joins. The keys are computed here, many at a time, and
 * brought up to date when a name they copy changes.
 */

type PatientSource = Pick<PatientDoc, 'userId' | 'disabilityIds'>;
type StaffSource = Pick<MedicalStaffDoc, 'userId' | 'specialtyId' | 'departmentId'>;
type AdmissionSource = Pick<
  AdmissionDoc,
  'patientId' | 'medicalStaffId' | 'roomId' | 'diagnosisIds' | 'notes' | 'admittedAt' | 'dischargedAt'
>;
interface PersonKeys {
  sortName: string;
  searchText: string;
}

/** Names of catalogue entries by id, one `_id` point lookup each (db/by-id.ts). */
export async function namesById(
  model: Model<CatalogueDoc>,
  ids: Array<Types.ObjectId | string>,
): Promise<Map<string, string>> {
  const docs = await findByIds(model, ids, { name: 1 });
  return new Map(docs.map((doc) => [String(doc._id), doc.name]));
}

/** Sort and search keys of patients, in order: the account's names and the disabilities' names. */
export async function patientKeys(docs: PatientSource[]): Promise<Array<PersonKeys | null>> {
  const [users, disabilities] = await Promise.all([
    usersById(docs.map((doc) => doc.userId)),
    namesById(
      Disability,
      docs.flatMap((doc) => doc.disabilityIds),
    ),
  ]);
  return docs.map((doc) => {
    const user = users.get(String(doc.userId));
    if (!user) return null;
    const names = doc.disabilityIds.map((id) => disabilities.get(String(id)) ?? '');
    return { sortName: personSortKey(user), searchText: personSearchText(user, ...names) };
  });
}

/** Sort and search keys of staff, in order: the account's names, the specialty's and the department's. */
export async function staffKeys(docs: StaffSource[]): Promise<Array<PersonKeys | null>> {
  const [users, specialties, departments] = await Promise.all([
    usersById(docs.map((doc) => doc.userId)),
    namesById(
      Specialty,
      docs.map((doc) => doc.specialtyId),
    ),
    namesById(
      Department,
      docs.map((doc) => doc.departmentId),
    ),
  ]);
  return docs.map((doc) => {
    const user = users.get(String(doc.userId));
    if (!user) return null;
    const specialty = specialties.get(String(doc.specialtyId)) ?? '';
    return {
      sortName: personSortKey(user),
      searchText: personSearchText(user, specialty, departments.get(String(doc.departmentId)) ?? ''),
    };
  });
}

/** The keys an admission is searched and sorted by (copies of names it refers to). */
export interface AdmissionKeys {
  /** Patient's and staff's names, the staff's specialty and department, the room, diagnoses and notes. */
  searchText: string;
  /** The patient's and the staff member's "last first", the room's name: the list's sorts by them. */
  patientSort: string;
  staffSort: string;
  roomSort: string;
  /** Whole days from admission to discharge; null while the admission lasts (sorted by admittedAt then). */
  stayDays: number | null;
}
export const ADMISSION_KEY_FIELDS = ['searchText', 'patientSort', 'staffSort', 'roomSort', 'stayDays'] as const;

/** Admissions' keys, in order; names are read many at a time. */
export async function admissionKeys(docs: AdmissionSource[]): Promise<AdmissionKeys[]> {
  const [patients, staff, diagnoses, rooms] = await Promise.all([
    Patient.find({ _id: op({ $in: [...new Set(docs.map((doc) => String(doc.patientId)))] }) }, { userId: 1 }).lean(),
    MedicalStaff.find(
      { _id: op({ $in: [...new Set(docs.map((doc) => String(doc.medicalStaffId)))] }) },
      { userId: 1, specialtyId: 1, departmentId: 1 },
    ).lean(),
    namesById(
      Diagnosis,
      docs.flatMap((doc) => doc.diagnosisIds),
    ),
    namesById(
      Room as unknown as Model<CatalogueDoc>,
      docs.map((doc) => doc.roomId),
    ),
  ]);
  const [specialties, departments] = await Promise.all([
    namesById(
      Specialty,
      staff.map((member) => member.specialtyId),
    ),
    namesById(
      Department,
      staff.map((member) => member.departmentId),
    ),
  ]);
  const staffById = new Map(staff.map((member) => [String(member._id), member]));
  const userOf = new Map([...patients, ...staff].map((person) => [String(person._id), person.userId]));
  const users = await usersById([...userOf.values()]);
  const userFor = (personId: Types.ObjectId) => users.get(String(userOf.get(String(personId))));
  const namesOf = (personId: Types.ObjectId) => {
    const user = userFor(personId);
    return user ? [user.firstName, user.lastName, user.username] : [];
  };
  const sortOf = (personId: Types.ObjectId) => {
    const user = userFor(personId);
    return user ? personSortKey(user) : '';
  };
  return docs.map((doc) => {
    const member = staffById.get(String(doc.medicalStaffId));
    const room = rooms.get(String(doc.roomId)) ?? '';
    return {
      searchText: normalizeKey(
        [
          ...namesOf(doc.patientId),
          ...namesOf(doc.medicalStaffId),
          member ? (specialties.get(String(member.specialtyId)) ?? '') : '',
          member ? (departments.get(String(member.departmentId)) ?? '') : '',
          room,
          ...doc.diagnosisIds.map((id) => diagnoses.get(String(id)) ?? ''),
          doc.notes,
        ].join(' '),
      ),
      patientSort: sortOf(doc.patientId),
      staffSort: sortOf(doc.medicalStaffId),
      roomSort: normalizeKey(room),
      stayDays: doc.dischargedAt ? wholeDays(doc.admittedAt, doc.dischargedAt) : null,
    };
  });
}

/** Admissions' search text, in order (see admissionKeys). */
export async function admissionSearchTexts(docs: AdmissionSource[]): Promise<string[]> {
  return (await admissionKeys(docs)).map((keys) => keys.searchText);
}

/** What changed: a user account (names, username, e-mail) or a catalogue entry (its name). */
export type KeySource =
  | { userId: Types.ObjectId }
  | { entity: 'specialty' | 'department' | 'disability' | 'diagnosis' | 'room'; id: Types.ObjectId };

const BATCH = 200;

/** Visits the documents matching `filter` in `_id` order, a batch at a time. */
async function* batches<T>(find: (afterId: Types.ObjectId | null) => Promise<T[]>) {
  let afterId: Types.ObjectId | null = null;
  for (;;) {
    const docs = await find(afterId);
    if (!docs.length) return;
    yield docs;
    if (docs.length < BATCH) return;
    afterId = (docs.at(-1) as { _id: Types.ObjectId })._id;
  }
}
const after = (afterId: Types.ObjectId | null) => (afterId ? { _id: op({ $gt: afterId }) } : {});

/**
 * Rewrites people's keys where they differ; the record's version stays (nothing a person edited
 * changed). A record edited meanwhile is left alone: its edit computed its keys from the new name.
 */
async function refreshPeople<Doc extends PersonKeys & { _id: Types.ObjectId; version: number }>(
  model: Model<Doc>,
  filter: Record<string, unknown>,
  keysOf: (docs: Doc[]) => Promise<Array<PersonKeys | null>>,
): Promise<string[]> {
  const changed: string[] = [];
  const find = async (afterId: Types.ObjectId | null) =>
    (await model
      .find({ ...filter, ...after(afterId) })
      .sort({ _id: 1 })
      .limit(BATCH)
      .lean()) as Doc[];
  for await (const docs of batches(find)) {
    const keys = await keysOf(docs);
    for (const [index, doc] of docs.entries()) {
      const next = keys[index];
      if (!next || (next.sortName === doc.sortName && next.searchText === doc.searchText)) continue;
      // Under the claim on the next version, so a concurrent edit is never overwritten (crud/claims.ts).
      const result = await withVersionClaim(model.collection.collectionName, doc._id, doc.version, () =>
        model.updateOne({ _id: doc._id, version: doc.version }, { $set: next }),
      );
      if (result !== TAKEN && result.modifiedCount) changed.push(String(doc._id));
    }
  }
  return changed;
}

const ADMISSION_SOURCE = {
  patientId: 1,
  medicalStaffId: 1,
  roomId: 1,
  diagnosisIds: 1,
  notes: 1,
  admittedAt: 1,
  dischargedAt: 1,
  version: 1,
  searchText: 1,
  patientSort: 1,
  staffSort: 1,
  roomSort: 1,
  stayDays: 1,
};

/** The keys that differ from the stored ones (empty when none does). */
function changedKeys(doc: Partial<AdmissionKeys>, next: AdmissionKeys): Partial<AdmissionKeys> {
  return Object.fromEntries(
    ADMISSION_KEY_FIELDS.filter((field) => doc[field] !== next[field]).map((f) => [f, next[f]]),
  );
}

/**
 * Admissions' search text where it differs, each under the admission's lock (the
 * server's updates are not isolated, and a transfer must never be undone); one
 * changed meanwhile is computed again under the lock. One that stays locked is
 * left as it is: its text is only a search key.
 */
export async function refreshAdmissions(filter: Record<string, unknown>, deps: AppDeps): Promise<number> {
  let changed = 0;
  const find = (afterId: Types.ObjectId | null) =>
    Admission.find({ ...filter, ...after(afterId) }, ADMISSION_SOURCE)
      .sort({ _id: 1 })
      .limit(BATCH)
      .lean();
  for await (const docs of batches(find)) {
    const keys = await admissionKeys(docs);
    for (const [index, doc] of docs.entries()) {
      if (!Object.keys(changedKeys(doc, keys[index]!)).length) continue;
      try {
        await withAdmissionLocks([doc._id], async () => {
          const current = await Admission.findById(doc._id, ADMISSION_SOURCE).lean();
          if (!current) return;
          const [next] = current.version === doc.version ? [keys[index]!] : await admissionKeys([current]);
          const changes = changedKeys(current, next!);
          if (Object.keys(changes).length) await Admission.updateOne({ _id: doc._id }, { $set: changes });
        });
        changed++;
      } catch (error) {
        deps.logger.warn({ admissionId: String(doc._id), err: (error as Error).message }, 'search key left for later');
      }
    }
  }
  return changed;
}

/**
 * Brings the copies of a changed name up to date. Returns the patient and staff
 * records whose keys changed (their lists show the new name, so callers tell
 * subscribers) and how many admissions were rewritten.
 */
export async function refreshSearchKeys(deps: AppDeps, source: KeySource) {
  let patients: string[] = [];
  let staff: string[] = [];
  let admissions = 0;
  if ('userId' in source) {
    patients = await refreshPeople(Patient, { userId: source.userId }, patientKeys);
    staff = await refreshPeople(MedicalStaff, { userId: source.userId }, staffKeys);
    const [patient, member] = await Promise.all([
      Patient.findOne({ userId: source.userId }, { _id: 1 }).lean(),
      MedicalStaff.findOne({ userId: source.userId }, { _id: 1 }).lean(),
    ]);
    if (patient) admissions += await refreshAdmissions({ patientId: patient._id }, deps);
    if (member) admissions += await refreshAdmissions({ medicalStaffId: member._id }, deps);
  } else if (source.entity === 'disability') {
    patients = await refreshPeople(Patient, { disabilityIds: source.id }, patientKeys);
  } else if (source.entity === 'diagnosis') {
    admissions = await refreshAdmissions({ diagnosisIds: source.id }, deps);
  } else if (source.entity === 'room') {
    admissions = await refreshAdmissions({ roomId: source.id }, deps);
  } else {
    staff = await refreshPeople(MedicalStaff, { [`${source.entity}Id`]: source.id }, staffKeys);
    // Admissions copy their staff member's specialty and department for search.
    const members = await MedicalStaff.find({ [`${source.entity}Id`]: source.id }, { _id: 1 }).lean();
    for (let i = 0; i < members.length; i += BATCH) {
      const ids = members.slice(i, i + BATCH).map((member) => member._id);
      admissions += await refreshAdmissions({ medicalStaffId: op({ $in: ids }) }, deps);
    }
  }
  return { patients, staff, admissions };
}
