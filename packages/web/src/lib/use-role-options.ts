import { trpc } from './trpc.ts';

/** Roles for filters and pickers (a handful; the list limit of 100 is plenty). */
export function useRoleOptions() {
  const query = trpc.role.list.useQuery(
    { page: 1, perPage: 100, status: 'all', sort: { field: 'name', direction: 'asc' } },
    { staleTime: 60_000 },
  );
  return query.data?.items ?? [];
}
