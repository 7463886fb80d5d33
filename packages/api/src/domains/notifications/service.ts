import {
  codedLabel,
  storedCodedLabel,
  isBuiltInRole,
  permissionsOf,
  type TChangeType,
  type TCodedLabel,
  type TEntity,
  type TNotification,
  type TNotificationType,
  type TPermission,
  type ZNotificationListInput,
} from '@mas/shared';
import { Types } from 'mongoose';
import type { z } from 'zod';
import { namesById } from '../../crud/query.ts';
import { findByIds } from '../../db/by-id.ts';
import { oid, op } from '../../db/schema.ts';
import { addToTally, defineTally, readTally } from '../../db/tallies.ts';
import type { AppDeps } from '../../trpc.ts';
import { recordAudit } from '../../core/audit.ts';
import type { Actor } from '../../core/call.ts';
import { Role } from '../roles/model.ts';
import { Room } from '../rooms/model.ts';
import { User } from '../users/model.ts';
import { Notification, type NotificationDoc } from './model.ts';

/** Each user hears their own notifications on their own bus channel, in every API process. */
export const notifyChannelOf = (userId: string) => `notify:${userId}`;

export function toNotificationDto(doc: NotificationDoc): TNotification {
  return {
    id: String(doc._id),
    type: doc.type,
    entity: doc.entity,
    entityId: doc.entityId,
    params: {
      ...(doc.params?.label === undefined ? {} : { label: doc.params.label }),
      ...(doc.params?.coded ? { coded: storedCodedLabel(doc.params.coded)! } : {}),
    },
    actorUsername: doc.actorUsername,
    read: doc.read,
    createdAt: doc.createdAt,
  };
}

/**
 * Active users whose (active) role grants `permission`, except the actor.
 * Built-in roles take their grants from the matrix, custom roles store theirs
 * (the same rule as sessions use).
 */
export async function recipientsWith(permission: TPermission, exceptUserId: string | null): Promise<Types.ObjectId[]> {
  const roles = await Role.find({ isActive: true }, { name: 1, isBuiltIn: 1, permissions: 1 }).lean();
  const roleIds = roles
    .filter((role) =>
      (role.isBuiltIn && isBuiltInRole(role.name) ? permissionsOf(role.name) : role.permissions).includes(permission),
    )
    .map((role) => role._id);
  if (!roleIds.length) return [];
  const filter: Record<string, unknown> = { roleId: op({ $in: roleIds }), isActive: true };
  if (exceptUserId && Types.ObjectId.isValid(exceptUserId)) filter._id = op({ $ne: oid(exceptUserId) });
  const users = await User.find(filter, { _id: 1 }).lean();
  return users.map((user) => user._id);
}

/**
 * Each recipient's unread/read counts (the bell's badge and the list's tabs), kept by every
 * change (db/tallies.ts); recounted by the retention purge and the repair job.
 */
const tallyOf = (userId: string) => `notifications:${userId}`;
defineTally(
  'notifications',
  async (userId) => {
    const [unread, read] = await Promise.all([
      Notification.countDocuments({ recipientId: oid(userId), read: false }),
      Notification.countDocuments({ recipientId: oid(userId), read: true }),
    ]);
    return { unread, read };
  },
  {
    // Every recipient at once (at first start on older data, after a seed, after the purge).
    countAll: async () => {
      const rows = await Notification.aggregate<{ _id: { recipientId: Types.ObjectId; read: boolean }; n: number }>([
        { $group: { _id: { recipientId: '$recipientId', read: '$read' }, n: { $sum: 1 } } },
      ]);
      const all = new Map<string, Record<string, number>>();
      for (const row of rows) {
        const totals = all.get(String(row._id.recipientId)) ?? { unread: 0, read: 0 };
        const state = row._id.read ? 'read' : 'unread';
        totals[state] = (totals[state] ?? 0) + row.n;
        all.set(String(row._id.recipientId), totals);
      }
      return all;
    },
  },
);
const countNotifications = (userId: string, delta: Record<string, number>) => addToTally(tallyOf(userId), delta);

export interface NotificationEvent {
  /** Who should hear of it: holders of this permission. */
  permission: TPermission;
  type: TNotificationType;
  entity: TEntity;
  entityId: string | null;
  /** Short, non-clinical text: a name as typed. */
  label?: string;
  /** Or a label composed here (a bed), as a code and params. */
  coded?: TCodedLabel;
}

/**
 * One row per recipient (one insertMany), counted in each recipient's tally, then each
 * recipient's channel hears theirs. A committed change never fails because its notifications
 * did: the failure is logged (without content) and the change stands.
 */
async function deliver(
  deps: AppDeps,
  actor: Actor,
  recipients: () => Promise<Types.ObjectId[]>,
  event: Omit<NotificationEvent, 'permission'>,
): Promise<number> {
  try {
    const recipientIds = await recipients();
    if (!recipientIds.length) return 0;
    const createdAt = new Date();
    const params = {
      ...(event.label === undefined ? {} : { label: event.label.slice(0, 200) }),
      ...(event.coded ? { coded: event.coded } : {}),
    };
    const docs = await Notification.insertMany(
      recipientIds.map((recipientId) => ({
        recipientId,
        type: event.type,
        entity: event.entity,
        entityId: event.entityId,
        params,
        actorUsername: actor.username,
        read: false,
        createdAt,
      })),
      { lean: true },
    );
    await Promise.all(recipientIds.map((recipientId) => countNotifications(String(recipientId), { unread: 1 })));
    await Promise.all(
      docs.map((doc) =>
        deps.bus.publish(
          notifyChannelOf(String(doc.recipientId)),
          toNotificationDto(doc as unknown as NotificationDoc),
        ),
      ),
    );
    return docs.length;
  } catch (error) {
    deps.logger.warn(
      { err: (error as Error).message, entity: event.entity, type: event.type },
      'notifications not sent',
    );
    return 0;
  }
}

/** Notifications to every holder of the event's permission (but the actor). */
export function notify(deps: AppDeps, actor: Actor, event: NotificationEvent): Promise<number> {
  return deliver(deps, actor, () => recipientsWith(event.permission, actor.id), event);
}

/** Notifications to named accounts (an appointment's patient and staff member), one row each. */
export function notifyUsers(
  deps: AppDeps,
  actor: Actor,
  recipientIds: Types.ObjectId[],
  event: Omit<NotificationEvent, 'permission'>,
): Promise<number> {
  const unique = [...new Map(recipientIds.map((id) => [String(id), id])).values()];
  return deliver(deps, actor, () => Promise.resolve(unique), event);
}

const NOTIFICATION_OF_CHANGE: Record<TChangeType, TNotificationType> = {
  created: 'created',
  updated: 'updated',
  deleted: 'deleted',
};

/** A CRUD factory `afterChange` that tells holders of `permission` what changed. */
export function changeNotifier<Doc extends { _id: Types.ObjectId }>(
  entity: TEntity,
  permission: TPermission,
  label: (doc: Doc) => string | Promise<string>,
) {
  return async (deps: AppDeps, actor: Actor, type: TChangeType, doc: Doc) => {
    let text: string | undefined;
    try {
      text = await label(doc);
    } catch {
      text = undefined;
    }
    await notify(deps, actor, {
      permission,
      type: NOTIFICATION_OF_CHANGE[type],
      entity,
      entityId: String(doc._id),
      ...(text ? { label: text } : {}),
    });
  };
}

type ListInput = z.infer<typeof ZNotificationListInput>;

/**
 * A notification leads to today's screen, so a bed in it names its room as the room is called
 * now (`_id` point lookups of the rooms on the page); a room since deleted keeps the name it had.
 */
async function withCurrentRoomNames(items: TNotification[]): Promise<TNotification[]> {
  const roomIds = new Set<string>();
  for (const item of items) if (item.params.coded?.code === 'bed') roomIds.add(item.params.coded.params.roomId);
  if (!roomIds.size) return items;
  const names = await namesById(Room, roomIds);
  return items.map((item) => {
    const coded = item.params.coded;
    if (coded?.code !== 'bed') return item;
    const room = names.get(coded.params.roomId) ?? coded.params.room;
    return { ...item, params: { ...item.params, coded: { ...coded, params: { ...coded.params, room } } } };
  });
}

const readFilter = (filter: ListInput['filter']) => (filter === 'all' ? {} : { read: filter === 'read' });

/** The caller's own rows only: every query starts from recipientId. Counts from the caller's tally. */
export async function listNotifications(userId: string, input: ListInput) {
  const mine = { recipientId: oid(userId) };
  const [docs, totals] = await Promise.all([
    Notification.find({ ...mine, ...readFilter(input.filter) })
      .sort({ createdAt: -1, _id: -1 })
      .skip((input.page - 1) * input.perPage)
      .limit(input.perPage)
      .lean(),
    readTally(tallyOf(userId)),
  ]);
  const unread = totals.unread ?? 0;
  const read = totals.read ?? 0;
  const counts = { all: unread + read, unread, read };
  return {
    items: await withCurrentRoomNames(docs.map(toNotificationDto)),
    total: counts[input.filter],
    page: input.page,
    perPage: input.perPage,
    counts,
  };
}

export async function unreadCount(userId: string) {
  return { count: (await readTally(tallyOf(userId))).unread ?? 0 };
}

export async function markRead(deps: AppDeps, actor: Actor, userId: string, ids: string[]) {
  const result = await Notification.updateMany(
    { _id: op({ $in: ids.map(oid) }), recipientId: oid(userId), read: false },
    { $set: { read: true } },
  );
  await countNotifications(userId, { unread: -result.modifiedCount, read: result.modifiedCount });
  if (result.modifiedCount)
    await recordAudit(deps, actor, {
      action: 'update',
      entity: 'notification',
      coded: codedLabel('markedRead', { count: result.modifiedCount }),
    });
  return { updated: result.modifiedCount };
}

export async function markAllRead(deps: AppDeps, actor: Actor, userId: string) {
  const result = await Notification.updateMany({ recipientId: oid(userId), read: false }, { $set: { read: true } });
  await countNotifications(userId, { unread: -result.modifiedCount, read: result.modifiedCount });
  if (result.modifiedCount)
    await recordAudit(deps, actor, {
      action: 'update',
      entity: 'notification',
      coded: codedLabel('markedRead', { count: result.modifiedCount }),
    });
  return { updated: result.modifiedCount };
}

export async function deleteNotifications(deps: AppDeps, actor: Actor, userId: string, ids: string[]) {
  // Which of them were unread, for the counts (by `_id`; only the caller's own).
  const found = (await findByIds(Notification, ids, { recipientId: 1, read: 1 })).filter(
    (doc) => String(doc.recipientId) === userId,
  );
  const result = await Notification.deleteMany({
    _id: op({ $in: found.map((doc) => doc._id) }),
    recipientId: oid(userId),
  });
  if (result.deletedCount === found.length) {
    const unread = found.filter((doc) => !doc.read).length;
    await countNotifications(userId, { unread: -unread, read: unread - found.length });
  }
  if (result.deletedCount)
    await recordAudit(deps, actor, {
      action: 'delete',
      entity: 'notification',
      coded: codedLabel('deleted', { count: result.deletedCount }),
    });
  return { deleted: result.deletedCount };
}
