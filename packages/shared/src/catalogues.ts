import { z } from 'zod';
import { ZDescription, ZName, ZObjectId, ZStamps, clearable, zListInput } from './common.ts';

export const CATALOGUES = ['specialty', 'department', 'room', 'disability', 'diagnosis'] as const;
export type TCatalogue = (typeof CATALOGUES)[number];

export const ZCatalogueCreateInput = z.strictObject({ name: ZName, description: ZDescription.optional() });
export const ZCatalogueItem = ZStamps.extend({ name: z.string(), description: z.string(), isActive: z.boolean() });
export const ZCatalogueListInput = zListInput(['name', 'createdAt', 'updatedAt']);

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
export const ZRoomListInput = zListInput(['name', 'createdAt', 'updatedAt', 'bedCount'], {
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
