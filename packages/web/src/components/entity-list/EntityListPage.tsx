import type { TPermission } from '@mas/shared';
import AddIcon from '@mui/icons-material/Add';
import DeleteIcon from '@mui/icons-material/DeleteOutline';
import { Alert, Box, Button, Card, Stack, Typography } from '@mui/material';
import {
  type GridColDef,
  type GridColumnVisibilityModel,
  type GridPaginationModel,
  type GridRowSelectionModel,
  type GridSortModel,
} from '@mui/x-data-grid';
import dayjs from 'dayjs';
import { useCallback, useEffect, useMemo, useRef, useState, type ReactElement, type ReactNode } from 'react';
import { useSearchParams } from 'react-router';
import { useAuth } from '../../auth/auth-context.tsx';
import { useT } from '../../i18n/use-t.ts';
import { describeError } from '../../lib/errors.ts';
import { ConfirmDialog } from '../ConfirmDialog.tsx';
import { AppDataGrid } from '../data-grid/AppDataGrid.tsx';
import { PageHeader } from '../PageHeader.tsx';
import { LiveChip } from './LiveChip.tsx';
import { useThrottledCallback } from './live.ts';
import { SearchField } from './SearchField.tsx';
import { STATUS_TABS, StatusTabs } from './StatusTabs.tsx';
import type { BaseRow, EntityApi, EntityColumn, RowPolicy, TStatusTab } from './types.ts';
import { useGridColumns } from './use-grid-columns.tsx';
import { useListMutations } from './use-list-mutations.ts';

interface Props<T extends BaseRow, S extends string, F extends object, K extends string> {
  /** Page title (the plural), its one-line explanation, and the create button's label. */
  texts: { title: string; subtitle: string; create: string };
  api: EntityApi<T, S, F, K>;
  /** Status tabs and their labels; All / Active / Inactive when absent. */
  tabs?: { values: readonly K[]; label(tab: K): string; initial: K };
  /** Replaces the Active/Inactive status column (or drops it with false). */
  statusColumn?: GridColDef<T> | false;
  /** Offer activate/deactivate (records that can be retired). */
  toggleable?: boolean;
  columns: EntityColumn<T>[];
  sortFields: readonly S[];
  /** Entity-specific filters sent with the list query, and the controls that set them. */
  filters?: F;
  filterControls?: ReactNode;
  writePermission: TPermission;
  /** When deleting needs more than writing (admissions: administrators only). */
  deletePermission?: TPermission;
  nameOf(row: T): string;
  /** The create (row null) or edit dialog. */
  renderForm(row: T | null, onClose: () => void): ReactNode;
  extraRowActions?(row: T): ReactElement[];
  rowPolicy?(row: T): RowPolicy;
  searchPlaceholder?: string;
}

const EMPTY_SELECTION: GridRowSelectionModel = { type: 'include', ids: new Set() };

/**
 * One list screen for any entity: server-side paging, sorting, search and status tabs,
 * multi-select with bulk delete, row actions, CSV export, live updates, and the entity's
 * create/edit dialog (also reachable with ?new=1, which the command palette uses).
 */
export function EntityListPage<T extends BaseRow, S extends string, F extends object, K extends string = TStatusTab>(
  props: Props<T, S, F, K>,
) {
  const {
    texts,
    api,
    columns,
    sortFields,
    filters,
    filterControls,
    writePermission,
    deletePermission,
    nameOf,
    renderForm,
    extraRowActions,
    rowPolicy: ownPolicy,
    toggleable = true,
  } = props;
  const { t } = useT('entities');
  const { can } = useAuth();
  const canWrite = can(writePermission);
  const canDelete = canWrite && can(deletePermission ?? writePermission);
  // Without the delete permission no row offers delete (nor can be selected for it).
  const rowPolicy = useMemo(
    () => (canDelete ? ownPolicy : (row: T) => ({ ...ownPolicy?.(row), noDelete: true })),
    [canDelete, ownPolicy],
  );
  const [params, setParams] = useSearchParams();

  const tabs = props.tabs ?? {
    values: STATUS_TABS as readonly string[] as readonly K[],
    label: (tab: K) => t(`common:tabs.${tab as TStatusTab}`),
    initial: 'all' as K,
  };
  const [status, setStatus] = useState<K>(tabs.initial);
  // Already debounced by the search field.
  const [debouncedSearch, setSearch] = useState('');
  const [sortModel, setSortModel] = useState<GridSortModel>([]);
  const [pageSize, setPageSize] = useState(10);
  // Page and selection belong to one filter: when the filter changes they start over.
  const filterKey = JSON.stringify([status, debouncedSearch, filters ?? null, sortModel]);
  const [paging, setPaging] = useState({ key: filterKey, page: 0 });
  const page = paging.key === filterKey ? paging.page : 0;
  const selectionKey = `${filterKey}:${page}:${pageSize}`;
  const [selectionState, setSelectionState] = useState({ key: selectionKey, model: EMPTY_SELECTION });
  const selection = selectionState.key === selectionKey ? selectionState.model : EMPTY_SELECTION;
  const selectedIds = [...selection.ids].map(String);
  const [userVisibility, setUserVisibility] = useState<GridColumnVisibilityModel>({});
  const [formRow, setFormRow] = useState<T | null | undefined>(undefined);
  const [confirm, setConfirm] = useState<{ kind: 'one'; row: T } | { kind: 'many'; ids: string[] } | null>(null);

  const sort =
    sortModel[0] && sortFields.includes(sortModel[0].field as S)
      ? { field: sortModel[0].field as S, direction: sortModel[0].sort ?? 'asc' }
      : undefined;
  const query = {
    ...(filters ?? ({} as F)),
    ...(debouncedSearch ? { search: debouncedSearch } : {}),
    ...(sort ? { sort } : {}),
    page: page + 1,
    perPage: pageSize,
    status,
  };
  const list = api.useList(query);
  // The export reads every row of this filter, search and sort from the server.
  const fetchListPage = api.useFetchPage?.();
  const exportQuery = JSON.stringify(query);
  const fetchPage = useMemo(
    () =>
      fetchListPage &&
      ((exportPage: number, perPage: number) => fetchListPage({ ...query, page: exportPage, perPage })),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- rebuilt when the query changes by value
    [exportQuery],
  );
  const invalidate = api.useInvalidate();
  const refresh = useThrottledCallback(() => void invalidate(), 250);
  // A change event carries the record as it is now: show it at once, before the refetch lands
  // (the newer version wins, so a slower refetch never brings the old row back).
  const [liveRows, setLiveRows] = useState<{ rows: Map<string, T>; gone: Set<string> }>(() => ({
    rows: new Map(),
    gone: new Set(),
  }));
  const onLiveEvent = useCallback(
    (event: { id: string; type?: string; item?: T }) => {
      const { item, type, id } = event;
      if (item || type === 'deleted')
        setLiveRows((current) => ({
          rows: item ? new Map(current.rows).set(item.id, item) : current.rows,
          gone: type === 'deleted' ? new Set(current.gone).add(id) : current.gone,
        }));
      refresh();
    },
    [refresh],
  );
  const liveStatus = api.useChanges(onLiveEvent);
  const rows = (list.data?.items ?? [])
    .filter((row) => !liveRows.gone.has(row.id))
    .map((row) => {
      const live = liveRows.rows.get(row.id);
      return live && live.version > row.version ? live : row;
    });
  const { toggleActive, togglingId, deleteOne, deleteMany, deleting } = useListMutations(api, nameOf, refresh);

  const createRequested = params.get('new') === '1' && canWrite;
  const formOpen = formRow !== undefined || createRequested;
  const closeForm = () => {
    setFormRow(undefined);
    // The command palette and the bed board open the create form through the address.
    if (params.has('new')) {
      setParams(
        (current) => {
          current.delete('new');
          current.delete('place');
          return current;
        },
        { replace: true },
      );
    }
  };

  // Stable handlers keep the columns (and any widths the user dragged) from being rebuilt every render.
  const toggleRef = useRef(toggleActive);
  useEffect(() => {
    toggleRef.current = toggleActive;
  });
  const onToggle = useCallback((row: T) => void toggleRef.current(row), []);
  const onDelete = useCallback((row: T) => setConfirm({ kind: 'one', row }), []);
  const { gridColumns, hiddenBelow, cardLayout } = useGridColumns<T, S>({
    columns,
    sortFields,
    canWrite,
    statusColumn: props.statusColumn,
    toggleable,
    togglingId,
    nameOf,
    ...(rowPolicy ? { rowPolicy } : {}),
    ...(extraRowActions ? { extraRowActions } : {}),
    onEdit: setFormRow,
    onToggle,
    onDelete,
  });

  const onPaginationModelChange = (model: GridPaginationModel) => {
    setPageSize(model.pageSize);
    setPaging({ key: filterKey, page: model.pageSize === pageSize ? model.page : 0 });
  };

  const plural = texts.title;
  const fileName = `${plural}-${dayjs().format('YYYY-MM-DD')}`;
  const filtered = Boolean(debouncedSearch) || status !== tabs.initial || Object.keys(filters ?? {}).length > 0;

  const selectionBar = selectedIds.length > 0 && (
    <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
      <Typography variant="body2" sx={{ fontWeight: 600 }} data-testid="selection-count">
        {t('common:list.selected', { count: selectedIds.length })}
      </Typography>
      <Button
        size="small"
        color="error"
        variant="outlined"
        startIcon={<DeleteIcon />}
        onClick={() => setConfirm({ kind: 'many', ids: selectedIds })}
        data-testid="delete-selected"
      >
        {t('common:list.deleteSelected')}
      </Button>
    </Stack>
  );

  return (
    <>
      <PageHeader
        title={plural}
        subtitle={texts.subtitle}
        actions={
          canWrite && (
            <Button
              variant="contained"
              startIcon={<AddIcon />}
              onClick={() => setFormRow(null)}
              data-testid="create-button"
            >
              {texts.create}
            </Button>
          )
        }
      />
      <Card>
        <StatusTabs
          tabs={tabs.values}
          label={tabs.label}
          value={status}
          onChange={setStatus}
          counts={list.data?.counts}
        />
        <Stack
          direction={{ xs: 'column', sm: 'row' }}
          spacing={1.5}
          useFlexGap
          sx={{ px: 2, pt: 2, pb: 1, alignItems: { sm: 'center' }, flexWrap: 'wrap' }}
        >
          <SearchField
            value={debouncedSearch}
            onChange={setSearch}
            busy={list.isFetching}
            placeholder={props.searchPlaceholder ?? t('common:list.searchPlaceholder')}
          />
          {filterControls}
        </Stack>
        {list.error && !list.data ? (
          <Alert
            severity="error"
            sx={{ m: 2 }}
            action={
              <Button color="inherit" size="small" onClick={() => void list.refetch()}>
                {t('common:actions.retry')}
              </Button>
            }
          >
            {t('common:list.loadFailed')} {describeError(list.error)}
          </Alert>
        ) : (
          <Box sx={{ width: '100%' }}>
            <AppDataGrid<T>
              autoHeight
              rows={rows}
              columns={gridColumns}
              rowCount={list.data?.total ?? 0}
              loading={list.isFetching}
              paginationMode="server"
              sortingMode="server"
              paginationModel={{ page, pageSize }}
              onPaginationModelChange={onPaginationModelChange}
              sortModel={sortModel}
              onSortModelChange={setSortModel}
              checkboxSelection={canDelete}
              disableRowSelectionExcludeModel
              isRowSelectable={({ row }) => !rowPolicy?.(row).noDelete}
              rowSelectionModel={selection}
              onRowSelectionModelChange={(model) => setSelectionState({ key: selectionKey, model })}
              columnVisibilityModel={{ ...hiddenBelow, ...userVisibility }}
              onColumnVisibilityModelChange={setUserVisibility}
              getRowClassName={({ row }) => (row.isActive === false ? 'row-inactive' : '')}
              onCellClick={({ field, row }) => {
                if (canWrite && field !== '__check__' && field !== 'actions') setFormRow(row);
              }}
              onCellKeyDown={({ field, row }, event) => {
                if (canWrite && event.key === 'Enter' && field !== '__check__' && field !== 'actions') setFormRow(row);
              }}
              cards={cardLayout}
              {...(canWrite ? { onOpenRow: setFormRow } : {})}
              localeText={{ noRowsLabel: filtered ? t('common:list.emptyFiltered') : t('common:list.empty') }}
              label={plural}
              slotProps={{
                toolbar: {
                  fileName,
                  start: selectionBar || <LiveChip status={liveStatus} />,
                  ...(fetchPage ? { fetchPage } : {}),
                },
              }}
              sx={{ '& .MuiDataGrid-row': { cursor: canWrite ? 'pointer' : 'default' } }}
            />
          </Box>
        )}
      </Card>
      {formOpen && renderForm(formRow ?? null, closeForm)}
      <ConfirmDialog
        open={confirm !== null}
        title={
          confirm?.kind === 'one'
            ? t('common:confirm.deleteOneTitle', { name: nameOf(confirm.row) })
            : t('common:confirm.deleteManyTitle', { count: confirm?.ids.length ?? 0 })
        }
        text={confirm?.kind === 'one' ? t('common:confirm.deleteOneText') : t('common:confirm.deleteManyText')}
        confirmLabel={t('common:actions.delete')}
        pending={deleting}
        onClose={() => setConfirm(null)}
        onConfirm={() =>
          void (async () => {
            if (!confirm) return;
            const done = confirm.kind === 'one' ? await deleteOne(confirm.row) : await deleteMany(confirm.ids);
            // Refused or not, the question is answered: the dialog closes and a toast says why.
            setConfirm(null);
            if (done) setSelectionState({ key: selectionKey, model: EMPTY_SELECTION });
          })()
        }
      />
    </>
  );
}
