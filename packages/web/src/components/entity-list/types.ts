import type { TSortDirection, TStatusFilter } from '@mas/shared';
import type { GridColDef, GridValidRowModel } from '@mui/x-data-grid';

export interface BaseRow {
  id: string;
  version: number;
  /** Reference data and people can be retired; admissions cannot. */
  isActive?: boolean;
}

export type TStatusTab = TStatusFilter;

/** What every list procedure takes (zListInput in @mas/shared); K are its status tabs. */
export interface ListQuery<S extends string, K extends string = TStatusTab> {
  search?: string;
  page: number;
  perPage: number;
  sort?: { field: S; direction: TSortDirection };
  status: K;
}

export interface ListPage<T, K extends string = TStatusTab> {
  items: T[];
  total: number;
  page: number;
  perPage: number;
  counts?: Record<K, number>;
}

export interface MutationLike<I> {
  mutateAsync(input: I): Promise<unknown>;
  isPending: boolean;
}

/** 'pending' means connected and waiting for events (tRPC's naming). */
export type TLiveStatus = 'idle' | 'connecting' | 'pending' | 'error';

/**
 * The procedures a list screen needs, bound to one entity: `entityApi(entity)` (adapters.ts)
 * builds it from the router's types, so the generic screen stays fully typed.
 */
export interface EntityApi<
  T extends BaseRow,
  S extends string,
  F extends object = object,
  K extends string = TStatusTab,
> {
  useList(query: ListQuery<S, K> & F): {
    data: ListPage<T, K> | undefined;
    isFetching: boolean;
    isPending: boolean;
    error: unknown;
    refetch(): unknown;
  };
  /** Calls back on every change event (with the record as it is now); returns the subscription's state. */
  useChanges(onChange: (event: { id: string; type?: string; item?: T }) => void): TLiveStatus;
  useInvalidate(): () => Promise<void>;
  /** Reads one page imperatively (the CSV export pages through every matching row). */
  useFetchPage?(): (query: ListQuery<S, K> & F) => Promise<ListPage<T, K>>;
  useSetActive(): MutationLike<{ id: string; isActive: boolean }>;
  useDelete(): MutationLike<{ id: string }>;
  useDeleteMany(): MutationLike<{ ids: string[] }>;
}

/** A column, plus where it hides on narrow screens (users can still show it). */
export type EntityColumn<T extends GridValidRowModel> = GridColDef<T> & {
  hideBelow?: 'sm' | 'md' | 'lg' | 'xl';
  /** Hidden until shown from the Columns panel (kept for sorting and CSV). */
  hiddenByDefault?: boolean;
  /**
   * Its place on the phone card: the title, a chip beside it, a labelled field, or absent.
   * By default the first column is the title and the others are fields unless hidden by
   * default or shown only on the widest screens.
   */
  card?: 'title' | 'badge' | 'field' | false;
};

/** What a row allows beyond the user's permission. */
export interface RowPolicy {
  /** e.g. your own account, a built-in role. */
  noDelete?: boolean;
  noDeactivate?: boolean;
}
