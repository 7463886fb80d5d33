import { ROOM_SORT_FIELDS } from '@mas/shared';
import { MenuItem, TextField } from '@mui/material';
import { useMemo, useState } from 'react';
import { entityApi } from '../../components/entity-list/adapters.ts';
import { EntityListPage } from '../../components/entity-list/EntityListPage.tsx';
import type { EntityColumn } from '../../components/entity-list/types.ts';
import { useT } from '../../i18n/use-t.ts';
import type { TRoomRow } from '../../lib/api-types.ts';
import { useCatalogueOptions } from '../../lib/use-catalogue-options.ts';
import { RoomFormDialog } from './RoomFormDialog.tsx';

const api = entityApi('room');
const nameOf = (row: TRoomRow) => row.name;

export default function RoomsPage() {
  const { t } = useT('entities');
  const [departmentId, setDepartmentId] = useState('');
  const departments = useCatalogueOptions('department', '', true).options;
  const filters = useMemo(() => (departmentId ? { departmentId } : {}), [departmentId]);
  const columns = useMemo<EntityColumn<TRoomRow>[]>(
    () => [
      { field: 'name', headerName: t('common:fields.name'), flex: 1, minWidth: 150 },
      {
        field: 'departmentName',
        headerName: t('room.fields.department'),
        flex: 1,
        minWidth: 160,
        valueGetter: (value: string | null) => value ?? t('room.fields.noDepartment'),
        hideBelow: 'sm',
      },
      { field: 'bedCount', headerName: t('room.fields.bedCount'), type: 'number', width: 90 },
      {
        field: 'bedStates',
        headerName: t('room.fields.unavailableBeds'),
        type: 'number',
        width: 150,
        valueGetter: (value: TRoomRow['bedStates']) => value.filter((bed) => bed.status === 'outOfService').length,
        hideBelow: 'lg',
      },
      { field: 'description', headerName: t('common:fields.description'), flex: 2, minWidth: 200, hideBelow: 'md' },
    ],
    [t],
  );
  return (
    <EntityListPage
      texts={{ title: t('room.other'), subtitle: t('room.subtitle'), create: t('room.new') }}
      api={api}
      columns={columns}
      sortFields={ROOM_SORT_FIELDS}
      filters={filters}
      filterControls={
        <TextField
          select
          size="small"
          label={t('room.fields.department')}
          value={departmentId}
          onChange={(event) => setDepartmentId(event.target.value)}
          sx={{ minWidth: 220, maxWidth: { sm: 280 } }}
          slotProps={{ select: { displayEmpty: true }, inputLabel: { shrink: true } }}
          data-testid="department-filter"
        >
          <MenuItem value="">{t('room.fields.allDepartments')}</MenuItem>
          {departments.map((department) => (
            <MenuItem key={department.id} value={department.id}>
              {department.name}
            </MenuItem>
          ))}
        </TextField>
      }
      writePermission="room.write"
      nameOf={nameOf}
      renderForm={(row, onClose) => <RoomFormDialog row={row} onClose={onClose} />}
    />
  );
}
