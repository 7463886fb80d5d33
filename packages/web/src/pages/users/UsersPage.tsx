import { USER_SORT_FIELDS } from '@mas/shared';
import KeyIcon from '@mui/icons-material/KeyOutlined';
import { Avatar, Box, Chip, Stack, Typography } from '@mui/material';
import { GridActionsCellItem } from '@mui/x-data-grid';
import { useCallback, useMemo, useState } from 'react';
import { useAuth } from '../../auth/auth-context.tsx';
import { entityApi } from '../../components/entity-list/adapters.ts';
import { EntityListPage } from '../../components/entity-list/EntityListPage.tsx';
import type { EntityColumn } from '../../components/entity-list/types.ts';
import { useT } from '../../i18n/use-t.ts';
import type { TUserRow } from '../../lib/api-types.ts';
import { formatShortDateTime, initialsOf } from '../../lib/format.ts';
import { roleLabel } from '../../lib/role-names.ts';
import { useRoleOptions } from '../../lib/use-role-options.ts';
import { ResetPasswordDialog } from './ResetPasswordDialog.tsx';
import { UserFormDialog } from './UserFormDialog.tsx';

const api = entityApi('user');
const nameOf = (row: TUserRow) => row.username;

export default function UsersPage() {
  const { t } = useT('entities');
  const { user: me, can } = useAuth();
  const roles = useRoleOptions();
  const [roleIds, setRoleIds] = useState<string[]>([]);
  const [resetting, setResetting] = useState<TUserRow | null>(null);
  const filters = useMemo(() => (roleIds.length ? { roleIds } : {}), [roleIds]);
  const meId = me?.id;

  const columns = useMemo<EntityColumn<TUserRow>[]>(
    () => [
      {
        field: 'username',
        headerName: t('user.fields.user'),
        flex: 1.4,
        minWidth: 200,
        valueGetter: (_value, row) => row.username,
        renderCell: ({ row }) => (
          <Stack direction="row" spacing={1.5} sx={{ alignItems: 'center', height: '100%', minWidth: 0 }}>
            <Avatar
              sx={{ width: 32, height: 32, fontSize: 13, bgcolor: row.isActive ? 'primary.main' : 'action.disabled' }}
            >
              {initialsOf(`${row.firstName} ${row.lastName}`)}
            </Avatar>
            <Box sx={{ minWidth: 0, lineHeight: 1.3 }}>
              <Typography variant="body2" noWrap sx={{ fontWeight: 600 }}>
                {row.firstName} {row.lastName}
                {row.id === meId && <Chip size="small" label={t('user.you')} sx={{ ml: 1, height: 18 }} />}
              </Typography>
              <Typography variant="caption" color="text.secondary" noWrap component="div">
                @{row.username}
              </Typography>
            </Box>
          </Stack>
        ),
      },
      // Names already show in the first column; these exist for sorting and the CSV.
      { field: 'firstName', headerName: t('user.fields.firstName'), flex: 1, minWidth: 120, hiddenByDefault: true },
      { field: 'lastName', headerName: t('user.fields.lastName'), flex: 1, minWidth: 120, hiddenByDefault: true },
      { field: 'email', headerName: t('user.fields.email'), flex: 1.2, minWidth: 170, hideBelow: 'md' },
      {
        field: 'roleName',
        headerName: t('user.fields.role'),
        width: 180,
        valueGetter: (value: string) => roleLabel(value),
        renderCell: ({ value }) => <Chip size="small" variant="outlined" label={value as string} />,
      },
      { field: 'phone', headerName: t('user.fields.phone'), width: 150, hideBelow: 'xl' },
      {
        field: 'gender',
        headerName: t('user.fields.gender'),
        width: 130,
        valueGetter: (value: TUserRow['gender']) => (value ? t(`user.genders.${value}`) : ''),
        hideBelow: 'xl',
      },
      {
        field: 'lastLoginAt',
        headerName: t('user.fields.lastLogin'),
        width: 175,
        valueFormatter: (value: Date | null) => (value ? formatShortDateTime(value) : t('user.never')),
        hideBelow: 'md',
      },
    ],
    [t, meId],
  );

  const rowPolicy = useCallback(
    (row: TUserRow) => ({ noDelete: row.id === meId, noDeactivate: row.id === meId }),
    [meId],
  );
  const canWrite = can('user.write');
  const extraRowActions = useCallback(
    (row: TUserRow) =>
      canWrite && row.id !== meId
        ? [
            <GridActionsCellItem
              key="reset"
              showInMenu
              icon={<KeyIcon />}
              label={t('common:actions.resetPassword')}
              onClick={() => setResetting(row)}
              data-testid="row-reset-password"
            />,
          ]
        : [],
    [canWrite, meId, t],
  );

  const toggleRole = (id: string) =>
    setRoleIds((current) => (current.includes(id) ? current.filter((value) => value !== id) : [...current, id]));

  return (
    <>
      <EntityListPage
        texts={{ title: t('user.other'), subtitle: t('user.subtitle'), create: t('user.new') }}
        api={api}
        columns={columns}
        sortFields={USER_SORT_FIELDS}
        filters={filters}
        searchPlaceholder={t('user.searchPlaceholder')}
        filterControls={
          <Stack
            direction="row"
            spacing={1}
            useFlexGap
            sx={{ flexWrap: 'wrap', alignItems: 'center', flex: 1 }}
            role="group"
            aria-label={t('user.roleFilter')}
          >
            <Typography variant="body2" color="text.secondary" sx={{ mr: 0.5 }}>
              {t('user.roleFilter')}:
            </Typography>
            {roles.map((role) => {
              const selected = roleIds.includes(role.id);
              return (
                <Chip
                  key={role.id}
                  label={roleLabel(role.name)}
                  size="small"
                  clickable
                  color={selected ? 'primary' : 'default'}
                  variant={selected ? 'filled' : 'outlined'}
                  onClick={() => toggleRole(role.id)}
                  aria-pressed={selected}
                  data-testid={`role-chip-${role.name}`}
                />
              );
            })}
            {roleIds.length > 0 && (
              <Chip
                size="small"
                variant="outlined"
                label={t('common:actions.clearFilters')}
                onDelete={() => setRoleIds([])}
                onClick={() => setRoleIds([])}
              />
            )}
          </Stack>
        }
        writePermission="user.write"
        nameOf={nameOf}
        rowPolicy={rowPolicy}
        extraRowActions={extraRowActions}
        renderForm={(row, onClose) => <UserFormDialog row={row} onClose={onClose} />}
      />
      {resetting && <ResetPasswordDialog user={resetting} onClose={() => setResetting(null)} />}
    </>
  );
}
