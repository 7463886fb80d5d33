import {
  ZDeleteManyOutput,
  ZIdInput,
  ZIdsInput,
  ZSetActiveInput,
  zListOutput,
  type TEntity,
  type TPermission,
} from '@mas/shared';
import { type z } from 'zod';
import { onChangeProcedure } from '../realtime/on-change.ts';
import { permissionProcedure, type SessionUser } from '../trpc.ts';
import { callOf, type Call } from '../core/call.ts';
import type { ListQuery } from './service.ts';

/** The schemas of one entity. Input types stay as the client writes them (before defaults). */
export interface CrudSchemas<Item, Create, CreateIn, UpdateIn, Query extends ListQuery, QueryIn> {
  item: z.ZodType<Item, Item>;
  create: z.ZodType<Create, CreateIn>;
  update: z.ZodType<{ id: string; data: Partial<Create>; version?: number | undefined }, UpdateIn>;
  list: z.ZodType<Query, QueryIn>;
}

/** What crudProcedures needs of a service; the CRUD factory's services satisfy it, and richer domains wrap them. */
export interface CrudServiceLike<Dto, Create, Query extends ListQuery> {
  list(
    query: Query,
    call: Call,
  ): Promise<{
    items: Dto[];
    total: number;
    page: number;
    perPage: number;
    counts?: { all: number; active: number; inactive: number };
  }>;
  get(id: string, call: Call): Promise<Dto>;
  create(call: Call, input: Create): Promise<Dto>;
  update(call: Call, input: { id: string; data: Partial<Create>; version?: number | undefined }): Promise<Dto>;
  setActive(call: Call, input: { id: string; isActive: boolean }): Promise<Dto>;
  remove(call: Call, id: string): Promise<{ id: string }>;
  removeMany(call: Call, ids: string[]): Promise<{ deleted: number }>;
  loadItems(ids: string[]): Promise<Map<string, Dto>>;
  /** Which live changes a subscriber may see, when not every one it may read (e.g. hidden accounts). */
  canSee?(viewer: SessionUser | null): (message: { item?: Dto | undefined }) => boolean;
}

/**
 * tRPC cannot resolve its conditional output types over this factory's generic
 * parameters; the clients' types come from the schemas, which also check every
 * value at run time, so the handler's result is handed over as is.
 */
const asOutput = <T>(value: Promise<T>) => value as Promise<never>;

/** read/write permissions of an entity, e.g. specialty.read / specialty.write. */
export const entityPermissions = (entity: TEntity) => ({
  read: `${entity}.read` as TPermission,
  write: `${entity}.write` as TPermission,
});

/**
 * The contract's procedures for one entity: list, get, create, update, delete,
 * deleteMany, setActive and the onChange subscription, each with input and
 * output schemas and a permission. Domains spread them into their router.
 */
export function crudProcedures<Item, Create, CreateIn, UpdateIn, Query extends ListQuery, QueryIn>(
  entity: TEntity,
  service: CrudServiceLike<Item, Create, Query>,
  schemas: CrudSchemas<Item, Create, CreateIn, UpdateIn, Query, QueryIn>,
) {
  const { read, write } = entityPermissions(entity);
  return {
    list: permissionProcedure(read)
      .input(schemas.list)
      .output(zListOutput(schemas.item))
      .query(({ ctx, input }) => service.list(input as Query, callOf(ctx))),

    get: permissionProcedure(read)
      .input(ZIdInput)
      .output(schemas.item)
      .query(({ ctx, input }) => asOutput(service.get(input.id, callOf(ctx)))),

    create: permissionProcedure(write)
      .input(schemas.create)
      .output(schemas.item)
      .mutation(({ ctx, input }) => asOutput(service.create(callOf(ctx), input as Create))),

    update: permissionProcedure(write)
      .input(schemas.update)
      .output(schemas.item)
      .mutation(({ ctx, input }) => asOutput(service.update(callOf(ctx), input))),

    setActive: permissionProcedure(write)
      .input(ZSetActiveInput)
      .output(schemas.item)
      .mutation(({ ctx, input }) => asOutput(service.setActive(callOf(ctx), input))),

    delete: permissionProcedure(write)
      .input(ZIdInput)
      .output(ZIdInput)
      .mutation(({ ctx, input }) => service.remove(callOf(ctx), input.id)),

    deleteMany: permissionProcedure(write)
      .input(ZIdsInput)
      .output(ZDeleteManyOutput)
      .mutation(({ ctx, input }) => service.removeMany(callOf(ctx), input.ids)),

    onChange: onChangeProcedure(entity, read, {
      item: schemas.item,
      loadItems: service.loadItems,
      ...(service.canSee ? { canSee: service.canSee } : {}),
    }),
  };
}
