import { PATIENT_SORT_FIELDS } from '@mas/shared';
import { Chip, MenuItem, Stack, TextField } from '@mui/material';
import EventIcon from '@mui/icons-material/EventOutlined';
import { GridActionsCellItem } from '@mui/x-data-grid';
import { lazy, Suspense, useCallback, useMemo, useState } from 'react';
import { useAuth } from '../../auth/auth-context.tsx';
import { entityApi } from '../../components/entity-list/adapters.ts';
import { EntityListPage } from '../../components/entity-list/EntityListPage.tsx';
import type { EntityColumn } from '../../components/entity-list/types.ts';
import { PersonCell } from '../../components/PersonCell.tsx';
import { useT } from '../../i18n/use-t.ts';
import type { TPatientRow } from '../../lib/api-types.ts';
import { formatCalendarDate } from '../../lib/calendar-date.ts';
import { useCatalogueOptions } from '../../lib/use-catalogue-options.ts';
import { disabilityLabel } from './disabilities.ts';
import { PatientFormDialog } from './PatientFormDialog.tsx';

const api = entityApi('patient');
// Loaded when opened: the appointments code and strings stay out of this screen's chunk.
const PatientAppointmentsDialog = lazy(() => import('../appointments/PatientAppointmentsDialog.tsx'));

const nameOf = (row: TPatientRow) => `${row.firstName} ${row.lastName}`;

export default function PatientsPage() {
  const { t } = useT('clinical');
  const [disabilityId, setDisabilityId] = useState('');
  const disabilities = useCatalogueOptions('disability', '', true);
  const filters = useMemo(() => (disabilityId ? { disabilityId } : {}), [disabilityId]);
  const { can } = useAuth();
  const [opened, setOpened] = useState<TPatientRow | null>(null);
  const extraRowActions = useCallback(
    (row: TPatientRow) =>
      can('appointment.read')
        ? [
            <GridActionsCellItem
              key="patient.appointments"
              showInMenu
              icon={<EventIcon />}
              label={t('patient.appointments')}
              onClick={() => setOpened(row)}
              data-testid="row-appointments"
            />,
          ]
        : [],
    [can, t],
  );
  const columns = useMemo<EntityColumn<TPatientRow>[]>(
    () => [
      {
        field: 'name',
        headerName: t('patient.fields.patient'),
        flex: 1.3,
        minWidth: 220,
        valueGetter: (_value, row) => nameOf(row),
        renderCell: ({ row }) => (
          <PersonCell name={nameOf(row)} secondary={row.email || `@${row.username}`} muted={!row.isActive} />
        ),
      },
      {
        field: 'birthDate',
        headerName: t('patient.fields.birthDate'),
        width: 150,
        valueFormatter: (value: Date) => formatCalendarDate(value),
        hideBelow: 'md',
      },
      { field: 'age', headerName: t('patient.fields.age'), type: 'number', width: 90, sortable: false },
      {
        field: 'disabilities',
        headerName: t('patient.fields.disabilities'),
        flex: 1.5,
        minWidth: 200,
        sortable: false,
        valueGetter: (value: TPatientRow['disabilities']) =>
          value.length
            ? value.map((disability) => disabilityLabel(disability.name)).join(', ')
            : t('patient.notRecorded'),
        renderCell: ({ row }) =>
          row.disabilities.length ? (
            <Stack
              direction="row"
              spacing={0.5}
              useFlexGap
              sx={{ alignItems: 'center', height: '100%', flexWrap: 'wrap', overflow: 'hidden' }}
            >
              {row.disabilities.map((disability) => (
                <Chip key={disability.id} size="small" variant="outlined" label={disabilityLabel(disability.name)} />
              ))}
            </Stack>
          ) : (
            t('patient.notRecorded')
          ),
        hideBelow: 'sm',
      },
    ],
    [t],
  );
  return (
    <>
      <EntityListPage
        texts={{ title: t('patient.other'), subtitle: t('patient.subtitle'), create: t('patient.new') }}
        api={api}
        columns={columns}
        sortFields={PATIENT_SORT_FIELDS}
        filters={filters}
        searchPlaceholder={t('patient.searchPlaceholder')}
        filterControls={
          <TextField
            select
            size="small"
            label={t('patient.fields.disabilities')}
            value={disabilityId}
            onChange={(event) => setDisabilityId(event.target.value)}
            slotProps={{ select: { displayEmpty: true }, inputLabel: { shrink: true } }}
            sx={{ minWidth: 220, maxWidth: { sm: 280 } }}
          >
            <MenuItem value="">{t('patient.allDisabilities')}</MenuItem>
            {disabilities.options.map((disability) => (
              <MenuItem key={disability.id} value={disability.id}>
                {disabilityLabel(disability.name)}
              </MenuItem>
            ))}
          </TextField>
        }
        writePermission="patient.write"
        nameOf={nameOf}
        extraRowActions={extraRowActions}
        renderForm={(row, onClose) => <PatientFormDialog row={row} onClose={onClose} />}
      />
      {opened && (
        <Suspense fallback={null}>
          <PatientAppointmentsDialog patientId={opened.id} name={nameOf(opened)} onClose={() => setOpened(null)} />
        </Suspense>
      )}
    </>
  );
}
