import { z } from 'zod';
import { ZObjectId } from './common.ts';
import { ZCodedLabel } from './labels.ts';
import { ENTITIES } from './permissions.ts';

/** What happened; the web app turns type + entity + label into a sentence in the user's language. */
export const NOTIFICATION_TYPES = [
  'created',
  'updated',
  'deleted',
  'admitted',
  'transferred',
  'discharged',
  /** An appointment is coming up (to the patient's account and the staff member). */
  'reminder',
] as const;
export const ZNotificationType = z.enum(NOTIFICATION_TYPES);
export type TNotificationType = z.infer<typeof ZNotificationType>;

/**
 * What the notification is about: a name as typed (a catalogue name, a username) in `label`,
 * or a label the API composes (a bed) as a code and params in `coded`; never clinical content.
 */
export const ZNotificationParams = z.strictObject({
  label: z.string().max(200).optional(),
  coded: ZCodedLabel.optional(),
});

export const ZNotification = z.strictObject({
  id: ZObjectId,
  type: ZNotificationType,
  entity: z.enum(ENTITIES),
  entityId: ZObjectId.nullable(),
  params: ZNotificationParams,
  actorUsername: z.string(),
  read: z.boolean(),
  createdAt: z.date(),
});
export type TNotification = z.infer<typeof ZNotification>;

export const ZNotificationFilter = z.enum(['all', 'unread', 'read']);

export const ZNotificationListInput = z.strictObject({
  filter: ZNotificationFilter.default('all'),
  page: z.number().int().min(1).max(10_000).default(1),
  perPage: z.number().int().min(1).max(100).default(25),
});

export const ZNotificationListOutput = z.strictObject({
  items: z.array(ZNotification),
  total: z.number().int(),
  page: z.number().int(),
  perPage: z.number().int(),
  counts: z.strictObject({ all: z.number().int(), unread: z.number().int(), read: z.number().int() }),
});

export const ZUnreadCount = z.strictObject({ count: z.number().int() });
export const ZUpdatedCount = z.strictObject({ updated: z.number().int() });

/** onNew input: the id of the last notification a client saw, to resume without gaps. */
export const ZNotificationOnNewInput = z.strictObject({ lastEventId: ZObjectId.nullish() }).optional();
