import { useMediaQuery } from '@mui/material';
import { useTheme } from '@mui/material/styles';
import type { ReactNode } from 'react';
import { DataGrid, type DataGridProps, type GridCallbackDetails, type GridValidRowModel } from '@mui/x-data-grid';
import { enUS, esES } from '@mui/x-data-grid/locales';
import { useSettings } from '../../app/settings-context.tsx';
import { defaultCardLayout, GridCards, type CardLayout } from './GridCards.tsx';
import { GridToolbar } from './GridToolbar.tsx';

const LOCALE_TEXT = {
  es: esES.components.MuiDataGrid.defaultProps.localeText,
  en: enUS.components.MuiDataGrid.defaultProps.localeText,
};

export const PAGE_SIZES = [5, 10, 25, 50, 100];

type Props<R extends GridValidRowModel> = DataGridProps<R> & {
  /**
   * At phone width the rows become cards with these columns (by default: the first column as
   * title, every shown column below); false keeps the grid.
   */
  cards?: CardLayout | false;
  /** What opening a card does (the grid's row click). */
  onOpenRow?(row: R): void;
};

/**
 * DataGrid in the app's language and look: server-driven, with the shared toolbar; compact rows
 * when the display setting asks (the root says which in data-density). On phones, a list of cards
 * built from the same columns instead of a grid that scrolls sideways.
 */
export function AppDataGrid<R extends GridValidRowModel>({
  localeText,
  slots,
  slotProps,
  sx,
  cards,
  onOpenRow,
  ...props
}: Props<R>) {
  const { language, compact } = useSettings();
  const theme = useTheme();
  const phone = useMediaQuery(theme.breakpoints.down('sm'), { noSsr: true });
  const density = compact ? 'compact' : 'standard';
  if (phone && cards !== false) {
    const hidden = { ...props.initialState?.columns?.columnVisibilityModel, ...props.columnVisibilityModel };
    const toolbar = slotProps?.toolbar as { start?: ReactNode } | undefined;
    return (
      <GridCards<R>
        rows={props.rows ?? []}
        columns={props.columns}
        layout={cards ?? defaultCardLayout(props.columns, hidden)}
        {...(props.label ? { label: props.label } : {})}
        loading={props.loading ?? false}
        rowCount={props.rowCount ?? props.rows?.length ?? 0}
        paginationModel={props.paginationModel ?? { page: 0, pageSize: PAGE_SIZES[1]! }}
        {...(props.onPaginationModelChange
          ? {
              onPaginationModelChange: (model) =>
                props.onPaginationModelChange!(model, {} as GridCallbackDetails<'pagination'>),
            }
          : {})}
        pageSizeOptions={PAGE_SIZES}
        localeText={{ ...LOCALE_TEXT[language], ...localeText }}
        toolbarStart={toolbar?.start}
        {...(onOpenRow ? { onOpen: onOpenRow } : {})}
        {...(props.getRowClassName
          ? {
              muted: (row: R) =>
                String(
                  props.getRowClassName!({ row } as Parameters<NonNullable<typeof props.getRowClassName>>[0]),
                ).includes('inactive'),
            }
          : {})}
      />
    );
  }
  return (
    <DataGrid<R>
      density={density}
      pageSizeOptions={PAGE_SIZES}
      disableColumnFilter
      disableRowSelectionOnClick
      showToolbar
      {...props}
      localeText={{ ...LOCALE_TEXT[language], ...localeText }}
      slots={{ toolbar: GridToolbar, ...slots }}
      slotProps={{
        loadingOverlay: { variant: 'linear-progress', noRowsVariant: 'skeleton' },
        // The columns panel lists the data columns only (not the selection boxes or the row actions).
        columnsManagement: {
          getTogglableColumns: (columns) =>
            columns
              .filter((column) => column.field !== '__check__' && column.type !== 'actions')
              .map((column) => column.field),
        },
        ...slotProps,
        root: { 'data-density': density, ...slotProps?.root },
      }}
      sx={{
        border: 0,
        '--DataGrid-containerBackground': 'var(--mui-palette-background-paper)',
        '& .MuiDataGrid-columnHeaderTitle': { fontWeight: 600 },
        '& .MuiDataGrid-cell:focus, & .MuiDataGrid-columnHeader:focus': { outlineOffset: -2 },
        '& .row-inactive': { color: 'text.secondary' },
        // While a new page or search loads, the rows on screen stay at full contrast (WCAG 1.4.3): the
        // progress bar says they are about to change, dimming them made them unreadable.
        ...sx,
      }}
    />
  );
}
