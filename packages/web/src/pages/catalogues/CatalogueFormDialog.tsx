import { ZCatalogueCreateInput } from '@mas/shared';
import type { z } from 'zod';
import { FormDialog } from '../../components/form/FormDialog.tsx';
import { FormTextField } from '../../components/form/FormTextField.tsx';
import type { TPlainCatalogue } from '../../components/entity-list/adapters.ts';
import { useEntityForm } from '../../components/entity-list/use-entity-form.ts';
import { useT } from '../../i18n/use-t.ts';
import type { TCatalogueRow } from '../../lib/api-types.ts';
import { trpc } from '../../lib/trpc.ts';

type TForm = { name: string; description: string };

/** Create or edit a specialty, department, disability or diagnosis. */
export function CatalogueFormDialog({
  entity,
  row,
  onClose,
}: {
  entity: TPlainCatalogue;
  row: TCatalogueRow | null;
  onClose(): void;
}) {
  const { t } = useT('entities');
  const utils = trpc.useUtils();
  const { form, dialogProps, editing } = useEntityForm<TForm, z.output<typeof ZCatalogueCreateInput>, TCatalogueRow>({
    row,
    schema: ZCatalogueCreateInput,
    defaultValues: { name: row?.name ?? '', description: row?.description ?? '' },
    create: trpc[entity].create.useMutation(),
    update: trpc[entity].update.useMutation(),
    nameOf: (values) => values.name,
    fields: ['name', 'description'],
    onSaved: () => {
      void utils[entity].invalidate();
      onClose();
    },
  });
  return (
    <FormDialog {...dialogProps} title={t(editing ? `${entity}.edit` : `${entity}.new`)} onClose={onClose}>
      <FormTextField
        control={form.control}
        name="name"
        label={t('common:fields.name')}
        required
        autoFocus
        slotProps={{ htmlInput: { maxLength: 120 } }}
      />
      <FormTextField
        control={form.control}
        name="description"
        label={t('common:fields.description')}
        multiline
        minRows={3}
        slotProps={{ htmlInput: { maxLength: 2000 } }}
      />
    </FormDialog>
  );
}
