import DeleteIcon from '@mui/icons-material/DeleteOutline';
import EditIcon from '@mui/icons-material/EditOutlined';
import ToggleOffIcon from '@mui/icons-material/ToggleOffOutlined';
import ToggleOnIcon from '@mui/icons-material/ToggleOnOutlined';
import { Chip, CircularProgress, useMediaQuery } from '@mui/material';
import { useTheme } from '@mui/material/styles';
import { GridActionsCellItem, type GridColDef, type GridColumnVisibilityModel } from '@mui/x-data-grid';
import { useMemo, type ReactElement } from 'react';
import { useT } from '../../i18n/use-t.ts';
import type { CardLayout } from '../data-grid/GridCards.tsx';
import type { BaseRow, EntityColumn, RowPolicy } from './types.ts';

interface Options<T extends BaseRow, S extends string> {
  columns: EntityColumn<T>[];
  sortFields: readonly S[];
  canWrite: boolean;
  statusColumn: GridColDef<T> | false | undefined;
  toggleable: boolean;
  /** The row whose status is switching (a spinner replaces its actions). */
  togglingId: string | null;
  nameOf(row: T): string;
  rowPolicy?(row: T): RowPolicy;
  extraRowActions?(row: T): ReactElement[];
  onEdit(row: T): void;
  onToggle(row: T): void;
  onDelete(row: T): void;
}

/**
 * The entity's columns plus status and row actions, sortable only where the API sorts,
 * and which columns to hide at the current screen width.
 */
export function useGridColumns<T extends BaseRow, S extends string>(options: Options<T, S>) {
  const {
    columns,
    sortFields,
    canWrite,
    statusColumn,
    toggleable,
    togglingId,
    nameOf,
    rowPolicy,
    extraRowActions,
    onEdit,
    onToggle,
    onDelete,
  } = options;
  const { t } = useT();
  const theme = useTheme();
  const upSm = useMediaQuery(theme.breakpoints.up('sm'));
  const upMd = useMediaQuery(theme.breakpoints.up('md'));
  const upLg = useMediaQuery(theme.breakpoints.up('lg'));
  const upXl = useMediaQuery(theme.breakpoints.up('xl'));
  const hiddenBelow = useMemo(() => {
    const up = { sm: upSm, md: upMd, lg: upLg, xl: upXl };
    const model: GridColumnVisibilityModel = {};
    for (const column of columns)
      if (column.hiddenByDefault || (column.hideBelow && !up[column.hideBelow])) model[column.field] = false;
    // Phones show the status through the row's muted style (inactive rows are grey).
    if (!upSm) model.isActive = false;
    return model;
  }, [columns, upSm, upMd, upLg, upXl]);

  const gridColumns = useMemo<GridColDef<T>[]>(() => {
    const activeColumn: GridColDef<T> = {
      field: 'isActive',
      headerName: t('common:status.label'),
      width: 100,
      sortable: false,
      valueGetter: (value: boolean) => (value ? t('common:status.active') : t('common:status.inactive')),
      renderCell: ({ row }) => (
        <Chip
          size="small"
          variant={row.isActive ? 'filled' : 'outlined'}
          color={row.isActive ? 'success' : 'default'}
          label={row.isActive ? t('common:status.active') : t('common:status.inactive')}
        />
      ),
    };
    const actionsColumn: GridColDef<T> = {
      field: 'actions',
      type: 'actions',
      // Named for screen readers and the columns panel, where it cannot be hidden.
      headerName: t('common:list.actions'),
      renderHeader: () => null,
      hideable: false,
      width: 84,
      disableExport: true,
      getActions: ({ row }) => {
        if (togglingId === row.id)
          return [<CircularProgress key="busy" size={20} aria-label={t('common:actions.saving')} />];
        const policy = rowPolicy?.(row) ?? {};
        const label = nameOf(row);
        const actions: ReactElement[] = [
          <GridActionsCellItem
            key="edit"
            icon={<EditIcon />}
            label={`${t('common:actions.edit')} ${label}`}
            onClick={() => onEdit(row)}
            data-testid="row-edit"
          />,
        ];
        if (toggleable && !(row.isActive && policy.noDeactivate)) {
          actions.push(
            <GridActionsCellItem
              key="toggle"
              showInMenu
              icon={row.isActive ? <ToggleOffIcon /> : <ToggleOnIcon />}
              label={row.isActive ? t('common:actions.deactivate') : t('common:actions.activate')}
              onClick={() => onToggle(row)}
              data-testid="row-toggle"
            />,
          );
        }
        actions.push(...(extraRowActions?.(row) ?? []));
        if (!policy.noDelete) {
          actions.push(
            <GridActionsCellItem
              key="delete"
              showInMenu
              icon={<DeleteIcon color="error" />}
              label={t('common:actions.delete')}
              onClick={() => onDelete(row)}
              data-testid="row-delete"
            />,
          );
        }
        return actions;
      },
    };
    const own = columns.map(({ hideBelow: _hideBelow, hiddenByDefault: _hidden, card: _card, ...column }) => ({
      ...column,
      sortable: sortFields.includes(column.field as S),
    }));
    const status = statusColumn === false ? [] : [statusColumn ?? activeColumn];
    return canWrite ? [...own, ...status, actionsColumn] : [...own, ...status];
  }, [
    columns,
    sortFields,
    canWrite,
    t,
    togglingId,
    rowPolicy,
    extraRowActions,
    nameOf,
    onEdit,
    onToggle,
    onDelete,
    toggleable,
    statusColumn,
  ]);

  const cardLayout = useMemo<CardLayout>(() => {
    const title = columns.find((column) => column.card === 'title') ?? columns[0];
    const rest = columns.filter((column) => column !== title);
    const badges = rest.filter((column) => column.card === 'badge').map((column) => column.field);
    if (statusColumn !== false) badges.unshift(statusColumn?.field ?? 'isActive');
    const fields = rest
      .filter((column) =>
        column.card === undefined ? !column.hiddenByDefault && column.hideBelow !== 'xl' : column.card === 'field',
      )
      .map((column) => column.field);
    return { title: title?.field ?? '', badges, fields };
  }, [columns, statusColumn]);

  return { gridColumns, hiddenBelow, cardLayout };
}
