import { ZOnChangeInput, zChangeEvent, type TPermission } from '@mas/shared';
import type { z } from 'zod';
import { permissionProcedure, type SessionUser } from '../trpc.ts';
import { changeStream, type ChangeEvent, type ChangeMessage } from './changes.ts';

export interface OnChangeSource<T> {
  /** The item schema; each yielded event is validated (and stripped) by its event schema. */
  item: z.ZodType<T>;
  /** Current items by id, for replayed events (one batched `$in` query). */
  loadItems: (ids: string[]) => Promise<Map<string, T>>;
  /** Which live changes a subscriber may see, when not every one it may read (e.g. hidden accounts). */
  canSee?: (viewer: SessionUser | null) => (message: ChangeMessage<T>) => boolean;
}

/**
 * The one `onChange` procedure: an entity's live changes to holders of `permission`, replayed
 * from the client's last event id. The CRUD factory's routers and the hand-written ones use it.
 * Subscriptions validate each yielded event themselves (tRPC's output parser does not apply to streams).
 */
export function onChangeProcedure<T>(entity: string, permission: TPermission, source: OnChangeSource<T>) {
  const schema = zChangeEvent(source.item) as unknown as z.ZodType<ChangeEvent<T>>;
  return permissionProcedure(permission)
    .input(ZOnChangeInput)
    .subscription(({ ctx, input, signal }) =>
      changeStream<T>({
        deps: ctx.deps,
        user: ctx.user,
        entity,
        lastEventId: input?.lastEventId,
        signal,
        loadItems: source.loadItems,
        ...(source.canSee ? { canSee: source.canSee(ctx.user) } : {}),
        schema,
      }),
    );
}
