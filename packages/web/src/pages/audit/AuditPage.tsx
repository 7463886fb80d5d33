import { AUDIT_ACTIONS, ENTITIES } from '@mas/shared';
import { Alert, Box, Card, Chip, MenuItem, Stack, TextField } from '@mui/material';
import type { GridColDef, GridPaginationModel, GridSortModel } from '@mui/x-data-grid';
import { DatePicker } from '@mui/x-date-pickers/DatePicker';
import { keepPreviousData } from '@tanstack/react-query';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { kindLabel } from '../../app/entities.ts';
import { AppDataGrid } from '../../components/data-grid/AppDataGrid.tsx';
import { AppLocalizationProvider } from '../../components/date/AppLocalizationProvider.tsx';
import { LiveChip } from '../../components/entity-list/LiveChip.tsx';
import { feedOptions, useFeedInput, useThrottledCallback } from '../../components/entity-list/live.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { useT } from '../../i18n/use-t.ts';
import type { TAuditRow } from '../../lib/api-types.ts';
import { describeError } from '../../lib/errors.ts';
import { formatShortDateTime } from '../../lib/format.ts';
import { trpc } from '../../lib/trpc.ts';
import { ActorFilter, type TActorFilter } from './ActorFilter.tsx';
import { auditFieldLabel, auditRecordLabel, auditValue } from './audit-values.ts';
import { ChangesCell, fieldLabel, visibleChanges } from './ChangesCell.tsx';

const AUDITED = [...ENTITIES, 'notification', 'backup'] as const;
type TAudited = (typeof AUDITED)[number];
const isAudited = (entity: string): entity is TAudited => (AUDITED as readonly string[]).includes(entity);
const DESTRUCTIVE = new Set(['delete', 'deactivate', 'loginFailed']);

/** On phones: what was touched, the action beside it, then when, who and what changed. */
const AUDIT_CARD = { title: 'label', badges: ['action'], fields: ['createdAt', 'actorUsername', 'entity', 'changes'] };

/** Who did what and when, newest first, with each update's field-level diff. */
export default function AuditPage() {
  const { t } = useT('audit');
  const [entity, setEntity] = useState('');
  const [action, setAction] = useState('');
  const [actor, setActor] = useState<TActorFilter>(null);
  const [from, setFrom] = useState<Dayjs | null>(null);
  const [to, setTo] = useState<Dayjs | null>(null);
  const [sortModel, setSortModel] = useState<GridSortModel>([{ field: 'createdAt', sort: 'desc' }]);
  const [pageSize, setPageSize] = useState(25);
  const filterKey = JSON.stringify([entity, action, actor, from?.valueOf(), to?.valueOf(), sortModel]);
  const [paging, setPaging] = useState({ key: filterKey, page: 0 });
  const page = paging.key === filterKey ? paging.page : 0;
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());

  const validRange = !from || !to || !to.isBefore(from, 'day');
  const input = {
    page: page + 1,
    perPage: pageSize,
    sort: {
      field: 'createdAt' as const,
      direction: sortModel[0]?.sort === 'asc' ? ('asc' as const) : ('desc' as const),
    },
    ...(entity ? { entity } : {}),
    ...(action ? { action: action as (typeof AUDIT_ACTIONS)[number] } : {}),
    ...(actor && 'actorId' in actor ? { actorId: actor.actorId } : {}),
    ...(actor && 'username' in actor ? { search: actor.username } : {}),
    ...(from?.isValid() ? { from: from.startOf('day').toDate() } : {}),
    ...(to?.isValid() ? { to: to.endOf('day').toDate() } : {}),
  };
  const list = trpc.audit.list.useQuery(input, { placeholderData: keepPreviousData, enabled: validRange });
  const utils = trpc.useUtils();
  const refresh = useThrottledCallback(() => void utils.audit.list.invalidate(), 500);
  const live = trpc.audit.onChange.useSubscription(useFeedInput('audit'), feedOptions('audit', refresh));

  const entityLabel = (value: string) => (isAudited(value) ? kindLabel(value) : value);
  const toggle = (id: string) =>
    setExpanded((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  const columns = useMemo<GridColDef<TAuditRow>[]>(
    () => [
      {
        field: 'createdAt',
        headerName: t('columns.when'),
        width: 160,
        valueFormatter: (value: Date) => formatShortDateTime(value),
      },
      {
        field: 'actorUsername',
        headerName: t('columns.actor'),
        width: 130,
        sortable: false,
        valueGetter: (value: string, row) =>
          !row.actorId && (!value || value === 'system')
            ? t('system')
            : !row.actorId && value === '(unknown)'
              ? t('unknownAccount')
              : value,
      },
      {
        field: 'action',
        headerName: t('columns.action'),
        width: 150,
        sortable: false,
        valueGetter: (value: TAuditRow['action']) => t(`actions.${value}`),
        renderCell: ({ row, value }) => (
          <Chip
            size="small"
            variant="outlined"
            color={DESTRUCTIVE.has(row.action) ? 'error' : row.action === 'create' ? 'success' : 'default'}
            label={value as string}
          />
        ),
      },
      {
        field: 'entity',
        headerName: t('columns.entity'),
        width: 130,
        sortable: false,
        valueGetter: (value: string) => entityLabel(value),
      },
      {
        field: 'label',
        headerName: t('columns.record'),
        flex: 1,
        minWidth: 140,
        sortable: false,
        valueGetter: (_value: string | null, row) => auditRecordLabel(row),
      },
      {
        field: 'changes',
        headerName: t('columns.changes'),
        flex: 1.6,
        minWidth: 240,
        sortable: false,
        valueGetter: (value: TAuditRow['changes'], row) =>
          visibleChanges(value)
            .map(
              (change) =>
                `${auditFieldLabel(change.field, fieldLabel)}: ${auditValue(row.entity, change.field, change.from, '∅')} → ${auditValue(row.entity, change.field, change.to, '∅')}`,
            )
            .join('; '),
        renderCell: ({ row }) => (
          <ChangesCell
            entity={row.entity}
            changes={row.changes}
            expanded={expanded.has(row.id)}
            onToggle={() => toggle(row.id)}
          />
        ),
      },
      { field: 'ip', headerName: t('columns.ip'), width: 140, sortable: false },
    ],
    [t, expanded],
  );

  const onPaginationModelChange = (model: GridPaginationModel) => {
    setPageSize(model.pageSize);
    setPaging({ key: filterKey, page: model.pageSize === pageSize ? model.page : 0 });
  };

  return (
    <AppLocalizationProvider>
      <PageHeader title={t('title')} subtitle={t('subtitle')} />
      <Card>
        <Stack
          direction={{ xs: 'column', md: 'row' }}
          spacing={1.5}
          useFlexGap
          sx={{ px: 2, pt: 2, pb: 1, flexWrap: 'wrap', alignItems: { md: 'center' } }}
        >
          <TextField
            select
            size="small"
            label={t('filters.entity')}
            value={entity}
            onChange={(event) => setEntity(event.target.value)}
            sx={{ width: { xs: '100%', md: 170 } }}
            data-testid="audit-entity"
          >
            <MenuItem value="">{t('filters.any')}</MenuItem>
            {AUDITED.map((value) => (
              <MenuItem key={value} value={value}>
                {kindLabel(value)}
              </MenuItem>
            ))}
          </TextField>
          <TextField
            select
            size="small"
            label={t('filters.action')}
            value={action}
            onChange={(event) => setAction(event.target.value)}
            sx={{ width: { xs: '100%', md: 170 } }}
            data-testid="audit-action"
          >
            <MenuItem value="">{t('filters.any')}</MenuItem>
            {AUDIT_ACTIONS.map((value) => (
              <MenuItem key={value} value={value}>
                {t(`actions.${value}`)}
              </MenuItem>
            ))}
          </TextField>
          <ActorFilter value={actor} onChange={setActor} />
          <DatePicker
            label={t('filters.from')}
            value={from}
            onChange={setFrom}
            maxDate={to ?? dayjs()}
            slotProps={{
              textField: { size: 'small', sx: { width: { xs: '100%', md: 160 } } },
              field: { clearable: true },
            }}
          />
          <DatePicker
            label={t('filters.to')}
            value={to}
            onChange={setTo}
            minDate={from ?? undefined}
            maxDate={dayjs()}
            slotProps={{
              textField: { size: 'small', sx: { width: { xs: '100%', md: 160 } } },
              field: { clearable: true },
            }}
          />
        </Stack>
        {list.error && !list.data ? (
          <Alert severity="error" sx={{ m: 2 }}>
            {t('common:list.loadFailed')} {describeError(list.error)}
          </Alert>
        ) : (
          <Box sx={{ width: '100%' }}>
            <AppDataGrid<TAuditRow>
              autoHeight
              rows={list.data?.items ?? []}
              columns={columns}
              rowCount={list.data?.total ?? 0}
              loading={list.isFetching}
              paginationMode="server"
              sortingMode="server"
              paginationModel={{ page, pageSize }}
              onPaginationModelChange={onPaginationModelChange}
              sortModel={sortModel}
              onSortModelChange={(model) => setSortModel(model.length ? model : [{ field: 'createdAt', sort: 'desc' }])}
              getRowHeight={({ id }) => (expanded.has(String(id)) ? 'auto' : null)}
              initialState={{ columns: { columnVisibilityModel: { ip: false } } }}
              cards={AUDIT_CARD}
              label={t('title')}
              slotProps={{
                toolbar: {
                  fileName: `${t('title')}-${dayjs().format('YYYY-MM-DD')}`,
                  start: <LiveChip status={live.status} />,
                },
              }}
            />
          </Box>
        )}
      </Card>
    </AppLocalizationProvider>
  );
}
