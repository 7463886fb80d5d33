import { ADMISSION_SORT_FIELDS } from '@mas/shared';
import LogoutIcon from '@mui/icons-material/Logout';
import SwapHorizIcon from '@mui/icons-material/SwapHoriz';
import { Chip, MenuItem, Stack, TextField } from '@mui/material';
import { GridActionsCellItem, type GridColDef } from '@mui/x-data-grid';
import { useCallback, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { useAuth } from '../../auth/auth-context.tsx';
import { entityApi, type TTabOf } from '../../components/entity-list/adapters.ts';
import { EntityListPage } from '../../components/entity-list/EntityListPage.tsx';
import type { EntityColumn } from '../../components/entity-list/types.ts';
import { useT } from '../../i18n/use-t.ts';
import type { TAdmissionRow } from '../../lib/api-types.ts';
import { formatShortDateTime } from '../../lib/format.ts';
import { useCatalogueOptions } from '../../lib/use-catalogue-options.ts';
import { AdmissionFormDialog } from './AdmissionFormDialog.tsx';
import { DischargeDialog, TransferDialog, type AdmissionRef } from './MoveDialogs.tsx';
import { placeLabel } from './places.ts';

const TABS = ['active', 'discharged', 'all'] as const satisfies readonly TTabOf<'admission'>[];
/** Admissions are discharged, not deactivated; a change of admission moves beds and figures too. */
const api = entityApi('admission', {
  noSetActive: true,
  invalidateAlso: (utils) => [utils.room.board.invalidate(), utils.dashboard.invalidate()],
});
const nameOf = (row: TAdmissionRow) => row.patientName;

export default function AdmissionsPage() {
  const { t } = useT('clinical');
  const { can } = useAuth();
  const [params] = useSearchParams();
  const [departmentId, setDepartmentId] = useState('');
  const [moving, setMoving] = useState<{ kind: 'transfer' | 'discharge'; admission: AdmissionRef } | null>(null);
  const departments = useCatalogueOptions('department', '', true).options;
  const filters = useMemo(() => (departmentId ? { departmentId } : {}), [departmentId]);
  const canWrite = can('admission.write');
  // The bed board's "Admit here" arrives as ?new=1&place=roomId:bed.
  const presetPlace = params.get('place') ?? '';

  const columns = useMemo<EntityColumn<TAdmissionRow>[]>(
    () => [
      { field: 'patientName', headerName: t('admission.fields.patient'), flex: 1.2, minWidth: 180 },
      {
        field: 'place',
        headerName: t('admission.fields.place'),
        flex: 1,
        minWidth: 170,
        valueGetter: (_value, row) => placeLabel(row.roomName, row.bed),
        hideBelow: 'sm',
      },
      {
        field: 'departmentName',
        headerName: t('admission.fields.department'),
        flex: 1,
        minWidth: 140,
        sortable: false,
        valueGetter: (value: string | null) => value ?? t('admission.noDepartment'),
        hideBelow: 'xl',
      },
      {
        field: 'medicalStaffName',
        headerName: t('admission.fields.staff'),
        flex: 1,
        minWidth: 160,
        hideBelow: 'lg',
      },
      {
        field: 'admittedAt',
        headerName: t('admission.fields.admittedAt'),
        width: 160,
        valueFormatter: (value: Date) => formatShortDateTime(value),
        hideBelow: 'md',
      },
      { field: 'daysInAdmission', headerName: t('admission.fields.days'), type: 'number', width: 80 },
      {
        field: 'diagnoses',
        headerName: t('admission.fields.diagnoses'),
        flex: 1.2,
        minWidth: 160,
        sortable: false,
        valueGetter: (value: TAdmissionRow['diagnoses']) => value.map((diagnosis) => diagnosis.name).join(', '),
        hideBelow: 'xl',
      },
      {
        field: 'dischargedAt',
        headerName: t('admission.fields.dischargedAt'),
        width: 160,
        valueFormatter: (value: Date | null) => formatShortDateTime(value),
        hiddenByDefault: true,
      },
    ],
    [t],
  );

  const statusColumn = useMemo<GridColDef<TAdmissionRow>>(
    () => ({
      field: 'status',
      headerName: t('admission.fields.status'),
      width: 190,
      sortable: false,
      valueGetter: (value: TAdmissionRow['status'], row) =>
        [
          t(`admission.status.${value}`),
          row.isUrgent ? t('admission.fields.isUrgent') : '',
          row.isSurgical ? t('admission.fields.isSurgical') : '',
        ]
          .filter(Boolean)
          .join(', '),
      renderCell: ({ row }) => (
        <Stack direction="row" spacing={0.5} sx={{ alignItems: 'center', height: '100%' }}>
          <Chip
            size="small"
            color={row.status === 'active' ? 'primary' : 'default'}
            variant={row.status === 'active' ? 'filled' : 'outlined'}
            label={t(`admission.status.${row.status}`)}
          />
          {row.isUrgent && (
            <Chip size="small" color="error" variant="outlined" label={t('admission.fields.isUrgent')} />
          )}
          {row.isSurgical && (
            <Chip size="small" color="secondary" variant="outlined" label={t('admission.fields.isSurgical')} />
          )}
        </Stack>
      ),
    }),
    [t],
  );

  const extraRowActions = useCallback(
    (row: TAdmissionRow) =>
      row.status === 'active' && canWrite
        ? [
            <GridActionsCellItem
              key="transfer"
              showInMenu
              icon={<SwapHorizIcon />}
              label={t('admission.transfer.action')}
              onClick={() => setMoving({ kind: 'transfer', admission: row })}
              data-testid="row-transfer"
            />,
            <GridActionsCellItem
              key="discharge"
              showInMenu
              icon={<LogoutIcon />}
              label={t('admission.discharge.action')}
              onClick={() => setMoving({ kind: 'discharge', admission: row })}
              data-testid="row-discharge"
            />,
          ]
        : [],
    [canWrite, t],
  );

  return (
    <>
      <EntityListPage
        texts={{ title: t('admission.other'), subtitle: t('admission.subtitle'), create: t('admission.new') }}
        api={api}
        tabs={{ values: TABS, label: (tab) => t(`admission.tabs.${tab}`), initial: 'active' }}
        statusColumn={statusColumn}
        toggleable={false}
        columns={columns}
        sortFields={ADMISSION_SORT_FIELDS}
        filters={filters}
        searchPlaceholder={t('admission.searchPlaceholder')}
        filterControls={
          <TextField
            select
            size="small"
            label={t('admission.fields.department')}
            value={departmentId}
            onChange={(event) => setDepartmentId(event.target.value)}
            slotProps={{ select: { displayEmpty: true }, inputLabel: { shrink: true } }}
            sx={{ minWidth: 200, maxWidth: { sm: 260 } }}
          >
            <MenuItem value="">{t('admission.allDepartments')}</MenuItem>
            {departments.map((department) => (
              <MenuItem key={department.id} value={department.id}>
                {department.name}
              </MenuItem>
            ))}
          </TextField>
        }
        writePermission="admission.write"
        deletePermission="admission.delete"
        nameOf={nameOf}
        extraRowActions={extraRowActions}
        renderForm={(row, onClose) => (
          <AdmissionFormDialog row={row} place={row ? '' : presetPlace} onClose={onClose} />
        )}
      />
      {moving?.kind === 'transfer' && <TransferDialog admission={moving.admission} onClose={() => setMoving(null)} />}
      {moving?.kind === 'discharge' && <DischargeDialog admission={moving.admission} onClose={() => setMoving(null)} />}
    </>
  );
}
