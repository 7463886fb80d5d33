import { z } from 'zod';
import { ZObjectId } from './common.ts';

export const ZChangeType = z.enum(['created', 'updated', 'deleted']);
export type TChangeType = z.infer<typeof ZChangeType>;

/** Subscription input: the id of the last event a client saw, to resume without gaps. */
export const ZOnChangeInput = z.strictObject({ lastEventId: ZObjectId.nullish() }).optional();

/** What an entity's onChange yields; `item` is absent on delete. */
export const zChangeEvent = <T extends z.ZodType>(item: T) =>
  z.strictObject({ type: ZChangeType, id: ZObjectId, item: item.optional() });
