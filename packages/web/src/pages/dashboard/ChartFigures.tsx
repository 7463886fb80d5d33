import { Box, Button, Table, TableBody, TableCell, TableHead, TableRow } from '@mui/material';
import { useId, useState, type ReactNode } from 'react';
import { useT } from '../../i18n/use-t.ts';
import { visuallyHidden } from '../../lib/a11y.ts';

export interface Figures {
  columns: string[];
  rows: (string | number)[][];
}

/**
 * A chart with its figures as a table: the drawing is hidden from screen readers, which read the
 * table instead (under the chart's title); sighted users can show the same table with a button.
 */
export function ChartWithFigures({
  title,
  figures,
  children,
}: {
  title: string;
  figures: Figures;
  children: ReactNode;
}) {
  const { t } = useT('a11y');
  const [shown, setShown] = useState(false);
  const tableId = useId();
  return (
    <>
      <Box aria-hidden>{children}</Box>
      <Box sx={{ display: 'flex', justifyContent: 'flex-end' }}>
        <Button size="small" aria-expanded={shown} aria-controls={tableId} onClick={() => setShown(!shown)}>
          {shown ? t('dashboard.hideFigures') : t('dashboard.showFigures')}
        </Button>
      </Box>
      <Table size="small" id={tableId} sx={shown ? { mt: 1 } : visuallyHidden} data-testid="chart-figures">
        <Box component="caption" sx={visuallyHidden}>
          {title}
        </Box>
        <TableHead>
          <TableRow>
            {figures.columns.map((column, index) => (
              <TableCell key={column} align={index ? 'right' : 'left'} sx={{ fontWeight: 700 }}>
                {column}
              </TableCell>
            ))}
          </TableRow>
        </TableHead>
        <TableBody>
          {figures.rows.map((row) => (
            <TableRow key={String(row[0])}>
              {row.map((cell, index) =>
                index === 0 ? (
                  <TableCell key={index} component="th" scope="row">
                    {cell}
                  </TableCell>
                ) : (
                  <TableCell key={index} align="right">
                    {cell}
                  </TableCell>
                ),
              )}
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </>
  );
}
