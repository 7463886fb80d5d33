import type { TAuditAction, TChangeType, TEntity, TFieldError } from '@mas/shared';
import type { Model, SortOrder, Types } from 'mongoose';
import { escapeRegex, normalizeKey, op, type Stamped } from '../db/schema.ts';
import { addToTally, defineTally, keepTally, readTally } from '../db/tallies.ts';
import { AppError, isDuplicateKeyError } from '../errors.ts';
import { publishChange } from '../realtime/changes.ts';
import type { AppDeps } from '../trpc.ts';
import { diff, recordAudit } from '../core/audit.ts';
import type { Actor, Call } from '../core/call.ts';
import { referencesFrom, type Reference } from '../core/references.ts';
import { pageOf, type Filter } from './query.ts';
import { TAKEN, withDeletionClaims, withReferencePins, withVersionClaim, type PinTarget } from './claims.ts';

/** Writes that carry no version (retire/restore, a versionless edit) try again on top of a concurrent one. */
const ATTEMPTS = 8;
/** Search fields stored as normalizeKey text. */
const KEY_FIELD = /(Key|searchText)$/;
const pause = () => new Promise((resolve) => setTimeout(resolve, 10 + Math.random() * 30));

export interface ListQuery {
  search?: string | undefined;
  page: number;
  perPage: number;
  sort?: { field: string; direction: 'asc' | 'desc' } | undefined;
  status: 'all' | 'active' | 'inactive';
}

export interface ActiveDoc extends Stamped {
  isActive: boolean;
}

export interface CrudConfig<Doc extends ActiveDoc, Dto, Create, Query extends ListQuery> {
  entity: TEntity;
  model: Model<Doc>;
  /** Turns documents into DTOs; batched so relations resolve with one `$in` each. */
  toDtos(docs: Doc[]): Promise<Dto[]>;
  /** Stored fields from (part of) the create input, e.g. the normalized name key. */
  toFields(input: Partial<Create>, existing?: Doc): Promise<Partial<Doc>> | Partial<Doc>;
  /** Fields the search box matches (case-insensitive substring). */
  searchFields: string[];
  /** Sort field names as clients see them → stored paths (e.g. name → nameKey). */
  sortPaths?: Record<string, string>;
  defaultSort: Record<string, SortOrder>;
  /** Extra filters from the list input. */
  filter?(query: Query, call?: Call): Filter | Promise<Filter>;
  /** A short, non-clinical label for audit entries and messages. */
  label(doc: Doc): string | Promise<string>;
  /** Fields whose values stay out of audit diffs (clinical or identifying data): the entry says only that they changed. */
  redactFields?: string[];
  references?: Reference[];
  /**
   * The unique field a duplicate-key error means (FerretDB does not name the index),
   * for a CONFLICT shown beside that field.
   */
  unique?: { field: string; error: TFieldError };
  /**
   * Keep the active/retired counts of the unfiltered list in a tally (db/tallies.ts) instead of
   * recounting the collection on every list: for entities written only through this service.
   */
  keepCounts?: boolean;
  /** Called after any change, e.g. to notify people. */
  afterChange?(deps: AppDeps, actor: Actor, type: TChangeType, doc: Doc, before?: Doc): Promise<void>;
}

/** Models whose active/retired counts are kept, by entity (the tally's recount). */
const counted = new Map<string, Model<ActiveDoc>>();
defineTally('records', async (entity) => {
  const Model = counted.get(entity);
  if (!Model) throw new Error(`no counted records for ${entity}`);
  const [active, inactive] = await Promise.all([
    Model.countDocuments({ isActive: true }),
    Model.countDocuments({ isActive: false }),
  ]);
  return { active, inactive };
});
function keepRecordCounts(entity: string, Model: Model<ActiveDoc>) {
  counted.set(entity, Model);
  keepTally(`records:${entity}`);
}

/** The values at a dotted path of a plain document, through arrays (e.g. transfers.toRoomId). */
function valuesAt(value: unknown, path: string): string[] {
  if (Array.isArray(value)) return value.flatMap((item) => valuesAt(item, path));
  if (!path) return value === undefined || value === null ? [] : [String(value)];
  if (typeof value !== 'object' || value === null) return [];
  const [head, ...rest] = path.split('.');
  return valuesAt((value as Record<string, unknown>)[head!], rest.join('.'));
}

/** The plain data behind a document, for diffs. */
const snapshot = (doc: object) => ({ ...(doc as Record<string, unknown>) });

/**
 * Create, read, update, delete, retire/restore and list for one entity, with the
 * audit entry and the change event every mutation owes.
 */
export function createCrudService<Doc extends ActiveDoc, Dto, Create, Query extends ListQuery>(
  config: CrudConfig<Doc, Dto, Create, Query>,
) {
  const { model, entity } = config;
  const Model = model as unknown as Model<ActiveDoc>;
  const tallyKey = `records:${entity}`;
  if (config.keepCounts) keepRecordCounts(entity, Model);
  /** Records a change of the active/retired counts (when this entity keeps them). */
  const tallyChange = (delta: Record<string, number>) =>
    config.keepCounts ? addToTally(tallyKey, delta) : Promise.resolve();
  const stateOf = (doc: ActiveDoc) => (doc.isActive ? 'active' : 'inactive');

  async function loadDocs(ids: string[]): Promise<Doc[]> {
    return (await Model.find({ _id: op({ $in: ids }) }).lean()) as unknown as Doc[];
  }

  async function findDoc(id: string): Promise<Doc> {
    const doc = (await Model.findById(id).lean()) as unknown as Doc | null;
    if (!doc) throw new AppError('record.notFound', { entity });
    return doc;
  }

  async function toDto(doc: Doc): Promise<Dto> {
    const [dto] = await config.toDtos([doc]);
    return dto as Dto;
  }

  async function emit(deps: AppDeps, actor: Actor, type: TChangeType, doc: Doc, dto?: Dto, before?: Doc) {
    await publishChange(deps, entity, type, String(doc._id), dto);
    await config.afterChange?.(deps, actor, type, doc, before);
  }

  async function audit(deps: AppDeps, actor: Actor, action: TAuditAction, doc: Doc, changes?: ReturnType<typeof diff>) {
    const redacted = changes?.map((change) =>
      config.redactFields?.includes(change.field)
        ? { field: change.field, from: '[redacted]', to: '[redacted]' }
        : change,
    );
    await recordAudit(deps, actor, {
      action,
      entity,
      entityId: String(doc._id),
      label: await config.label(doc),
      ...(redacted ? { changes: redacted } : {}),
    });
  }

  /** Turns a duplicate-key error into a CONFLICT on the entity's unique field. */
  async function mapDuplicateKey<T>(write: Promise<T>): Promise<T> {
    try {
      return await write;
    } catch (error) {
      if (config.unique && isDuplicateKeyError(error)) {
        throw AppError.of(config.unique.error, { [config.unique.field]: config.unique.error });
      }
      throw error;
    }
  }

  const outgoing = referencesFrom(Model.modelName);

  /** The records these fields newly point at (those `before` already pointed at are in use, so safe). */
  function pinsOf(fields: object, before?: Doc): PinTarget[] {
    return outgoing.flatMap(({ field, target }) => {
      const value = (fields as Record<string, unknown>)[field];
      if (value === undefined || value === null) return [];
      const had = new Set(before ? valuesAt(before, field) : []);
      const ids = valuesAt(value, '').filter((id) => !had.has(id));
      return ids.length ? [{ model: target(), ids, field }] : [];
    });
  }

  /**
   * Writes `update` on top of `before`, holding the claim on its next version (on FerretDB the
   * version filter alone lets several writers of one version through) and pins on what it newly
   * points at. Null when another writer got there first.
   */
  async function claimedWrite(before: Doc, update: object, pins: PinTarget[] = []): Promise<Doc | null> {
    const result = await withVersionClaim(Model.collection.collectionName, before._id, before.version, () =>
      withReferencePins(pins, () =>
        mapDuplicateKey(
          Model.findOneAndUpdate({ _id: before._id, version: before.version }, update, {
            returnDocument: 'after',
            runValidators: true,
          }).lean(),
        ),
      ),
    );
    return result === TAKEN ? null : (result as unknown as Doc | null);
  }

  /**
   * Reads the record and writes what `build` makes of it, atomically on every server; a
   * concurrent write makes it read again and retry (for writes that carry no version).
   */
  async function writeLatest(
    id: string,
    build: (before: Doc) => Promise<{ update: object; pins?: PinTarget[] } | null>,
  ): Promise<{ before: Doc; after: Doc | null }> {
    for (let attempt = 1; ; attempt++) {
      const before = await findDoc(id);
      const plan = await build(before);
      if (!plan) return { before, after: null };
      const after = await claimedWrite(before, plan.update, plan.pins);
      if (after) return { before, after };
      if (attempt >= ATTEMPTS) throw new AppError('record.changed', {});
      await pause();
    }
  }

  async function assertNotReferenced(ids: Types.ObjectId[] | string[], docs: Doc[]) {
    for (const reference of config.references ?? []) {
      const used = (await reference
        .model()
        .findOne({ [reference.field]: op({ $in: ids }) } as never)
        .lean()) as Record<string, unknown> | null;
      if (used) {
        const wanted = new Set(ids.map(String));
        const usedId = valuesAt(used, reference.field).find((value) => wanted.has(value));
        const doc = docs.find((d) => String(d._id) === usedId);
        throw doc
          ? new AppError('record.stillUsed', { name: await config.label(doc), usedBy: reference.what })
          : new AppError('record.unnamedStillUsed', { usedBy: reference.what });
      }
    }
  }

  return {
    entity,
    loadDocs,
    findDoc,
    toDto,
    emit,
    audit,
    writeLatest,

    /** Current DTOs by id (for subscription replays). */
    async loadItems(ids: string[]): Promise<Map<string, Dto>> {
      const docs = await loadDocs(ids);
      const dtos = await config.toDtos(docs);
      return new Map(docs.map((doc, index) => [String(doc._id), dtos[index] as Dto]));
    },

    async list(query: Query, call?: Call) {
      const base = { ...((await config.filter?.(query, call)) ?? {}) } as Filter;
      if (query.search) {
        // Key fields (nameKey, searchText…) hold normalizeKey's folded text: search them with the folded input.
        const pattern = op({ $regex: escapeRegex(query.search), $options: 'i' });
        const folded = op({ $regex: escapeRegex(normalizeKey(query.search)) });
        base.$or = config.searchFields.map((field) => ({ [field]: KEY_FIELD.test(field) ? folded : pattern }));
      }
      const sort: Record<string, SortOrder> = query.sort
        ? {
            [config.sortPaths?.[query.sort.field] ?? query.sort.field]: query.sort.direction === 'asc' ? 1 : -1,
            _id: 1,
          }
        : config.defaultSort;
      const { docs, ...page } = await pageOf(Model, {
        filter: base,
        sort,
        page: query.page,
        perPage: query.perPage,
        tab: query.status,
        tabs: { active: { isActive: true }, inactive: { isActive: false } },
        keptCounts:
          config.keepCounts && !Object.keys(base).length
            ? () =>
                readTally(tallyKey).then((totals) => ({ active: totals.active ?? 0, inactive: totals.inactive ?? 0 }))
            : undefined,
      });
      return { items: await config.toDtos(docs as unknown as Doc[]), ...page };
    },

    async get(id: string, _call?: Call): Promise<Dto> {
      return toDto(await findDoc(id));
    },

    async create({ deps, actor }: Call, input: Create): Promise<Dto> {
      const fields = await config.toFields(input);
      const created = await withReferencePins(pinsOf(fields), () =>
        mapDuplicateKey(Model.create({ ...fields, isActive: true })),
      );
      const doc = created.toObject() as unknown as Doc;
      await tallyChange({ active: 1 });
      const dto = await toDto(doc);
      await audit(deps, actor, 'create', doc);
      await emit(deps, actor, 'created', doc, dto);
      return dto;
    },

    async update(
      { deps, actor }: Call,
      input: { id: string; data: Partial<Create>; version?: number | undefined },
    ): Promise<Dto> {
      // A concurrent edit makes one holding a version fail instead of overwriting it.
      // Without a version, the edit's fields are written on top of whatever is current.
      const { before, after } = await writeLatest(input.id, async (before) => {
        if (input.version !== undefined && input.version !== before.version) throw new AppError('record.changed', {});
        const fields = await config.toFields(input.data, before);
        return { update: { $set: fields, $inc: { version: 1 } }, pins: pinsOf(fields, before) };
      });
      if (!after) throw new AppError('record.changed', {});
      const dto = await toDto(after);
      await audit(deps, actor, 'update', after, diff(snapshot(before), snapshot(after)));
      await emit(deps, actor, 'updated', after, dto, before);
      return dto;
    },

    async setActive({ deps, actor }: Call, input: { id: string; isActive: boolean }): Promise<Dto> {
      const { before, after } = await writeLatest(input.id, async (before) =>
        before.isActive === input.isActive
          ? null
          : { update: { $set: { isActive: input.isActive }, $inc: { version: 1 } } },
      );
      if (!after) return toDto(before);
      await tallyChange({ [stateOf(before)]: -1, [stateOf(after)]: 1 });
      const dto = await toDto(after);
      await audit(deps, actor, input.isActive ? 'activate' : 'deactivate', after);
      await emit(deps, actor, 'updated', after, dto, before);
      return dto;
    },

    async remove({ deps, actor }: Call, id: string): Promise<{ id: string }> {
      const doc = await findDoc(id);
      // The tombstone first, then the references: a write adding one meanwhile sees it and refuses.
      await withDeletionClaims([id], async () => {
        await assertNotReferenced([id], [doc]);
        await Model.deleteOne({ _id: doc._id });
      });
      await tallyChange({ [stateOf(doc)]: -1 });
      await audit(deps, actor, 'delete', doc);
      await emit(deps, actor, 'deleted', doc);
      return { id };
    },

    /** All or nothing: refused as a whole if any of them is still referenced. */
    async removeMany({ deps, actor }: Call, ids: string[]): Promise<{ deleted: number }> {
      const docs = await loadDocs(ids);
      if (docs.length !== new Set(ids).size) throw new AppError('record.someGone', { records: entity });
      const result = await withDeletionClaims(ids, async () => {
        await assertNotReferenced(ids, docs);
        return Model.deleteMany({ _id: op({ $in: ids }) });
      });
      const delta: Record<string, number> = {};
      for (const doc of docs) delta[stateOf(doc)] = (delta[stateOf(doc)] ?? 0) - 1;
      await tallyChange(delta);
      for (const doc of docs) {
        await audit(deps, actor, 'delete', doc);
        await emit(deps, actor, 'deleted', doc);
      }
      return { deleted: result.deletedCount };
    },
  };
}
