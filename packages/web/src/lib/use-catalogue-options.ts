import type { TPlainCatalogue } from '@mas/shared';
import { keepPreviousData } from '@tanstack/react-query';
import { trpc } from './trpc.ts';

/**
 * Catalogue entries for pickers and filters, searched on the server when `search` is given
 * (catalogues such as diagnoses can outgrow one page).
 */
export function useCatalogueOptions(entity: TPlainCatalogue, search = '', includeInactive = false) {
  const query = trpc[entity].list.useQuery(
    {
      page: 1,
      perPage: 100,
      status: includeInactive ? 'all' : 'active',
      sort: { field: 'name', direction: 'asc' },
      ...(search ? { search } : {}),
    },
    { staleTime: 60_000, placeholderData: keepPreviousData },
  );
  // `searching`: the options shown are not yet the answer to `search` (first load, or the previous search's).
  return {
    options: query.data?.items ?? [],
    loading: query.isFetching,
    searching: query.isPending || query.isPlaceholderData,
  };
}
