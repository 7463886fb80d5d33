import { STAFF_SORT_FIELDS } from '@mas/shared';
import { MenuItem, TextField } from '@mui/material';
import ScheduleIcon from '@mui/icons-material/ScheduleOutlined';
import { GridActionsCellItem } from '@mui/x-data-grid';
import { lazy, Suspense, useCallback, useMemo, useState } from 'react';
import { useAuth } from '../../auth/auth-context.tsx';
import { entityApi } from '../../components/entity-list/adapters.ts';
import { EntityListPage } from '../../components/entity-list/EntityListPage.tsx';
import type { EntityColumn } from '../../components/entity-list/types.ts';
import { PersonCell } from '../../components/PersonCell.tsx';
import { useT } from '../../i18n/use-t.ts';
import type { TStaffRow } from '../../lib/api-types.ts';
import { formatCalendarDate } from '../../lib/calendar-date.ts';
import { useCatalogueOptions } from '../../lib/use-catalogue-options.ts';
import { StaffFormDialog } from './StaffFormDialog.tsx';

const api = entityApi('medicalStaff');
// Loaded when opened: the appointments code and strings stay out of this screen's chunk.
const ScheduleDialog = lazy(() => import('../appointments/ScheduleDialog.tsx'));

const nameOf = (row: TStaffRow) => `${row.firstName} ${row.lastName}`;

export default function StaffPage() {
  const { t } = useT('clinical');
  const [specialtyId, setSpecialtyId] = useState('');
  const [departmentId, setDepartmentId] = useState('');
  const specialties = useCatalogueOptions('specialty', '', true);
  const departments = useCatalogueOptions('department', '', true);
  const filters = useMemo(
    () => ({ ...(specialtyId ? { specialtyId } : {}), ...(departmentId ? { departmentId } : {}) }),
    [specialtyId, departmentId],
  );
  const { can } = useAuth();
  const [opened, setOpened] = useState<TStaffRow | null>(null);
  const extraRowActions = useCallback(
    (row: TStaffRow) =>
      can('appointment.read')
        ? [
            <GridActionsCellItem
              key="medicalStaff.schedule"
              showInMenu
              icon={<ScheduleIcon />}
              label={t('medicalStaff.schedule')}
              onClick={() => setOpened(row)}
              data-testid="row-schedule"
            />,
          ]
        : [],
    [can, t],
  );
  const columns = useMemo<EntityColumn<TStaffRow>[]>(
    () => [
      {
        field: 'name',
        headerName: t('medicalStaff.fields.staff'),
        flex: 1.3,
        minWidth: 220,
        valueGetter: (_value, row) => nameOf(row),
        renderCell: ({ row }) => (
          <PersonCell name={nameOf(row)} secondary={row.email || `@${row.username}`} muted={!row.isActive} />
        ),
      },
      {
        field: 'specialtyName',
        headerName: t('medicalStaff.fields.specialty'),
        flex: 1,
        minWidth: 150,
        sortable: false,
        hideBelow: 'sm',
      },
      {
        field: 'departmentName',
        headerName: t('medicalStaff.fields.department'),
        flex: 1,
        minWidth: 150,
        sortable: false,
        hideBelow: 'md',
      },
      {
        field: 'graduatedAt',
        headerName: t('medicalStaff.fields.graduatedAt'),
        width: 130,
        valueFormatter: (value: Date) => formatCalendarDate(value),
        hideBelow: 'lg',
      },
      {
        field: 'experienceYears',
        headerName: t('medicalStaff.fields.experience'),
        width: 120,
        sortable: false,
        valueGetter: (value: number) => t('medicalStaff.experienceYears', { count: value }),
        hideBelow: 'md',
      },
    ],
    [t],
  );
  const select = (
    label: string,
    value: string,
    onChange: (value: string) => void,
    all: string,
    options: { id: string; name: string }[],
  ) => (
    <TextField
      select
      size="small"
      label={label}
      value={value}
      onChange={(event) => onChange(event.target.value)}
      slotProps={{ select: { displayEmpty: true }, inputLabel: { shrink: true } }}
      sx={{ minWidth: 200, maxWidth: { sm: 240 } }}
    >
      <MenuItem value="">{all}</MenuItem>
      {options.map((option) => (
        <MenuItem key={option.id} value={option.id}>
          {option.name}
        </MenuItem>
      ))}
    </TextField>
  );
  return (
    <>
      <EntityListPage
        texts={{ title: t('medicalStaff.other'), subtitle: t('medicalStaff.subtitle'), create: t('medicalStaff.new') }}
        api={api}
        columns={columns}
        sortFields={STAFF_SORT_FIELDS}
        filters={filters}
        searchPlaceholder={t('medicalStaff.searchPlaceholder')}
        filterControls={
          <>
            {select(
              t('medicalStaff.fields.specialty'),
              specialtyId,
              setSpecialtyId,
              t('medicalStaff.allSpecialties'),
              specialties.options,
            )}
            {select(
              t('medicalStaff.fields.department'),
              departmentId,
              setDepartmentId,
              t('medicalStaff.allDepartments'),
              departments.options,
            )}
          </>
        }
        writePermission="medicalStaff.write"
        nameOf={nameOf}
        extraRowActions={extraRowActions}
        renderForm={(row, onClose) => <StaffFormDialog row={row} onClose={onClose} />}
      />
      {opened && (
        <Suspense fallback={null}>
          <ScheduleDialog medicalStaffId={opened.id} name={nameOf(opened)} onClose={() => setOpened(null)} />
        </Suspense>
      )}
    </>
  );
}
