// The audit trail's views and purge through numbered entries and posting lists
// (core/audit-trail.ts): every filter the viewer offers, both orders, date ranges, deep pages, the
// same entries and totals as the ordinary query, without a scan of the trail; a purge that deletes
// what expired with its postings, interrupted or not; writers at once losing no posting.
import { Types } from 'mongoose';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { Audit } from '../src/core/audit-model.ts';
import { recordAudit } from '../src/core/audit.ts';
import {
  auditPage,
  ensureAuditTrail,
  loadAudit,
  newestAuditTime,
  purgeAudit,
  type AuditFilters,
} from '../src/core/audit-trail.ts';
import { censusOf } from '../src/db/census.ts';
import { op } from '../src/db/schema.ts';
import { useTestApi } from './helpers.ts';

const api = useTestApi({ MAS_MONITOR_COMMANDS: 'true' });
/** Entries are this far apart: numbers follow time, so they fit between the server's first entries and the test's. */
const STEP = 2;
const actors = [new Types.ObjectId(), new Types.ObjectId(), new Types.ObjectId()];
const names = ['ana', 'luis', 'eva'];
const records = ['r1', 'r2', 'r3', 'r4'];
let start: number;

beforeAll(async () => {
  // 600 entries after the server's own, oldest first; varied like a real trail.
  start = ((await newestAuditTime())?.getTime() ?? Date.now()) + STEP;
  await loadAudit(
    Array.from({ length: 600 }, (_, n) => {
      const who = n % 3;
      return {
        createdAt: new Date(start + n * STEP),
        actorId: n % 10 === 9 ? null : actors[who]!,
        actorUsername: n % 10 === 9 ? 'ghost#1' : names[who]!,
        action: n % 50 === 0 ? 'delete' : n % 4 === 0 ? 'list' : 'update',
        entity: n % 5 === 0 ? 'room' : 'patient',
        entityId: n % 4 === 0 ? null : records[n % 4]!,
        label: null,
        coded: null,
        changes: [],
        ip: null,
      };
    }),
  );
  // Entries written from now on come after the loaded ones in time too.
  while (Date.now() <= start + 600 * STEP) await new Promise((resolve) => setTimeout(resolve, 20));
}, 120_000);

/** The ordinary query, as the router runs it when the numbered layout cannot answer. */
async function queried(filters: AuditFilters, skip: number, limit: number, newestFirst: boolean) {
  const filter: Record<string, unknown> = {};
  if (filters.actorId) filter.actorId = new Types.ObjectId(filters.actorId);
  if (filters.entity) filter.entity = filters.entity;
  if (filters.entityId) filter.entityId = filters.entityId;
  if (filters.action) filter.action = filters.action;
  if (filters.search) filter.actorUsername = filters.search;
  if (filters.from || filters.to)
    filter.createdAt = op({
      ...(filters.from ? { $gte: filters.from } : {}),
      ...(filters.to ? { $lte: filters.to } : {}),
    });
  const direction = newestFirst ? -1 : 1;
  const [docs, total] = await Promise.all([
    Audit.find(filter).sort({ createdAt: direction, _id: direction }).skip(skip).limit(limit).lean(),
    Audit.countDocuments(filter),
  ]);
  return { ids: docs.map((doc) => String(doc._id)), total };
}

const at = (steps: number) => new Date(start + steps * STEP);
/** Views the viewer offers, alone and combined, with and without dates (edges on and between entries). */
const views = (): Array<[string, AuditFilters]> => [
  ['everything', {}],
  ['one actor', { actorId: String(actors[1]) }],
  ['one username, encoded', { search: 'ghost#1' }],
  ['one kind', { entity: 'room' }],
  ['one action, rare', { action: 'delete' }],
  ['one record', { entity: 'patient', entityId: 'r2' }],
  ['a date range', { from: at(100), to: at(250.5) }],
  ['since a date', { from: at(590) }],
  ['until a date', { to: at(3) }],
  ['a range before everything', { from: at(-100), to: at(-50) }],
  ['actor in a range', { actorId: String(actors[0]), from: at(30), to: at(420) }],
  ['kind and action', { entity: 'patient', action: 'update' }],
  ['record and actor', { entity: 'patient', entityId: 'r1', actorId: String(actors[2]) }],
  ['kind, action and range', { entity: 'room', action: 'list', from: at(200), to: at(400) }],
];

async function expectViewsMatchQuery(label: string) {
  for (const [name, filters] of views()) {
    for (const newestFirst of [true, false]) {
      for (const [skip, limit] of [
        [0, 25],
        [25, 25],
        [575, 25],
      ] as const) {
        const { census, result } = await censusOf(() => auditPage(filters, { skip, limit, newestFirst }));
        const context = `${label}: ${name}, ${newestFirst ? 'newest' : 'oldest'} first, skip ${skip}`;
        expect(result, context).not.toBeNull();
        expect(census.scans.audit, `${context}: ${JSON.stringify(census.scans)}`).toBeUndefined();
        const expected = await queried(filters, skip, limit, newestFirst);
        expect(
          result!.items.map((entry) => String(entry._id)),
          context,
        ).toEqual(expected.ids);
        expect(result!.total, context).toBe(expected.total);
      }
    }
  }
}

describe('audit trail by numbers and posting lists', () => {
  it('answers every view as the query does, without a scan of the trail', async () => {
    await expectViewsMatchQuery('loaded');
  }, 300_000);

  it('posts every entry of writers at once (no posting lost)', async () => {
    const actor = { id: String(new Types.ObjectId()), username: 'burst', ip: null };
    await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        recordAudit(api.server.deps, actor, { action: 'update', entity: 'room', entityId: `burst${i % 3}` }),
      ),
    );
    const page = await auditPage({ search: 'burst' }, { skip: 0, limit: 100, newestFirst: true });
    expect(page?.total).toBe(60);
    expect(new Set(page!.items.map((entry) => String(entry._id))).size).toBe(60);
    const one = await auditPage({ entity: 'room', entityId: 'burst1' }, { skip: 0, limit: 100, newestFirst: true });
    expect(one?.total).toBe(20);
    // Each list holds them in number order, as the query sorts them (posted in the order numbered).
    for (const filters of [{ search: 'burst' }, { entity: 'room' }, { action: 'update' }]) {
      for (const [skip, limit] of [
        [0, 7],
        [7, 7],
        [21, 30],
      ] as const) {
        const view = await auditPage(filters, { skip, limit, newestFirst: true });
        expect(view!.items.map((entry) => String(entry._id))).toEqual((await queried(filters, skip, limit, true)).ids);
      }
    }
  });

  it('purges what expired with its postings, finishes a purge that failed midway, and keeps views exact', async () => {
    const cutoff = at(300.5);
    const postingsOf = (key: string) =>
      Audit.db.collection<{ _id: string }>('audit_postings').countDocuments({ _id: { $regex: `^${key}#` } });
    const kept = () => Audit.countDocuments({ createdAt: op({ $gte: cutoff }) });
    const keptBefore = await kept();
    const anaBefore = await postingsOf('user:ana');
    // The entries' delete fails: the run stops, nothing inside the window is lost, the next run finishes.
    const spy = vi.spyOn(Audit, 'bulkWrite').mockRejectedValueOnce(new Error('killed'));
    await expect(purgeAudit(cutoff)).rejects.toThrow('killed');
    spy.mockRestore();
    expect(await kept()).toBe(keptBefore);
    expect(await purgeAudit(cutoff)).toBeGreaterThan(0);
    expect(await Audit.countDocuments({ createdAt: op({ $lt: cutoff }) })).toBe(0);
    expect(await kept()).toBe(keptBefore);
    expect(await purgeAudit(cutoff)).toBe(0);
    // ana wrote every third loaded entry: about half of hers expired, and so did their postings.
    const anaAfter = await postingsOf('user:ana');
    expect(anaAfter).toBe(await Audit.countDocuments({ actorUsername: 'ana' }));
    expect(anaAfter).toBeLessThan(anaBefore * 0.6);
    await expectViewsMatchQuery('after the purge');
  }, 300_000);

  it('on a trail an older version wrote, leaves views to the query until the purge has passed its entries', async () => {
    // Entries without numbers, and a trail state never written (as before this layout).
    await Audit.collection.insertMany(
      Array.from({ length: 5 }, () => ({
        createdAt: at(-1000),
        actorId: null,
        actorUsername: 'old',
        action: 'update',
        entity: 'room',
        entityId: null,
        label: null,
        changes: [],
        ip: null,
      })),
    );
    await Audit.db.collection('audit_trail').deleteMany({});
    await ensureAuditTrail();
    const oldestFirst = { skip: 0, limit: 10, newestFirst: false };
    expect(await auditPage({}, oldestFirst)).toBeNull();
    expect(await auditPage({ search: 'old' }, oldestFirst)).toBeNull();
    // A purge inside the window of every numbered entry deletes the old unnumbered ones by date.
    expect(await purgeAudit(at(-500))).toBe(5);
    expect(await auditPage({}, oldestFirst)).toBeNull();
    // Once the purge has passed every entry written before, the numbered views answer again.
    await purgeAudit(new Date(Date.now() + 1000));
    expect(await Audit.countDocuments()).toBe(0);
    const actor = { id: null, username: 'after', ip: null };
    await recordAudit(api.server.deps, actor, { action: 'login', entity: 'session' });
    const view = await auditPage({ search: 'after' }, oldestFirst);
    expect(view?.items.map((entry) => entry.actorUsername)).toEqual(['after']);
  });
});
