import { useSnackbar } from 'notistack';
import { useState } from 'react';
import { useT } from '../../i18n/use-t.ts';
import { describeError } from '../../lib/errors.ts';
import type { BaseRow, EntityApi } from './types.ts';

/** Retire/restore and delete with feedback; the list refreshes without waiting for the live event. */
export function useListMutations<T extends BaseRow, S extends string, F extends object, K extends string>(
  api: EntityApi<T, S, F, K>,
  nameOf: (row: T) => string,
  refresh: () => void,
) {
  const { t } = useT();
  const { enqueueSnackbar } = useSnackbar();
  const setActive = api.useSetActive();
  const remove = api.useDelete();
  const removeMany = api.useDeleteMany();
  /** The row whose status is being switched, to show progress on it. */
  const [togglingId, setTogglingId] = useState<string | null>(null);

  const fail = (error: unknown) => enqueueSnackbar(describeError(error), { variant: 'error' });

  async function toggleActive(row: T) {
    setTogglingId(row.id);
    try {
      await setActive.mutateAsync({ id: row.id, isActive: !row.isActive });
      enqueueSnackbar(t(row.isActive ? 'toasts.deactivated' : 'toasts.activated', { name: nameOf(row) }), {
        variant: 'success',
      });
      refresh();
    } catch (error) {
      fail(error);
    } finally {
      setTogglingId(null);
    }
  }

  async function deleteOne(row: T): Promise<boolean> {
    try {
      await remove.mutateAsync({ id: row.id });
      enqueueSnackbar(t('toasts.deleted', { name: nameOf(row) }), { variant: 'success' });
      refresh();
      return true;
    } catch (error) {
      fail(error);
      return false;
    }
  }

  async function deleteMany(ids: string[]): Promise<boolean> {
    try {
      const result = (await removeMany.mutateAsync({ ids })) as { deleted: number };
      enqueueSnackbar(t('toasts.deletedMany', { count: result.deleted }), { variant: 'success' });
      refresh();
      return true;
    } catch (error) {
      fail(error);
      return false;
    }
  }

  return { toggleActive, togglingId, deleteOne, deleteMany, deleting: remove.isPending || removeMany.isPending };
}
