import FileDownloadIcon from '@mui/icons-material/FileDownloadOutlined';
import ViewColumnIcon from '@mui/icons-material/ViewColumnOutlined';
import { Box, Tooltip } from '@mui/material';
import { ColumnsPanelTrigger, ExportCsv, Toolbar, ToolbarButton } from '@mui/x-data-grid';
import type { ReactNode } from 'react';
import { useT } from '../../i18n/use-t.ts';

declare module '@mui/x-data-grid' {
  interface ToolbarPropsOverrides {
    /** CSV file name without extension. */
    fileName?: string;
    /** Shown at the start of the toolbar (live status, selection actions). */
    start?: ReactNode;
  }
}

/** Columns and CSV export (UTF-8 with BOM so spreadsheet apps read accents right). */
export function GridToolbar({ fileName, start }: { fileName?: string; start?: ReactNode }) {
  const { t } = useT();
  return (
    <Toolbar>
      <Box sx={{ flex: 1, display: 'flex', alignItems: 'center', gap: 1, minWidth: 0 }}>{start}</Box>
      <Tooltip title={t('actions.columns')}>
        <ColumnsPanelTrigger render={<ToolbarButton aria-label={t('actions.columns')} />}>
          <ViewColumnIcon fontSize="small" />
        </ColumnsPanelTrigger>
      </Tooltip>
      <Tooltip title={t('actions.exportCsv')}>
        <ExportCsv
          render={<ToolbarButton aria-label={t('actions.exportCsv')} data-testid="export-csv" />}
          options={{ utf8WithBom: true, ...(fileName ? { fileName } : {}) }}
        >
          <FileDownloadIcon fontSize="small" />
        </ExportCsv>
      </Tooltip>
    </Toolbar>
  );
}
