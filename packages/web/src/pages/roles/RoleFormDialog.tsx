import { ZRoleCreateInput, type TPermission } from '@mas/shared';
import type { z } from 'zod';
import { useEntityForm } from '../../components/entity-list/use-entity-form.ts';
import { FormDialog } from '../../components/form/FormDialog.tsx';
import { FormTextField } from '../../components/form/FormTextField.tsx';
import { useT } from '../../i18n/use-t.ts';
import type { TRoleRow } from '../../lib/api-types.ts';
import { trpc } from '../../lib/trpc.ts';
import { PermissionMatrix } from './PermissionMatrix.tsx';

type TForm = { name: string; description: string; permissions: TPermission[] };

export function RoleFormDialog({ row, onClose }: { row: TRoleRow | null; onClose(): void }) {
  const { t } = useT('entities');
  const utils = trpc.useUtils();
  const builtIn = Boolean(row?.isBuiltIn);
  const { form, dialogProps, editing } = useEntityForm<TForm, z.output<typeof ZRoleCreateInput>, TRoleRow>({
    row,
    schema: ZRoleCreateInput,
    defaultValues: { name: row?.name ?? '', description: row?.description ?? '', permissions: row?.permissions ?? [] },
    // Built-in roles take their permissions from the matrix in @mas/shared; only the description changes.
    prepare: (values) => (builtIn ? { name: values.name, description: values.description } : values),
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
      <FormTextField
        control={form.control}
        name="name"
        label={t('common:fields.name')}
        required
        autoFocus={!builtIn}
        disabled={builtIn}
        slotProps={{ htmlInput: { maxLength: 120 } }}
      />
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
