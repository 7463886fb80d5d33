import { ZRoleCreateInput, type TPermission } from '@mas/shared';
import { TextField } from '@mui/material';
import type { z } from 'zod';
import { useEntityForm } from '../../components/entity-list/use-entity-form.ts';
import { FormDialog } from '../../components/form/FormDialog.tsx';
import { FormTextField } from '../../components/form/FormTextField.tsx';
import { useT } from '../../i18n/use-t.ts';
import type { TRoleRow } from '../../lib/api-types.ts';
import { roleDescription, roleLabel } from '../../lib/role-names.ts';
import { trpc } from '../../lib/trpc.ts';
import { PermissionMatrix } from './PermissionMatrix.tsx';

type TForm = { name: string; description: string; permissions: TPermission[] };

export function RoleFormDialog({ row, onClose }: { row: TRoleRow | null; onClose(): void }) {
  const { t } = useT('entities');
  const utils = trpc.useUtils();
  const builtIn = Boolean(row?.isBuiltIn);
  // Built-in names and their seeded descriptions are stored in English and read in the user's language.
  const shownDescription = row ? roleDescription(row.name, row.description ?? '') : '';
  const { form, dialogProps, editing } = useEntityForm<TForm, z.output<typeof ZRoleCreateInput>, TRoleRow>({
    row,
    schema: ZRoleCreateInput,
    defaultValues: { name: row?.name ?? '', description: shownDescription, permissions: row?.permissions ?? [] },
    // Built-in roles take their permissions from the matrix in @mas/shared; only the description changes
    // (a translated seeded description left as it was stays stored as it was).
    prepare: (values) => {
      const description = row && values.description === shownDescription ? (row.description ?? '') : values.description;
      return builtIn ? { name: values.name, description } : { ...values, description };
    },
    create: trpc.role.create.useMutation(),
    update: trpc.role.update.useMutation(),
    nameOf: (values) => values.name,
    fields: ['name', 'description', 'permissions'],
    onSaved: () => {
      void utils.role.invalidate();
      onClose();
    },
  });
  return (
    <FormDialog {...dialogProps} title={t(editing ? 'role.edit' : 'role.new')} onClose={onClose}>
      {builtIn && row ? (
        <TextField label={t('common:fields.name')} value={roleLabel(row.name)} disabled fullWidth />
      ) : (
        <FormTextField
          control={form.control}
          name="name"
          label={t('common:fields.name')}
          required
          autoFocus
          slotProps={{ htmlInput: { maxLength: 120 } }}
        />
      )}
      <FormTextField
        control={form.control}
        name="description"
        label={t('common:fields.description')}
        multiline
        minRows={2}
        autoFocus={builtIn}
        slotProps={{ htmlInput: { maxLength: 2000 } }}
      />
      <PermissionMatrix control={form.control} disabled={builtIn} />
    </FormDialog>
  );
}
