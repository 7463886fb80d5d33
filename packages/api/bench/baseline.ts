// The hand-written comparison: Express + the MongoDB driver, no tRPC, no zod,
// no Mongoose, serving the same rows from the same database as the API does.
import express from 'express';
import { resolveDatabaseName } from '@mas/db';
import { MongoClient, ObjectId, type Document } from 'mongodb';

const uri = process.env.MONGODB_URI!;
const dbName = resolveDatabaseName(uri, process.env.MONGODB_DB);
const port = Number(process.env.PORT);

const client = await MongoClient.connect(uri);
const db = client.db(dbName);
const app = express();

const paging = (query: Record<string, unknown>) => {
  const page = Math.max(1, Number(query.page ?? 1));
  const perPage = Math.min(100, Math.max(1, Number(query.perPage ?? 25)));
  return { page, perPage, skip: (page - 1) * perPage };
};

app.get('/baseline/specialties', async (req, res) => {
  const { page, perPage, skip } = paging(req.query);
  const collection = db.collection('specialties');
  const [rows, active, inactive] = await Promise.all([
    collection.find({}).sort({ nameKey: 1 }).skip(skip).limit(perPage).toArray(),
    collection.countDocuments({ isActive: true }),
    collection.countDocuments({ isActive: false }),
  ]);
  res.json({
    items: rows.map((row) => ({
      id: String(row._id),
      name: row.name,
      description: row.description,
      isActive: row.isActive,
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
      version: row.version,
    })),
    total: active + inactive,
    page,
    perPage,
    counts: { all: active + inactive, active, inactive },
  });
});

/** The same admissions page as `admission.list`'s default view, names resolved with one `$in` per relation. */
app.get('/baseline/admissions', async (req, res) => {
  const { page, perPage, skip } = paging(req.query);
  const admissions = db.collection('admissions');
  // The same tab counts the API returns (active and discharged), as the specialties page does.
  const [rows, active, discharged] = await Promise.all([
    admissions.find({}).sort({ admittedAt: -1, _id: -1 }).skip(skip).limit(perPage).toArray(),
    admissions.countDocuments({ status: 'active' }),
    admissions.countDocuments({ status: 'discharged' }),
  ]);
  const byId = async (collection: string, ids: unknown[], projection: Document) => {
    const docs = await db
      .collection(collection)
      .find({ _id: { $in: [...new Set(ids.map(String))].map((id) => new ObjectId(id)) } }, { projection })
      .toArray();
    return new Map(docs.map((doc) => [String(doc._id), doc]));
  };
  const [patients, staff, rooms, diagnoses] = await Promise.all([
    byId(
      'patients',
      rows.map((r) => r.patientId),
      { userId: 1 },
    ),
    byId(
      'medical_staff',
      rows.map((r) => r.medicalStaffId),
      { userId: 1 },
    ),
    byId(
      'rooms',
      rows.map((r) => r.roomId),
      { name: 1 },
    ),
    byId(
      'diagnoses',
      rows.flatMap((r) => r.diagnosisIds ?? []),
      { name: 1 },
    ),
  ]);
  const users = await byId(
    'users',
    [...patients.values(), ...staff.values()].map((p) => p.userId),
    { firstName: 1, lastName: 1 },
  );
  const nameOf = (person: Document | undefined) => {
    const user = person ? users.get(String(person.userId)) : undefined;
    return user ? `${user.firstName} ${user.lastName}` : null;
  };
  res.json({
    items: rows.map((row) => ({
      id: String(row._id),
      patientName: nameOf(patients.get(String(row.patientId))),
      medicalStaffName: nameOf(staff.get(String(row.medicalStaffId))),
      roomName: rooms.get(String(row.roomId))?.name ?? null,
      bed: row.bed,
      diagnosisNames: (row.diagnosisIds ?? []).map((id: unknown) => diagnoses.get(String(id))?.name ?? null),
      admittedAt: row.admittedAt,
      dischargedAt: row.dischargedAt ?? null,
      status: row.status,
    })),
    total: active + discharged,
    page,
    perPage,
    counts: { all: active + discharged, active, discharged },
  });
});

app.listen(port, '127.0.0.1', () => console.log(`baseline on ${port}`));
