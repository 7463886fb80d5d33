import { z } from 'zod';

/** A MongoDB ObjectId as a 24-character hex string. */
export const ZObjectId = z.string().regex(/^[a-f0-9]{24}$/i, 'validation.invalidId');

/**
 * Text that names someone or something: one Unicode spelling (NFC, so "José" typed two ways is
 * one name) and nothing invisible or reordering: no control characters (NUL…), no format
 * characters (bidi overrides and isolates, zero-width spaces and joiners), no line separators,
 * no lone surrogates. Such characters make one name pass for another in lists and the audit trail.
 */
export const zSafeText = (max: number) =>
  z
    .string()
    .trim()
    .normalize('NFC')
    .min(1)
    .max(max)
    .regex(/^[^\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}]*$/u, 'validation.unsafeText');
export const ZName = zSafeText(120);
export const ZDescription = z.string().trim().max(2000);

/** An optional field: `null` means none (an edit sending null clears it; leaving it out keeps it). */
export const clearable = <T extends z.ZodType>(schema: T) => schema.nullable().optional();

export const ZIdInput = z.strictObject({ id: ZObjectId });
export const ZIdsInput = z.strictObject({ ids: z.array(ZObjectId).min(1).max(100) });
export const ZSetActiveInput = z.strictObject({ id: ZObjectId, isActive: z.boolean() });
export const ZDeleteManyOutput = z.strictObject({ deleted: z.number().int() });
export const ZOk = z.strictObject({ ok: z.literal(true) });

/** Fields every stored entity carries. */
export const ZStamps = z.strictObject({
  id: ZObjectId,
  createdAt: z.date(),
  updatedAt: z.date(),
  version: z.number().int(),
});

export const ZStatusFilter = z.enum(['all', 'active', 'inactive']);
export type TStatusFilter = z.infer<typeof ZStatusFilter>;
export const ZSortDirection = z.enum(['asc', 'desc']);
export type TSortDirection = z.infer<typeof ZSortDirection>;

/** Builds the list input of an entity: paging, sorting on named fields, status tabs, extra filters. */
export function zListInput<const F extends readonly [string, ...string[]], E extends z.ZodRawShape = {}>(
  sortFields: F,
  extra?: E,
) {
  return z.strictObject({
    search: z.string().trim().max(100).optional(),
    page: z.number().int().min(1).max(100_000).default(1),
    perPage: z.number().int().min(1).max(100).default(25),
    sort: z.strictObject({ field: z.enum(sortFields), direction: ZSortDirection }).optional(),
    status: ZStatusFilter.default('all'),
    ...(extra ?? ({} as E)),
  });
}

/** List output: one page of items, the total matching the filters, and counts per status tab. */
export function zListOutput<T extends z.ZodType>(item: T) {
  return z.strictObject({
    items: z.array(item),
    total: z.number().int(),
    page: z.number().int(),
    perPage: z.number().int(),
    counts: z.strictObject({ all: z.number().int(), active: z.number().int(), inactive: z.number().int() }).optional(),
  });
}

export const ZHealth = z.strictObject({
  status: z.literal('ok'),
  database: z.enum(['up', 'down']),
  version: z.string(),
  uptimeSeconds: z.number(),
});
