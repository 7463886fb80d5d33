import { type ZRoomCreateInput, type ZRoomListInput, type TRoom } from '@mas/shared';
import type { z } from 'zod';
import { UNIQUE_NAME, catalogueDto, catalogueFields } from '../catalogue.ts';
import { checkedRef, namesById } from '../../crud/query.ts';
import { createCrudService } from '../../crud/service.ts';
import type { Call } from '../../core/call.ts';
import { oid, op } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { BedClaim } from '../admissions/claims.ts';
import { Department } from '../departments/model.ts';
import { changeNotifier } from '../notifications/service.ts';
import { referencesTo } from '../../core/references.ts';
import { followRename } from '../renames.ts';
import { Room, type RoomDoc } from './model.ts';

type RoomCreate = z.infer<typeof ZRoomCreateInput>;

async function toRoomDtos(docs: RoomDoc[]): Promise<TRoom[]> {
  const names = await namesById(
    Department,
    docs.map((doc) => doc.departmentId),
  );
  return docs.map((doc) => ({
    ...catalogueDto(doc),
    bedCount: doc.bedCount,
    departmentId: doc.departmentId ? String(doc.departmentId) : null,
    departmentName: doc.departmentId ? (names.get(String(doc.departmentId)) ?? null) : null,
    bedStates: doc.bedStates.map(({ bed, status }) => ({ bed, status })),
  }));
}

async function toRoomFields(input: Partial<RoomCreate>, existing?: RoomDoc): Promise<Partial<RoomDoc>> {
  const fields: Partial<RoomDoc> = catalogueFields(input);
  if (input.departmentId === null) fields.departmentId = null;
  else if (input.departmentId !== undefined) {
    fields.departmentId = await checkedRef(Department, input.departmentId, {
      field: 'departmentId',
      entity: 'department',
      current: existing?.departmentId,
    });
  }
  if (input.bedCount !== undefined) {
    if (existing && input.bedCount < existing.bedCount) {
      const occupied = await BedClaim.findOne({ roomId: existing._id, bed: op({ $gt: input.bedCount }) }, { bed: 1 })
        .sort({ bed: -1 })
        .lean();
      if (occupied) {
        const needed = { code: 'room.bedNeeded', params: { bed: occupied.bed } } as const;
        throw AppError.of(needed, { bedCount: needed });
      }
    }
    fields.bedCount = input.bedCount;
    // Set-aside states of beds that no longer exist go with them.
    if (existing) fields.bedStates = existing.bedStates.filter((state) => state.bed <= input.bedCount!);
  }
  return fields;
}

const notifyRoomChange = changeNotifier<RoomDoc>('room', 'room.write', (doc) => doc.name);

const crud = createCrudService<RoomDoc, TRoom, RoomCreate, z.infer<typeof ZRoomListInput>>({
  entity: 'room',
  model: Room,
  toDtos: toRoomDtos,
  toFields: toRoomFields,
  filter: (query) => (query.departmentId ? { departmentId: oid(query.departmentId) } : {}),
  searchFields: ['nameKey', 'description'],
  sortPaths: { name: 'nameKey' },
  defaultSort: { nameKey: 1 },
  label: (doc) => doc.name,
  references: referencesTo('room'),
  unique: UNIQUE_NAME,
  afterChange: async (deps, actor, type, doc, before) => {
    await notifyRoomChange(deps, actor, type, doc);
    // Admissions copy the room's name for search and sort.
    if (before && before.name !== doc.name) void followRename(deps, { entity: 'room', id: doc._id });
  },
});

export const roomService = {
  ...crud,

  /** A room with patients in it stays in service until they leave it. */
  async setActive(call: Call, input: { id: string; isActive: boolean }) {
    if (!input.isActive && (await BedClaim.exists({ roomId: oid(input.id) }))) {
      throw new AppError('room.hasPatients', {});
    }
    return crud.setActive(call, input);
  },
};
