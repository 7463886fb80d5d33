import { z } from 'zod';
import { ZObjectId } from './common.ts';

/**
 * Labels the API composes (not names people typed): stored in notifications and audit entries
 * as a code and its params, so each reader sees them in their own language (`common:labels.<code>`).
 * Names (a catalogue's, a username) stay plain `label` text; entries stored before these codes
 * keep their `label` text and still render.
 *
 * Renames: an audit entry says what was true then (the room's name when the bed changed); a
 * notification names the room as it is called now (the API reads the current name by `roomId`
 * when it lists them), since its reader follows it to today's screen.
 */
const int = z.number().int();
export const LABELS = {
  /** A bed of a room: the room's name as it was when stored, and its id to find it now. */
  bed: z.strictObject({ roomId: ZObjectId, room: z.string().max(120), bed: int }),
  markedRead: z.strictObject({ count: int }),
  deleted: z.strictObject({ count: int }),
  exported: z.strictObject({ collections: int, documents: int }),
  /** A failed sign-in under a name that matched no account. */
  unknownAccount: z.strictObject({}),
} as const;
export type TLabelCode = keyof typeof LABELS;
export const LABEL_CODES = Object.keys(LABELS) as TLabelCode[];

/** A composed label: a code and exactly its params. */
export type TCodedLabel = { [C in TLabelCode]: { code: C; params: z.infer<(typeof LABELS)[C]> } }[TLabelCode];
const variants = LABEL_CODES.map((code) => z.strictObject({ code: z.literal(code), params: LABELS[code] }));
export const ZCodedLabel = z.discriminatedUnion(
  'code',
  variants as [(typeof variants)[number]],
) as unknown as z.ZodType<TCodedLabel, TCodedLabel>;

/** A composed label from its code and exactly its params. */
export const codedLabel = <C extends TLabelCode>(code: C, params: z.input<(typeof LABELS)[C]>) =>
  ({ code, params }) as TCodedLabel;

/** Params a label's text may leave out: ids that serve to look a record up, not to read. */
export const isLookupParam = (name: string) => name.endsWith('Id');

/**
 * A coded label as read back from the database: MongoDB drivers drop an empty `params`
 * object on write (Mongoose's `minimize`), so a label without params comes back without it.
 */
export const storedCodedLabel = (value: TCodedLabel | null | undefined): TCodedLabel | null =>
  value ? ({ ...value, params: value.params ?? {} } as TCodedLabel) : null;
