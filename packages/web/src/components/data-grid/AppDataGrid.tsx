import { DataGrid, type DataGridProps, type GridValidRowModel } from '@mui/x-data-grid';
import { enUS, esES } from '@mui/x-data-grid/locales';
import { useSettings } from '../../app/settings-context.tsx';
import { GridToolbar } from './GridToolbar.tsx';

const LOCALE_TEXT = {
  es: esES.components.MuiDataGrid.defaultProps.localeText,
  en: enUS.components.MuiDataGrid.defaultProps.localeText,
};

export const PAGE_SIZES = [5, 10, 25, 50, 100];

/**
 * DataGrid in the app's language and look: server-driven, with the shared toolbar; compact rows
 * when the display setting asks (the root says which in data-density).
 */
export function AppDataGrid<R extends GridValidRowModel>({
  localeText,
  slots,
  slotProps,
  sx,
  ...props
}: DataGridProps<R>) {
  const { language, compact } = useSettings();
  const density = compact ? 'compact' : 'standard';
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
        ...slotProps,
        root: { 'data-density': density, ...slotProps?.root },
      }}
      sx={{
        border: 0,
        '--DataGrid-containerBackground': 'var(--mui-palette-background-paper)',
        '& .MuiDataGrid-columnHeaderTitle': { fontWeight: 600 },
        '& .MuiDataGrid-cell:focus, & .MuiDataGrid-columnHeader:focus': { outlineOffset: -2 },
        '& .row-inactive': { color: 'text.secondary' },
        ...sx,
      }}
    />
  );
}
