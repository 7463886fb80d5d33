import { ROLE_SORT_FIELDS } from '@mas/shared';
import { Chip } from '@mui/material';
import { useMemo } from 'react';
import { entityApi } from '../../components/entity-list/adapters.ts';
import { EntityListPage } from '../../components/entity-list/EntityListPage.tsx';
import type { EntityColumn } from '../../components/entity-list/types.ts';
import { useT } from '../../i18n/use-t.ts';
import type { TRoleRow } from '../../lib/api-types.ts';
import { roleDescription, roleLabel } from '../../lib/role-names.ts';
import { RoleFormDialog } from './RoleFormDialog.tsx';

const api = entityApi('role');
const nameOf = (row: TRoleRow) => roleLabel(row.name);
// Built-in roles cannot be deleted or retired: people would lose access.
const rowPolicy = (row: TRoleRow) => ({ noDelete: row.isBuiltIn, noDeactivate: row.isBuiltIn });

export default function RolesPage() {
  const { t } = useT('entities');
  const columns = useMemo<EntityColumn<TRoleRow>[]>(
    () => [
      {
        field: 'name',
        headerName: t('common:fields.name'),
        flex: 1,
        minWidth: 160,
        valueGetter: (value: string) => roleLabel(value),
      },
      {
        field: 'isBuiltIn',
        headerName: t('role.fields.kind'),
        width: 130,
        valueGetter: (value: boolean) => (value ? t('role.fields.builtIn') : t('role.fields.custom')),
        renderCell: ({ row }) => (
          <Chip
            size="small"
            variant="outlined"
            color={row.isBuiltIn ? 'primary' : 'secondary'}
            label={row.isBuiltIn ? t('role.fields.builtIn') : t('role.fields.custom')}
          />
        ),
        hideBelow: 'sm',
      },
      { field: 'userCount', headerName: t('role.fields.users'), type: 'number', width: 90 },
      {
        field: 'permissions',
        headerName: t('role.fields.permissions'),
        width: 130,
        valueGetter: (value: string[]) => t('role.permissionCount', { count: value.length }),
        hideBelow: 'md',
      },
      {
        field: 'description',
        headerName: t('common:fields.description'),
        flex: 2,
        minWidth: 160,
        hideBelow: 'md',
        valueGetter: (value: string, row) => roleDescription(row.name, value),
      },
    ],
    [t],
  );
  return (
    <EntityListPage
      texts={{ title: t('role.other'), subtitle: t('role.subtitle'), create: t('role.new') }}
      api={api}
      columns={columns}
      sortFields={ROLE_SORT_FIELDS}
      writePermission="role.write"
      nameOf={nameOf}
      rowPolicy={rowPolicy}
      renderForm={(row, onClose) => <RoleFormDialog row={row} onClose={onClose} />}
    />
  );
}
