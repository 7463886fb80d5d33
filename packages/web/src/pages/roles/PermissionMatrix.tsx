import { ENTITIES, PERMISSIONS, type TPermission } from '@mas/shared';
import {
  Box,
  Checkbox,
  FormControlLabel,
  FormHelperText,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@mui/material';
import { useController, type Control } from 'react-hook-form';
import { entityWord, permissionLabel } from '../../app/entities.ts';
import { useT } from '../../i18n/use-t.ts';

/** Permissions that are not an entity's read or write (admission.delete, audit.read…), from the shared list. */
const OTHER_PERMISSIONS = PERMISSIONS.filter((permission) =>
  ENTITIES.every((entity) => permission !== `${entity}.read` && permission !== `${entity}.write`),
);

type TForm = { name: string; description: string; permissions: TPermission[] };

/** Read/write per record type, plus the few permissions that are not about one entity. */
export function PermissionMatrix<Out>({
  control,
  disabled,
}: {
  control: Control<TForm, unknown, Out>;
  disabled: boolean;
}) {
  const { t } = useT('entities');
  const { field } = useController({ control, name: 'permissions' });
  const granted = new Set(field.value);
  const toggle = (permission: TPermission) => {
    const next = new Set(granted);
    const [entity, access] = permission.split('.');
    // "Change" comes with "See" and goes without it, as the server requires.
    if (next.has(permission)) {
      next.delete(permission);
      if (access === 'read') next.delete(`${entity}.write` as TPermission);
    } else {
      next.add(permission);
      if (access === 'write') next.add(`${entity}.read` as TPermission);
    }
    field.onChange([...next]);
  };
  const box = (permission: TPermission, label: string) => (
    <Checkbox
      size="small"
      checked={granted.has(permission)}
      onChange={() => toggle(permission)}
      disabled={disabled}
      slotProps={{ input: { 'aria-label': label } }}
    />
  );

  return (
    <Box>
      <Typography variant="subtitle2" gutterBottom>
        {t('role.fields.permissions')}
      </Typography>
      <FormHelperText sx={{ mt: 0, mb: 1 }}>
        {disabled ? t('role.builtInHint') : t('role.permissionsHint')}
      </FormHelperText>
      <Table size="small" sx={{ '& td, & th': { py: 0.25 } }}>
        <TableHead>
          <TableRow>
            <TableCell />
            <TableCell align="center">{t('role.read')}</TableCell>
            <TableCell align="center">{t('role.write')}</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {ENTITIES.map((entity) => {
            const name = entityWord(entity, 'other');
            return (
              <TableRow key={entity}>
                <TableCell component="th" scope="row">
                  {name}
                </TableCell>
                <TableCell align="center">{box(`${entity}.read`, `${name}: ${t('role.read')}`)}</TableCell>
                <TableCell align="center">{box(`${entity}.write`, `${name}: ${t('role.write')}`)}</TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
      <Typography variant="subtitle2" sx={{ mt: 2 }}>
        {t('role.otherPermissions')}
      </Typography>
      {OTHER_PERMISSIONS.map((permission) => (
        <FormControlLabel
          key={permission}
          sx={{ display: 'flex' }}
          control={box(permission, permissionLabel(permission))}
          label={permissionLabel(permission)}
        />
      ))}
    </Box>
  );
}
