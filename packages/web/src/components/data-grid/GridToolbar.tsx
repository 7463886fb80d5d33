import FileDownloadIcon from '@mui/icons-material/FileDownloadOutlined';
import ViewColumnIcon from '@mui/icons-material/ViewColumnOutlined';
import { Box, Button, LinearProgress, Tooltip, Typography } from '@mui/material';
import {
  ColumnsPanelTrigger,
  Toolbar,
  ToolbarButton,
  useGridApiContext,
  type GridColDef,
  type GridValidRowModel,
} from '@mui/x-data-grid';
import dayjs from 'dayjs';
import { useSnackbar } from 'notistack';
import { useRef, useState, type ReactNode } from 'react';
import { useT } from '../../i18n/use-t.ts';
import { describeError } from '../../lib/errors.ts';

/** One page of the list as the server answers it (the screen's filters, search and sort). */
export type ExportPageFetcher = (
  page: number,
  perPage: number,
) => Promise<{ items: GridValidRowModel[]; total: number }>;

declare module '@mui/x-data-grid' {
  interface ToolbarPropsOverrides {
    /** CSV file name without extension. */
    fileName?: string;
    /** Shown at the start of the toolbar (live status, selection actions). */
    start?: ReactNode;
    /** Reads every matching row from the server for the export; without it, the rows on screen. */
    fetchPage?: ExportPageFetcher;
  }
}

/** Rows asked of the server at a time (the list procedures' largest page). */
const EXPORT_BATCH = 100;

/** A CSV field, quoted when it must be; formulas are defused for spreadsheet apps. */
function csvField(text: string): string {
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n;]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

type Api = ReturnType<typeof useGridApiContext>;

/** What a cell shows, as text: the column's getter and formatter (names, translations), not raw ids. */
function cellText(apiRef: Api, column: GridColDef, row: GridValidRowModel, yesNo: [string, string]): string {
  const raw = row[column.field] as unknown;
  let value = column.valueGetter
    ? (column.valueGetter as (...args: unknown[]) => unknown)(raw, row, column, apiRef)
    : raw;
  if (column.valueFormatter)
    value = (column.valueFormatter as (...args: unknown[]) => unknown)(value, row, column, apiRef);
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return dayjs(value).format('YYYY-MM-DD HH:mm');
  if (typeof value === 'boolean') return value ? yesNo[0] : yesNo[1];
  if (Array.isArray(value))
    return value
      .map((item: unknown) =>
        item && typeof item === 'object' && 'name' in item ? String((item as { name: unknown }).name) : String(item),
      )
      .join(', ');
  return String(value);
}

function download(text: string, fileName: string) {
  // UTF-8 with a BOM, so spreadsheet apps read accents right.
  const url = URL.createObjectURL(new Blob(['\uFEFF', text], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * Columns and CSV export. The export reads every row matching the screen's filters, search and
 * sort from the server, a page at a time (with the list's own permission, and its audit of
 * patient data), shows how far it got, and says how many rows the file holds. Headers are the
 * columns' (translated) names and cells are what the grid shows: names, not ids.
 */
export function GridToolbar({
  fileName,
  start,
  fetchPage,
}: {
  fileName?: string;
  start?: ReactNode;
  fetchPage?: ExportPageFetcher;
}) {
  const { t } = useT();
  const apiRef = useGridApiContext();
  const { enqueueSnackbar } = useSnackbar();
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const cancelled = useRef(false);

  const exportCsv = async () => {
    const columns = apiRef.current
      .getAllColumns()
      .filter((column) => column.field !== '__check__' && column.field !== 'actions' && column.type !== 'actions');
    const yesNo: [string, string] = [t('yes'), t('no')];
    const lines = [columns.map((column) => csvField(column.headerName ?? column.field)).join(',')];
    const name = `${fileName ?? 'export'}.csv`;
    const seen = new Set<string>();
    const add = (rows: GridValidRowModel[]) => {
      for (const row of rows) {
        const id = String(row.id);
        // A row that moved between pages while reading is written once.
        if (seen.has(id)) continue;
        seen.add(id);
        lines.push(columns.map((column) => csvField(cellText(apiRef, column, row, yesNo))).join(','));
      }
    };
    cancelled.current = false;
    try {
      if (fetchPage) {
        setProgress({ done: 0, total: apiRef.current.state.pagination.rowCount });
        for (let page = 1; ; page++) {
          const result = await fetchPage(page, EXPORT_BATCH);
          if (cancelled.current) return;
          add(result.items);
          setProgress({ done: seen.size, total: result.total });
          if (result.items.length < EXPORT_BATCH || page * EXPORT_BATCH >= result.total) break;
        }
      } else {
        add(apiRef.current.getSortedRows());
      }
      download(lines.join('\r\n') + '\r\n', name);
      enqueueSnackbar(
        fetchPage ? t('list.exported', { count: seen.size, file: name }) : t('list.exportedPage', { count: seen.size }),
        { variant: 'success' },
      );
    } catch (error) {
      enqueueSnackbar(`${t('list.exportFailed')} ${describeError(error)}`, { variant: 'error' });
    } finally {
      setProgress(null);
    }
  };

  return (
    <Toolbar>
      <Box sx={{ flex: 1, display: 'flex', alignItems: 'center', gap: 1, minWidth: 0 }}>{start}</Box>
      {progress && (
        <Box
          role="status"
          data-testid="export-progress"
          sx={{ display: 'flex', alignItems: 'center', gap: 1, minWidth: 0, mr: 1 }}
        >
          <Typography variant="body2" color="text.secondary" noWrap>
            {t('list.exporting', { done: progress.done, total: progress.total })}
          </Typography>
          <LinearProgress
            variant={progress.total ? 'determinate' : 'indeterminate'}
            value={progress.total ? Math.min(100, (progress.done / progress.total) * 100) : 0}
            sx={{ width: 96 }}
            aria-label={t('list.exporting', { done: progress.done, total: progress.total })}
          />
          <Button size="small" onClick={() => (cancelled.current = true)} data-testid="export-cancel">
            {t('actions.cancel')}
          </Button>
        </Box>
      )}
      <Tooltip title={t('actions.columns')}>
        <ColumnsPanelTrigger render={<ToolbarButton aria-label={t('actions.columns')} />}>
          <ViewColumnIcon fontSize="small" />
        </ColumnsPanelTrigger>
      </Tooltip>
      <Tooltip title={fetchPage ? t('list.exportAllHint') : t('actions.exportCsv')}>
        <span>
          <ToolbarButton
            aria-label={t('actions.exportCsv')}
            data-testid="export-csv"
            disabled={progress !== null}
            onClick={() => void exportCsv()}
          >
            <FileDownloadIcon fontSize="small" />
          </ToolbarButton>
        </span>
      </Tooltip>
    </Toolbar>
  );
}
