import MoreVertIcon from '@mui/icons-material/MoreVert';
import {
  Box,
  IconButton,
  LinearProgress,
  ListItemIcon,
  ListItemText,
  Menu,
  MenuItem,
  Skeleton,
  Stack,
  TablePagination,
  Tooltip,
  Typography,
} from '@mui/material';
import type {
  GridActionsColDef,
  GridColDef,
  GridLocaleText,
  GridPaginationModel,
  GridRenderCellParams,
  GridRowParams,
  GridValidRowModel,
} from '@mui/x-data-grid';
import { isValidElement, useState, type MouseEvent, type ReactElement, type ReactNode } from 'react';

/** Which columns a phone card shows: a title, chips beside it, and labelled fields below. */
export interface CardLayout {
  title: string;
  badges?: string[];
  fields: string[];
}

/** The title is the first column, every other shown column a field (actions go to the card's corner). */
export function defaultCardLayout<R extends GridValidRowModel>(
  columns: readonly GridColDef<R>[],
  hidden: Record<string, boolean> = {},
): CardLayout {
  const shown = columns.filter(
    (column) => column.type !== 'actions' && column.field !== '__check__' && hidden[column.field] !== false,
  );
  return { title: shown[0]?.field ?? '', fields: shown.slice(1).map((column) => column.field) };
}

interface Props<R extends GridValidRowModel> {
  rows: readonly R[];
  columns: readonly GridColDef<R>[];
  layout: CardLayout;
  label?: string;
  loading: boolean;
  rowCount: number;
  paginationModel: GridPaginationModel;
  onPaginationModelChange?(model: GridPaginationModel): void;
  pageSizeOptions: number[];
  localeText: Partial<GridLocaleText>;
  /** Shown above the cards (live status, selection actions), as in the grid's toolbar. */
  toolbarStart?: ReactNode;
  onOpen?(row: R): void;
  muted?(row: R): boolean;
}

type AnyFn = (...args: unknown[]) => unknown;

/** A cell's content the way the grid shows it: valueGetter, valueFormatter, then renderCell. */
function cell<R extends GridValidRowModel>(column: GridColDef<R>, row: R): ReactNode {
  const raw: unknown = row[column.field];
  const value = column.valueGetter ? (column.valueGetter as AnyFn)(raw, row, column, null) : raw;
  const formatted = column.valueFormatter ? (column.valueFormatter as AnyFn)(value, row, column, null) : value;
  if (column.renderCell)
    return column.renderCell({
      row,
      value,
      formattedValue: formatted,
      field: column.field,
      id: row.id as string,
      colDef: column,
      hasFocus: false,
      tabIndex: -1,
    } as unknown as GridRenderCellParams<R>);
  if (formatted === null || formatted === undefined || formatted === '') return '—';
  return String(formatted);
}

interface ActionProps {
  icon?: ReactElement;
  label?: string;
  showInMenu?: boolean;
  onClick?(event: MouseEvent<HTMLElement>): void;
  disabled?: boolean;
  'data-testid'?: string;
}

/** The row's actions column, as buttons (the grid's inline ones) and a "more" menu. */
function CardActions({ actions, moreLabel }: { actions: readonly ReactNode[]; moreLabel: string }) {
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const items = actions.filter(isValidElement) as ReactElement<ActionProps>[];
  const inline = items.filter((item) => !item.props.showInMenu);
  const menu = items.filter((item) => item.props.showInMenu);
  return (
    <Stack direction="row" sx={{ flexShrink: 0, alignItems: 'center', mr: -1 }} onClick={(e) => e.stopPropagation()}>
      {inline.map((item, index) =>
        item.props.label === undefined ? (
          <Box key={index}>{item}</Box>
        ) : (
          <Tooltip key={item.key ?? index} title={item.props.label}>
            <IconButton
              aria-label={item.props.label}
              onClick={item.props.onClick}
              disabled={item.props.disabled ?? false}
              data-testid={item.props['data-testid']}
            >
              {item.props.icon}
            </IconButton>
          </Tooltip>
        ),
      )}
      {menu.length > 0 && (
        <>
          <IconButton
            aria-label={moreLabel}
            aria-haspopup="menu"
            aria-expanded={anchor ? true : undefined}
            onClick={(event) => setAnchor(event.currentTarget)}
          >
            <MoreVertIcon />
          </IconButton>
          <Menu anchorEl={anchor} open={anchor !== null} onClose={() => setAnchor(null)}>
            {menu.map((item, index) => (
              <MenuItem
                key={item.key ?? index}
                disabled={item.props.disabled ?? false}
                data-testid={item.props['data-testid']}
                onClick={(event) => {
                  setAnchor(null);
                  item.props.onClick?.(event);
                }}
              >
                {item.props.icon && <ListItemIcon>{item.props.icon}</ListItemIcon>}
                <ListItemText>{item.props.label}</ListItemText>
              </MenuItem>
            ))}
          </Menu>
        </>
      )}
    </Stack>
  );
}

/**
 * The list at phone width: one card per row with its key fields together, the row's actions
 * in the corner, paging below; built from the same column definitions as the grid.
 */
export function GridCards<R extends GridValidRowModel>(props: Props<R>) {
  const { rows, columns, layout, loading, localeText, paginationModel } = props;
  const byField = new Map(columns.map((column) => [column.field, column]));
  const title = byField.get(layout.title);
  const badges = (layout.badges ?? []).flatMap((field) => byField.get(field) ?? []);
  const fields = layout.fields.flatMap((field) => byField.get(field) ?? []);
  const actionsColumn = columns.find((column) => column.type === 'actions') as GridActionsColDef<R> | undefined;
  const firstLoad = loading && rows.length === 0;

  return (
    <Box data-testid="list-cards" aria-busy={loading} aria-label={props.label}>
      {props.toolbarStart && (
        <Stack direction="row" sx={{ px: 2, py: 1, alignItems: 'center', gap: 1, minHeight: 44 }}>
          {props.toolbarStart}
        </Stack>
      )}
      <Box sx={{ height: 4 }}>{loading && <LinearProgress />}</Box>
      <Box component="ul" sx={{ listStyle: 'none', m: 0, p: 0 }}>
        {firstLoad &&
          [0, 1, 2].map((index) => (
            <Box component="li" key={index} sx={{ px: 2, py: 1.5, borderTop: 1, borderColor: 'divider' }}>
              <Skeleton width="60%" height={28} />
              <Skeleton width="90%" />
              <Skeleton width="75%" />
            </Box>
          ))}
        {!loading && rows.length === 0 && (
          <Typography component="li" color="text.secondary" sx={{ px: 2, py: 4, textAlign: 'center' }}>
            {localeText.noRowsLabel}
          </Typography>
        )}
        {rows.map((row) => {
          const actions = actionsColumn?.getActions({ row, id: row.id, columns } as unknown as GridRowParams<R>) ?? [];
          return (
            <Box
              component="li"
              key={row.id as string}
              data-testid="list-card"
              onClick={props.onOpen ? () => props.onOpen!(row) : undefined}
              sx={{
                px: 2,
                py: 1.5,
                borderTop: 1,
                borderColor: 'divider',
                cursor: props.onOpen ? 'pointer' : 'default',
                color: props.muted?.(row) ? 'text.secondary' : 'text.primary',
              }}
            >
              <Stack direction="row" sx={{ alignItems: 'flex-start', gap: 1 }}>
                <Box sx={{ flex: 1, minWidth: 0, fontWeight: 600, overflowWrap: 'anywhere' }} data-field={layout.title}>
                  {title ? cell(title, row) : null}
                </Box>
                {actions.length > 0 && <CardActions actions={actions} moreLabel={localeText.actionsCellMore ?? '…'} />}
              </Stack>
              {badges.length > 0 && (
                <Stack direction="row" sx={{ gap: 0.5, flexWrap: 'wrap', mt: 0.5 }}>
                  {badges.map((column) => (
                    <Box key={column.field} data-field={column.field} sx={{ display: 'flex', alignItems: 'center' }}>
                      {cell(column, row)}
                    </Box>
                  ))}
                </Stack>
              )}
              {fields.length > 0 && (
                <Box
                  component="dl"
                  sx={{
                    display: 'grid',
                    gridTemplateColumns: 'minmax(90px, max-content) 1fr',
                    columnGap: 1.5,
                    rowGap: 0.25,
                    m: 0,
                    mt: 1,
                    fontSize: 14,
                  }}
                >
                  {fields.map((column) => (
                    <Box key={column.field} sx={{ display: 'contents' }}>
                      <Box component="dt" sx={{ color: 'text.secondary' }}>
                        {column.headerName}
                      </Box>
                      <Box
                        component="dd"
                        data-field={column.field}
                        sx={{ m: 0, minWidth: 0, overflowWrap: 'anywhere' }}
                      >
                        {cell(column, row)}
                      </Box>
                    </Box>
                  ))}
                </Box>
              )}
            </Box>
          );
        })}
      </Box>
      <TablePagination
        component="div"
        count={props.rowCount}
        page={paginationModel.page}
        rowsPerPage={paginationModel.pageSize}
        rowsPerPageOptions={props.pageSizeOptions}
        onPageChange={(_, page) => props.onPaginationModelChange?.({ ...paginationModel, page })}
        onRowsPerPageChange={(event) =>
          props.onPaginationModelChange?.({ page: 0, pageSize: Number(event.target.value) })
        }
        labelRowsPerPage={localeText.paginationRowsPerPage}
        {...(localeText.paginationDisplayedRows
          ? {
              labelDisplayedRows: ({ from, to, count }: { from: number; to: number; count: number }) =>
                localeText.paginationDisplayedRows!({ from, to, count, estimated: undefined }),
            }
          : {})}
        {...(localeText.paginationItemAriaLabel ? { getItemAriaLabel: localeText.paginationItemAriaLabel } : {})}
        // Fits 360 px: tighter gaps, and the page buttons wrap under the count rather than overflow.
        sx={{
          borderTop: 1,
          borderColor: 'divider',
          '& .MuiTablePagination-toolbar': { pl: 2, pr: 1, flexWrap: 'wrap', columnGap: 1 },
          '& .MuiTablePagination-input': { mr: 1 },
          '& .MuiTablePagination-actions': { ml: 'auto' },
        }}
      />
    </Box>
  );
}
