import { z } from 'zod';
import { ZDescription, ZName, ZObjectId, ZStamps, clearable, zListInput } from './common.ts';
import type { TBuiltInRole } from './permissions.ts';

/**
 * The catalogues, in menu order, and who may see and change each: the one list a new catalogue
 * is added to (the permission matrix, the API's routers and the web's screens follow it).
 * A role also holds what the roles it includes hold (permissions.ts).
 */
export const CATALOGUE_ACCESS = {
  // A patient books by specialty, so the names are theirs to read too.
  specialty: { read: ['Technical', 'Medical Staff', 'Patient'], write: ['Department Chief'] },
  department: { read: ['Technical', 'Medical Staff'], write: ['Administrator'] },
  room: { read: ['Technical', 'Medical Staff'], write: ['Technical'] },
  disability: { read: ['Technical', 'Medical Staff'], write: ['Medical Staff'] },
  diagnosis: { read: ['Technical', 'Medical Staff'], write: ['Medical Staff'] },
} as const satisfies Record<string, { read: readonly TBuiltInRole[]; write: readonly TBuiltInRole[] }>;
export type TCatalogue = keyof typeof CATALOGUE_ACCESS;
export const CATALOGUES = Object.keys(CATALOGUE_ACCESS) as TCatalogue[];
/** Catalogues with nothing but a name, a description and the active flag (all but rooms). */
export type TPlainCatalogue = Exclude<TCatalogue, 'room'>;
export const PLAIN_CATALOGUES = CATALOGUES.filter((entity): entity is TPlainCatalogue => entity !== 'room');

export const ZCatalogueCreateInput = z.strictObject({ name: ZName, description: ZDescription.optional() });
export const ZCatalogueItem = ZStamps.extend({ name: z.string(), description: z.string(), isActive: z.boolean() });
export const CATALOGUE_SORT_FIELDS = ['name', 'createdAt', 'updatedAt'] as const;
export const ZCatalogueListInput = zListInput(CATALOGUE_SORT_FIELDS);

/** The "None" disability stands alone: a patient with it has no other. */
export const NONE_DISABILITY_KEY = 'none';

export const BED_STATUSES = ['available', 'occupied', 'cleaning', 'outOfService'] as const;
export const ZBedStatus = z.enum(BED_STATUSES);
export type TBedStatus = z.infer<typeof ZBedStatus>;
/** Statuses staff set by hand; "occupied" comes from admissions only. */
export const ZSettableBedStatus = z.enum(['available', 'cleaning', 'outOfService']);

export const MAX_BEDS_PER_ROOM = 50;
export const ZRoomCreateInput = ZCatalogueCreateInput.extend({
  bedCount: z.number().int().min(1).max(MAX_BEDS_PER_ROOM),
  departmentId: clearable(ZObjectId),
});
export const ZRoom = ZCatalogueItem.extend({
  bedCount: z.number().int(),
  departmentId: ZObjectId.nullable(),
  departmentName: z.string().nullable(),
  /** Beds staff marked as cleaning or out of service (the rest are available or occupied). */
  bedStates: z.array(z.strictObject({ bed: z.number().int(), status: ZSettableBedStatus })),
});
export type TRoom = z.infer<typeof ZRoom>;
export const ROOM_SORT_FIELDS = [...CATALOGUE_SORT_FIELDS, 'bedCount'] as const;
export const ZRoomListInput = zListInput(ROOM_SORT_FIELDS, {
  departmentId: ZObjectId.optional(),
});
export const ZSetBedStatusInput = z.strictObject({
  roomId: ZObjectId,
  bed: z.number().int().min(1).max(MAX_BEDS_PER_ROOM),
  status: ZSettableBedStatus,
});

export const updateInputOf = <T extends z.ZodObject>(create: T) =>
  z.strictObject({ id: ZObjectId, data: create.partial(), version: z.number().int().optional() });

export const ZCatalogueUpdateInput = updateInputOf(ZCatalogueCreateInput);
export const ZRoomUpdateInput = updateInputOf(ZRoomCreateInput);
