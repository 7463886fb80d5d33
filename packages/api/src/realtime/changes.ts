import { tracked, type TrackedEnvelope } from '@trpc/server';
import type { TChangeType } from '@mas/shared';
import { model, Schema, Types } from 'mongoose';
import type { z } from 'zod';
import { op } from '../db/schema.ts';
import { liveStream } from './stream.ts';
import type { AppDeps, SessionUser } from '../trpc.ts';

/**
 * The persisted change log: what happened to which record, not the record
 * itself (no PHI at rest twice). Replays load the current items by id.
 */
interface EventDoc {
  _id: Types.ObjectId;
  entity: string;
  type: TChangeType;
  entityId: string;
  at: Date;
}
const schema = new Schema<EventDoc>(
  {
    entity: { type: String, required: true },
    type: { type: String, required: true },
    entityId: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { collection: 'events', versionKey: false, strict: 'throw' },
);
schema.index({ entity: 1, _id: 1 });
schema.index({ at: 1 });
export const EventLog = model<EventDoc>('Event', schema);

export interface ChangeMessage<T = unknown> {
  eventId: string;
  type: TChangeType;
  id: string;
  item?: T;
}

export const channelOf = (entity: string) => `change:${entity}`;

/** What subscribers see of a message: the event id travels as the tracked id instead. */
const eventOf = <T>({ type, id, item }: ChangeMessage<T>) => ({ type, id, ...(item === undefined ? {} : { item }) });

/** Persists the event, then tells every subscriber (in all processes, with Redis). */
export async function publishChange(deps: AppDeps, entity: string, type: TChangeType, id: string, item?: unknown) {
  const event = await EventLog.create({ entity, type, entityId: id, at: new Date() });
  const message: ChangeMessage = { eventId: String(event._id), type, id, ...(item === undefined ? {} : { item }) };
  await deps.bus.publish(channelOf(entity), message);
}

export { realtimeSettings } from './session-watch.ts';

/*
 * Event ids are ObjectIds: 4 bytes of seconds, 5 bytes unique to the writing
 * process, a 3-byte counter. Within one process they are strictly ordered; across
 * processes, two ids of the same second order by their process bytes, not by time.
 * So a replay starts at the beginning of the last seen event's second and skips
 * only what the client provably saw: that process's events up to the last one,
 * and anything from an earlier second. Events other processes wrote in that same
 * second are sent again (a rare duplicate beats a silent loss).
 */
const startOfSecond = (id: string) => new Types.ObjectId(`${id.slice(0, 8)}0000000000000000`);

/** Whether a client whose last event was `last` has certainly seen event `id`. */
function seenBefore(id: string, last: string): boolean {
  if (id.slice(0, 8) !== last.slice(0, 8)) return id < last;
  return id.slice(8, 18) === last.slice(8, 18) && id <= last;
}

/** Most events a reconnecting client is sent before it should reload instead. */
const MAX_REPLAY = 1000;

export interface ChangeStreamOptions<T> {
  deps: AppDeps;
  entity: string;
  lastEventId?: string | null | undefined;
  signal: AbortSignal | undefined;
  /** Current items by id, for replayed events (one batched `$in` query). */
  loadItems: (ids: string[]) => Promise<Map<string, T>>;
  /** Per-subscriber filter: whether this subscriber may see the item. */
  canSee?: (message: ChangeMessage<T>) => boolean;
  /** The subscriber; the stream ends once their session does. */
  user: SessionUser | null;
  /** The procedure's event schema: each yielded event is validated (and stripped) by it. */
  schema: z.ZodType<ChangeEvent<T>>;
}

export type ChangeEvent<T> = { type: TChangeType; id: string; item?: T | undefined };

/**
 * Parsed live events by message and schema. Every subscriber in a process gets the same
 * message object from the bus, so an event is validated once, not once per subscriber.
 */
const parsedEvents = new WeakMap<ChangeMessage, WeakMap<z.ZodType, unknown>>();

function parseEvent<T>(message: ChangeMessage<T>, schema: z.ZodType<ChangeEvent<T>>): ChangeEvent<T> {
  let bySchema = parsedEvents.get(message);
  if (!bySchema) parsedEvents.set(message, (bySchema = new WeakMap()));
  if (!bySchema.has(schema)) bySchema.set(schema, schema.parse(eventOf(message)));
  return bySchema.get(schema) as ChangeEvent<T>;
}

/**
 * Live changes of one entity with `tracked()` ids, on the one subscription loop (`liveStream`):
 * it listens to the bus before replaying what the client missed, so nothing falls between the two.
 */
export function changeStream<T>(options: ChangeStreamOptions<T>): AsyncGenerator<TrackedEnvelope<ChangeEvent<T>>> {
  const { entity } = options;
  const lastEventId = options.lastEventId ?? null;
  // Ids the replay sent, so the live queue (which filled meanwhile) does not send them again.
  const replayed = new Set<string>();
  const visible = (message: ChangeMessage<T>) => !options.canSee || options.canSee(message);

  async function* replay() {
    if (!lastEventId) return;
    const missed = await EventLog.find({ entity, _id: op({ $gte: startOfSecond(lastEventId) }) })
      .sort({ _id: 1 })
      .limit(MAX_REPLAY)
      .lean();
    const unseen = missed.filter((event) => !seenBefore(String(event._id), lastEventId));
    const liveIds = unseen.filter((event) => event.type !== 'deleted').map((event) => event.entityId);
    const items = liveIds.length ? await options.loadItems([...new Set(liveIds)]) : new Map<string, T>();
    for (const event of unseen) {
      const item = event.type === 'deleted' ? undefined : items.get(event.entityId);
      const message: ChangeMessage<T> = {
        eventId: String(event._id),
        type: event.type,
        id: event.entityId,
        ...(item ? { item } : {}),
      };
      replayed.add(message.eventId);
      if (visible(message)) yield tracked(message.eventId, options.schema.parse(eventOf(message)));
    }
  }

  return liveStream<ChangeMessage<T>, ChangeEvent<T>>({
    deps: options.deps,
    channel: channelOf(entity),
    user: options.user,
    signal: options.signal,
    replay,
    deliver: (message) =>
      replayed.has(message.eventId) || (lastEventId && seenBefore(message.eventId, lastEventId)) || !visible(message)
        ? null
        : tracked(message.eventId, parseEvent(message, options.schema)),
  });
}
