// Every query shape MAS relies on, run against whichever server the suite uses
// (FerretDB here, MongoDB with MONGODB_URI). A server lacking one fails loudly here.
import { randomBytes } from 'node:crypto';
import { MongoClient, MongoServerError, ObjectId, type Db } from 'mongodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { escapeRegex } from '../src/db/schema.ts';

let client: MongoClient;
let db: Db;

beforeAll(async () => {
  client = await MongoClient.connect(inject('mongoUri'));
  db = client.db(`caps_${randomBytes(4).toString('hex')}`);
});
afterAll(async () => {
  await db.dropDatabase();
  await client.close();
});

describe('database capabilities', () => {
  it('finds, updates and deletes by _id through the _id index, also late in a large collection', async () => {
    const rows = db.collection<{ _id: ObjectId; n: number }>('late_rows');
    const ids = Array.from({ length: 20_000 }, () => new ObjectId());
    await rows.insertMany(ids.map((_id, n) => ({ _id, n })));
    const last = ids.at(-1)!;
    if (inject('databaseKind') === 'ferretdb') {
      // FerretDB reports SQLite's plan: the one-line build patch (packages/db/src/index.ts) turns
      // "SCAN" (every row up to the match) into "SEARCH … USING INDEX".
      const plan = JSON.stringify(await rows.find({ _id: last }).explain());
      expect(plan).toContain('USING INDEX');
      expect(plan).not.toMatch(/detail=SCAN/);
    }
    expect((await rows.findOne({ _id: last }))?.n).toBe(19_999);
    expect(await rows.findOne({ _id: new ObjectId() })).toBeNull();
    expect((await rows.updateOne({ _id: last }, { $set: { n: -1 } })).modifiedCount).toBe(1);
    expect((await rows.findOne({ _id: last }))?.n).toBe(-1);
    expect((await rows.deleteOne({ _id: last })).deletedCount).toBe(1);
    expect(await rows.countDocuments()).toBe(19_999);
  });

  it('reports duplicate keys on a unique index with code 11000 and keeps the first insert', async () => {
    const names = db.collection('names');
    await names.createIndex({ key: 1 }, { unique: true });
    await names.insertOne({ key: 'cardiology' });
    const error = await names.insertOne({ key: 'cardiology' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MongoServerError);
    expect((error as MongoServerError).code).toBe(11000);
    expect(await names.countDocuments({ key: 'cardiology' })).toBe(1);
  });

  it('lets exactly one of many concurrent inserts of the same key win', async () => {
    const claims = db.collection<{ _id: string; admissionId: number }>('claims');
    const results = await Promise.allSettled(
      Array.from({ length: 30 }, (_, i) => claims.insertOne({ _id: 'room1:1', admissionId: i })),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results.filter((r) => r.status === 'rejected')) {
      expect(((r as PromiseRejectedResult).reason as MongoServerError).code).toBe(11000);
    }
  });

  it('enforces a compound unique index', async () => {
    const pairs = db.collection('pairs');
    await pairs.createIndex({ a: 1, b: -1 }, { unique: true });
    await pairs.insertMany([
      { a: 1, b: 1 },
      { a: 1, b: 2 },
    ]);
    await expect(pairs.insertOne({ a: 1, b: 2 })).rejects.toMatchObject({ code: 11000 });
  });

  it('updates with findOneAndUpdate filtered on a version, with sort', async () => {
    const docs = db.collection('versions');
    await docs.insertMany([
      { group: 'g', rank: 2, version: 1 },
      { group: 'g', rank: 1, version: 1 },
    ]);
    const updated = await docs.findOneAndUpdate(
      { group: 'g', version: 1 },
      { $set: { touched: true }, $inc: { version: 1 } },
      { sort: { rank: 1 }, returnDocument: 'after' },
    );
    expect(updated).toMatchObject({ rank: 1, version: 2, touched: true });
    const stale = await docs.findOneAndUpdate({ _id: updated!._id, version: 1 }, { $set: { touched: false } });
    expect(stale).toBeNull();
  });

  it('reads batches with $in and sorts, skips and limits', async () => {
    const items = db.collection('items');
    const ids = Array.from({ length: 10 }, () => new ObjectId());
    await items.insertMany(ids.map((_id, n) => ({ _id, n })));
    const found = await items
      .find({ _id: { $in: ids.slice(2, 7) } })
      .sort({ n: -1 })
      .skip(1)
      .limit(3)
      .toArray();
    expect(found.map((d) => d.n)).toEqual([5, 4, 3]);
  });

  it('matches escaped, case-insensitive regular expressions literally', async () => {
    const texts = db.collection('texts');
    await texts.insertMany([{ t: 'Dr. (Ana) García+' }, { t: 'Dr X Ana Garcia' }]);
    const hits = await texts.find({ t: { $regex: escapeRegex('(ana) garcía+'), $options: 'i' } }).toArray();
    expect(hits.map((d) => d.t)).toEqual(['Dr. (Ana) García+']);
  });

  it('counts documents with filters on dates and booleans', async () => {
    const events = db.collection('events');
    const now = Date.now();
    await events.insertMany(
      Array.from({ length: 6 }, (_, i) => ({ at: new Date(now - i * 86_400_000), ok: i % 2 === 0 })),
    );
    expect(await events.countDocuments({ at: { $gte: new Date(now - 2.5 * 86_400_000) } })).toBe(3);
    expect(await events.countDocuments({ ok: true })).toBe(3);
  });

  it('groups with $sum after a $match', async () => {
    const rows = db.collection('rows');
    await rows.insertMany([{ k: 'a' }, { k: 'a' }, { k: 'b' }, { k: 'c', skip: true }]);
    const groups = await rows
      .aggregate<{
        _id: string;
        n: number;
      }>([{ $match: { skip: { $ne: true } } }, { $group: { _id: '$k', n: { $sum: 1 } } }, { $sort: { _id: 1 } }])
      .toArray();
    expect(groups).toEqual([
      { _id: 'a', n: 2 },
      { _id: 'b', n: 1 },
    ]);
  });

  it('upserts with $setOnInsert without overwriting an existing document', async () => {
    const roles = db.collection('roles');
    await roles.createIndex({ key: 1 }, { unique: true });
    await roles.updateOne({ key: 'x' }, { $setOnInsert: { key: 'x', label: 'first' } }, { upsert: true });
    await roles.updateOne({ key: 'x' }, { $setOnInsert: { key: 'x', label: 'second' } }, { upsert: true });
    expect(await roles.find({ key: 'x' }).toArray()).toMatchObject([{ label: 'first' }]);
  });

  it('deletes by a date bound and by $in, reporting the count', async () => {
    const old = db.collection('old');
    await old.insertMany([{ at: new Date(0) }, { at: new Date() }]);
    expect((await old.deleteMany({ at: { $lt: new Date(1000) } })).deletedCount).toBe(1);
  });

  it('matches arrays with $in and $all, and pulls from them', async () => {
    const patients = db.collection('patients');
    await patients.insertOne({ tags: ['a', 'b'] });
    expect(await patients.countDocuments({ tags: { $in: ['b', 'z'] } })).toBe(1);
    await patients.updateOne({}, { $pull: { tags: 'a' } as never });
    expect(await patients.findOne({})).toMatchObject({ tags: ['b'] });
  });
});
