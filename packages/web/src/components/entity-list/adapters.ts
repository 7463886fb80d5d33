import type { RouterInputs, RouterOutputs } from '@mas/api';
import type { TEntity } from '@mas/shared';
import { keepPreviousData } from '@tanstack/react-query';
import { trpc } from '../../lib/trpc.ts';
import { feedOptions, useFeedInput } from './live.ts';
import type { EntityApi, ListPage, MutationLike, TLiveStatus } from './types.ts';

/*
 * One adapter for every entity's list screen, typed from the router: the row, the sort fields,
 * the status tabs and the extra filters of `entityApi('patient')` are those of
 * `RouterInputs['patient']['list']` / `RouterOutputs['patient']['list']`, never copied.
 */

type TListInput<E extends TEntity> = RouterInputs[E]['list'];
/** A row of the entity's list. */
export type TRowOf<E extends TEntity> = RouterOutputs[E]['list']['items'][number];
/** The fields its list sorts by (the shared list schema's enum). */
export type TSortOf<E extends TEntity> = NonNullable<TListInput<E>['sort']>['field'];
/** Its status tabs (all / active / inactive, or an admission's all / active / discharged). */
export type TTabOf<E extends TEntity> = NonNullable<TListInput<E>['status']>;
/** Filters its list takes beyond search, paging, sort and status (e.g. a staff member's specialtyId). */
export type TFiltersOf<E extends TEntity> = Omit<TListInput<E>, 'search' | 'page' | 'perPage' | 'sort' | 'status'>;

/**
 * The procedures a list screen calls, as every entity's router has them. tRPC's proxy cannot be
 * indexed by a generic key and still be called, so `routeOf` states the common shape once, in
 * the router's own input and output types.
 */
interface CrudRoute<E extends TEntity> {
  list: {
    useQuery(
      input: TListInput<E>,
      options: { placeholderData: typeof keepPreviousData },
    ): {
      data: RouterOutputs[E]['list'] | undefined;
      isFetching: boolean;
      isPending: boolean;
      error: unknown;
      refetch(): unknown;
    };
  };
  onChange: {
    useSubscription(
      input: { lastEventId: string | null },
      options: ReturnType<typeof feedOptions<{ id: string; item?: TRowOf<E> }>>,
    ): { status: TLiveStatus };
  };
  setActive: { useMutation(): MutationLike<{ id: string; isActive: boolean }> };
  delete: { useMutation(): MutationLike<{ id: string }> };
  deleteMany: { useMutation(): MutationLike<{ ids: string[] }> };
}

const routeOf = <E extends TEntity>(entity: E) => trpc[entity] as unknown as CrudRoute<E>;

type TUtils = ReturnType<typeof trpc.useUtils>;

interface Options {
  /** Other cached data a change here moves (an admission moves beds and figures). */
  invalidateAlso?(utils: TUtils): Array<Promise<unknown>>;
  /** Records that are not retired (admissions are discharged): no activate/deactivate. */
  noSetActive?: boolean;
}

const noSetActive: MutationLike<{ id: string; isActive: boolean }> = {
  isPending: false,
  mutateAsync: () => Promise.reject(new Error('These records are not deactivated.')),
};

const keep = { placeholderData: keepPreviousData };

/** The list screen's procedures for one entity. */
export function entityApi<E extends TEntity>(
  entity: E,
  options: Options = {},
): EntityApi<TRowOf<E>, TSortOf<E>, TFiltersOf<E>, TTabOf<E>> {
  const route = routeOf(entity);
  // The screen's query is the list input (ListQuery<S, K> & F spelled out); TS cannot see it for a generic E.
  const input = (query: unknown) => query as TListInput<E>;
  const page = (data: RouterOutputs[E]['list']) => data as ListPage<TRowOf<E>, TTabOf<E>>;
  return {
    useList(query) {
      const { data, isFetching, isPending, error, refetch } = route.list.useQuery(input(query), keep);
      return { data: data && page(data), isFetching, isPending, error, refetch };
    },
    useFetchPage() {
      const utils = trpc.useUtils();
      const client = utils.client[entity] as unknown as {
        list: { query(input: TListInput<E>): Promise<RouterOutputs[E]['list']> };
      };
      return (query) => client.list.query(input(query)).then(page);
    },
    useChanges(onChange) {
      return route.onChange.useSubscription(useFeedInput(entity), feedOptions(entity, onChange)).status;
    },
    useInvalidate() {
      const utils = trpc.useUtils();
      return async () => {
        await Promise.all([
          (utils[entity] as unknown as { invalidate(): Promise<void> }).invalidate(),
          ...(options.invalidateAlso?.(utils) ?? []),
        ]);
      };
    },
    useSetActive: () => (options.noSetActive ? noSetActive : route.setActive.useMutation()),
    useDelete: () => route.delete.useMutation(),
    useDeleteMany: () => route.deleteMany.useMutation(),
  };
}
