// Realistic demo and benchmark data at a chosen scale, written through the
// Mongoose models (so it has the app's exact shape) in large batches.
import { Types } from 'mongoose';
import { normalizeKey, op } from '../src/db/schema.ts';
import { BedClaim, PatientClaim } from '../src/domains/admissions/claims.ts';
import { dayKey } from '../src/domains/admissions/dates.ts';
import { Admission } from '../src/domains/admissions/model.ts';
import { appendAudit, newestAuditTime } from '../src/core/audit-trail.ts';
import { hashPassword } from '../src/domains/auth/password.ts';
import { Department } from '../src/domains/departments/model.ts';
import { Diagnosis } from '../src/domains/diagnoses/model.ts';
import { Disability } from '../src/domains/disabilities/model.ts';
import { MedicalStaff } from '../src/domains/medical-staff/model.ts';
import { Notification } from '../src/domains/notifications/model.ts';
import { Patient } from '../src/domains/patients/model.ts';
import { personSearchText, personSortKey } from '../src/domains/people.ts';
import { Role } from '../src/domains/roles/model.ts';
import { Room } from '../src/domains/rooms/model.ts';
import { Specialty } from '../src/domains/specialties/model.ts';
import { User } from '../src/domains/users/model.ts';
import '../src/domains/tallies.ts';
import '../src/router.ts';
import { recountAllTallies } from '../src/db/tallies.ts';
import { seedAppointments } from './seed-appointments.ts';

export const DEMO_PASSWORD = 'demo-password-1';

const FIRST = [
  'Ana',
  'Lucía',
  'María',
  'Carmen',
  'Elena',
  'Laura',
  'Sofía',
  'Isabel',
  'Paula',
  'Marta',
  'José',
  'Juan',
  'Carlos',
  'Javier',
  'Daniel',
  'David',
  'Miguel',
  'Pablo',
  'Luis',
  'Andrés',
  'Emma',
  'Olivia',
  'Noah',
  'Liam',
  'Grace',
  'Omar',
  'Fatima',
  'Wei',
  'Aiko',
  'Ravi',
];
const LAST = [
  'García',
  'Fernández',
  'González',
  'Rodríguez',
  'López',
  'Martínez',
  'Sánchez',
  'Pérez',
  'Gómez',
  'Martín',
  'Jiménez',
  'Ruiz',
  'Hernández',
  'Díaz',
  'Moreno',
  'Álvarez',
  'Romero',
  'Navarro',
  'Torres',
  'Domínguez',
  'Smith',
  'Brown',
  'Chen',
  'Khan',
  'Okafor',
];
const SPECIALTIES = [
  'Cardiología',
  'Neurología',
  'Pediatría',
  'Traumatología',
  'Oncología',
  'Medicina Interna',
  'Neumología',
  'Nefrología',
  'Cirugía General',
  'Ginecología',
  'Urología',
  'Endocrinología',
  'Gastroenterología',
  'Geriatría',
  'Psiquiatría',
];
const DEPARTMENTS = [
  'Urgencias',
  'Cardiología',
  'Cirugía',
  'Pediatría',
  'Medicina Interna',
  'Oncología',
  'Traumatología',
  'Maternidad',
  'UCI',
  'Neurología',
];
const DIAGNOSES = [
  'Neumonía adquirida en la comunidad',
  'Insuficiencia cardiaca',
  'Infarto agudo de miocardio',
  'Fractura de cadera',
  'EPOC reagudizada',
  'Apendicitis aguda',
  'Ictus isquémico',
  'Sepsis',
  'Diabetes descompensada',
  'Pielonefritis',
  'Colecistitis',
  'Bronquiolitis',
  'Trombosis venosa profunda',
  'Fibrilación auricular',
  'Pancreatitis aguda',
  'Hemorragia digestiva',
  'Insuficiencia renal aguda',
  'Crisis asmática',
  'Celulitis',
  'Deshidratación',
];
const DISABILITIES = ['Visual', 'Auditiva', 'Motora', 'Intelectual', 'Psicosocial', 'Del habla'];
const DAY = 86_400_000;

/**
 * What Mongoose would add on a normal save: `insertMany(..., { lean: true })` skips
 * timestamps and schema defaults, and the API's output schemas need them.
 */
const stamped = <T extends object>(doc: T, at = new Date()) => ({ ...doc, createdAt: at, updatedAt: at, version: 1 });

export interface SeedOptions {
  admissions: number;
  log?: (line: string) => void;
  /** Add admissions to what an earlier run seeded instead of creating the reference data. */
  reuse?: boolean;
  /** Months the admissions spread over. */
  months?: number;
  /** Reports progress as a fraction (0–1). */
  progress?: (label: string, done: number, total: number) => void;
  /** Appointments booked ahead through the booking service (about three times as many in the past month). */
  appointments?: number;
}

let rngState = 20261128;
/** Deterministic, so two runs build the same hospital. */
function random(): number {
  rngState = (rngState * 1664525 + 1013904223) % 2 ** 32;
  return rngState / 2 ** 32;
}
const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
const between = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));

type Named = { _id: Types.ObjectId; name: string; bedCount: number };
interface CatalogueModel {
  insertMany(docs: object[]): Promise<unknown>;
  find(filter: object): { lean(): Promise<unknown> };
}

/** Adds the names a catalogue lacks; returns all its entries. */
async function catalogue(
  model: CatalogueModel,
  names: string[],
  extra: (n: number) => object = () => ({}),
): Promise<Named[]> {
  const existing = new Set(((await model.find({}).lean()) as Named[]).map((doc) => normalizeKey(doc.name)));
  const fresh = names.filter((name) => !existing.has(normalizeKey(name)));
  if (fresh.length)
    await model.insertMany(
      fresh.map((name, n) => ({ name, nameKey: normalizeKey(name), description: '', isActive: true, ...extra(n) })),
    );
  return (await model.find({}).lean()) as Named[];
}

/** Seeds reference data, people and `admissions` admissions spread over recent months. */
export async function seed(options: SeedOptions) {
  const log = options.log ?? (() => {});
  const progress = options.progress ?? (() => {});
  const roleId = async (name: string) => (await Role.findOne({ nameKey: normalizeKey(name) }).lean())!._id;

  const specialties = await catalogue(Specialty, SPECIALTIES);
  const departments = await catalogue(Department, DEPARTMENTS);
  const diagnoses = await catalogue(Diagnosis, DIAGNOSES);
  await catalogue(Disability, DISABILITIES);
  const disabilities = await Disability.find({ nameKey: op({ $ne: 'none' }) }).lean();
  const roomNames = Array.from(
    { length: 60 },
    (_, n) => `${Math.floor(n / 12) + 1}${String((n % 12) + 1).padStart(2, '0')}`,
  );
  const rooms = await catalogue(Room, roomNames, (n) => ({
    bedCount: between(1, 4),
    departmentId: departments[n % departments.length]!._id,
    bedStates: [],
  }));

  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const people = async (role: string, prefix: string, count: number) => {
    const have = await User.countDocuments({ usernameKey: op({ $regex: `^${prefix}\\.` }) });
    const rid = await roleId(role);
    const docs = Array.from({ length: Math.max(0, count - have) }, (_, i) => {
      const n = have + i;
      const firstName = pick(FIRST);
      const lastName = `${pick(LAST)} ${pick(LAST)}`;
      const username = `${prefix}.${n}`;
      const email = `${username}@hospital.example`;
      return stamped({
        username,
        usernameKey: username,
        passwordHash,
        email,
        firstName,
        lastName,
        phone: `+34 6${String(between(10_000_000, 99_999_999))}`,
        gender: pick(['F', 'M'] as const),
        address: `Calle ${pick(LAST)} ${between(1, 120)}`,
        roleId: rid,
        isActive: true,
        mustChangePassword: false,
        lastLoginAt: null,
        passwordChangedAt: null,
        searchText: normalizeKey(`${firstName} ${lastName} ${username} ${email}`),
      });
    });
    for (let i = 0; i < docs.length; i += 2000) await User.insertMany(docs.slice(i, i + 2000), { lean: true });
    return User.find({ usernameKey: op({ $regex: `^${prefix}\\.` }) }).lean();
  };

  const staffUsers = await people('Medical Staff', 'doctor', 80);
  await people('Technical', 'tech', 5);
  await people('Department Chief', 'chief', 3);
  const staffIds = new Set((await MedicalStaff.find({}, { userId: 1 }).lean()).map((s) => String(s.userId)));
  const newStaff = staffUsers.filter((user) => !staffIds.has(String(user._id)));
  if (newStaff.length) {
    await MedicalStaff.insertMany(
      newStaff.map((user, n) => {
        const specialty = specialties[n % specialties.length]!;
        const department = departments[n % departments.length]!;
        return stamped({
          userId: user._id,
          specialtyId: specialty._id,
          departmentId: department._id,
          graduatedAt: new Date(Date.now() - between(25, 40) * 365 * DAY),
          isActive: true,
          sortName: personSortKey(user),
          searchText: personSearchText(user, specialty.name, department.name),
        });
      }),
      { lean: true },
    );
  }
  const staff = await MedicalStaff.find({}).lean();

  // About three admissions per patient over the period (readmissions are common).
  const patientUsers = await people('Patient', 'patient', Math.max(50, Math.ceil(options.admissions / 3)));
  const patientIds = new Set((await Patient.find({}, { userId: 1 }).lean()).map((p) => String(p.userId)));
  const newPatients = patientUsers.filter((user) => !patientIds.has(String(user._id)));
  for (let i = 0; i < newPatients.length; i += 2000) {
    await Patient.insertMany(
      newPatients.slice(i, i + 2000).map((user) => {
        const own = random() < 0.12 ? [pick(disabilities)] : [];
        return stamped({
          userId: user._id,
          birthDate: new Date(Date.now() - between(1, 95) * 365 * DAY - between(0, 364) * DAY),
          disabilityIds: own.map((d) => d._id),
          isActive: true,
          sortName: personSortKey(user),
          searchText: personSearchText(user, ...own.map((d) => d.name)),
        });
      }),
      { lean: true },
    );
    progress('patients', Math.min(i + 2000, newPatients.length), newPatients.length);
  }
  const patients = await Patient.find({}, { userId: 1 }).lean();
  const userById = new Map([...patientUsers, ...staffUsers].map((user) => [String(user._id), user]));
  log(`reference data ready: ${rooms.length} rooms, ${staff.length} staff, ${patients.length} patients`);

  // Admissions: history spread over the months, all discharged; then today's
  // occupancy as active admissions, one per free bed, each with its claims.
  const months = options.months ?? 6;
  const now = Date.now();
  const start = now - months * 30 * DAY;
  const claimed = new Set((await BedClaim.find({}, { _id: 1 }).lean()).map((claim) => claim._id));
  const busyPatients = new Set((await PatientClaim.find({}, { _id: 1 }).lean()).map((claim) => String(claim._id)));
  const freeBeds = rooms
    .flatMap((room) => Array.from({ length: room.bedCount }, (_, b) => ({ room, bed: b + 1 })))
    .filter(({ room, bed }) => !claimed.has(`${room._id}:${bed}`));
  const activeCount = options.reuse
    ? 0
    : Math.min(Math.floor(freeBeds.length * 0.75), Math.floor(options.admissions / 4));
  const batch: object[] = [];
  const claims: { beds: object[]; patients: object[] } = { beds: [], patients: [] };
  let written = 0;
  const flush = async () => {
    if (!batch.length) return;
    await Admission.insertMany(batch.splice(0), { lean: true });
    if (claims.patients.length) await PatientClaim.insertMany(claims.patients.splice(0), { lean: true });
    if (claims.beds.length) await BedClaim.insertMany(claims.beds.splice(0), { lean: true });
    progress('admissions', written, options.admissions);
  };
  let activeLeft = activeCount;
  const nameOf = new Map([...specialties, ...departments].map((entry) => [String(entry._id), entry.name]));
  const batchIds: Types.ObjectId[] = [];
  for (let n = 0; n < options.admissions; n++) {
    const active = activeLeft > 0 && n >= options.admissions - activeCount;
    const patient = active ? patients.find((p) => !busyPatients.has(String(p._id)))! : pick(patients);
    const doctor = pick(staff);
    const chosen = active ? freeBeds.shift()! : { room: pick(rooms), bed: 1 };
    const admittedAt = active
      ? new Date(now - between(1, 10) * DAY - between(0, 86_399) * 1000)
      : new Date(start + random() * (now - 12 * DAY - start));
    const stay = between(1, 14);
    const picked = [...new Set([pick(diagnoses), ...(random() < 0.3 ? [pick(diagnoses)] : [])])];
    const id = new Types.ObjectId();
    if (batchIds.length < 30) batchIds.push(id);
    const patientUser = userById.get(String(patient.userId));
    const doctorUser = userById.get(String(doctor.userId));
    batch.push({
      _id: id,
      status: active ? 'active' : 'discharged',
      patientId: patient._id,
      medicalStaffId: doctor._id,
      roomId: chosen.room._id,
      bed: active ? chosen.bed : between(1, chosen.room.bedCount),
      diagnosisIds: picked.map((d) => d._id),
      notes: '',
      expectedDays: between(2, 10),
      isSurgical: random() < 0.2,
      isUrgent: random() < 0.35,
      admittedAt,
      dischargedAt: active ? null : new Date(admittedAt.getTime() + stay * DAY),
      transfers: [],
      // Unique per row even when the generator draws the same patient, doctor and day twice.
      dupKey: `${patient._id}:${doctor._id}:${dayKey(admittedAt, 'UTC')}:${id}`,
      // The keys domains/search-keys.ts admissionKeys computes (a test compares them).
      searchText: normalizeKey(
        [
          patientUser?.firstName,
          patientUser?.lastName,
          patientUser?.username,
          doctorUser?.firstName,
          doctorUser?.lastName,
          doctorUser?.username,
          nameOf.get(String(doctor.specialtyId)),
          nameOf.get(String(doctor.departmentId)),
          chosen.room.name,
          ...picked.map((d) => d.name),
          '',
        ].join(' '),
      ),
      patientSort: patientUser ? personSortKey(patientUser) : '',
      staffSort: doctorUser ? personSortKey(doctorUser) : '',
      roomSort: normalizeKey(chosen.room.name),
      stayDays: active ? null : stay,
      createdAt: admittedAt,
      updatedAt: admittedAt,
      version: 1,
    });
    if (active) {
      activeLeft--;
      busyPatients.add(String(patient._id));
      claims.patients.push({ _id: patient._id, admissionId: id, at: admittedAt });
      claims.beds.push({
        _id: `${chosen.room._id}:${chosen.bed}`,
        roomId: chosen.room._id,
        bed: chosen.bed,
        admissionId: id,
        patientId: patient._id,
        at: admittedAt,
      });
    }
    written++;
    if (batch.length >= 5000) await flush();
  }
  await flush();

  // A little history for the notification bell and the audit viewer.
  const admin = await User.findOne({ usernameKey: 'admin' }).lean();
  if (admin && !options.reuse) {
    await Notification.insertMany(
      Array.from({ length: 30 }, (_, n) => ({
        recipientId: admin._id,
        type: pick(['admitted', 'transferred', 'discharged'] as const),
        entity: 'admission',
        entityId: String(batchIds[n % batchIds.length] ?? new Types.ObjectId()),
        params: { label: `${pick(rooms).name} · 1` },
        actorUsername: 'doctor.0',
        read: n > 5,
        createdAt: new Date(now - n * 3_600_000),
      })),
      { lean: true },
    );
    // Numbered and posted as the service writes them (a server may be running). Numbers follow
    // time (views find date ranges by number), so the history fits after the newest entry.
    const newest = await newestAuditTime();
    const since = Math.max(now - 199 * 600_000, (newest?.getTime() ?? 0) + 1);
    const step = (Date.now() - since) / 200;
    const entries = Array.from({ length: 200 }, (_, n) => ({
      createdAt: new Date(since + n * step),
      actorId: admin._id,
      actorUsername: 'admin',
      action: pick(['create', 'update', 'login'] as const),
      entity: pick(['specialty', 'room', 'user'] as const),
      entityId: null,
      label: null,
      changes: [],
      ip: '127.0.0.1',
    }));
    for (const entry of entries) await appendAudit(entry);
  }
  // The bulk inserts above bypass the services that keep the counters.
  await recountAllTallies();
  log(`seeded ${written.toLocaleString('en')} admissions (${activeCount} active)`);
  const appointments = options.reuse
    ? { past: 0, future: 0 }
    : await seedAppointments({
        future: options.appointments ?? Math.max(20, Math.min(120, Math.ceil(options.admissions / 15))),
        log,
      });
  return { admissions: written, active: activeCount, appointments };
}
