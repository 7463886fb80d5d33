import { ZCatalogueCreateInput, type TPlainCatalogue } from '@mas/shared';
import { TextField } from '@mui/material';
import type { z } from 'zod';
import { FormDialog } from '../../components/form/FormDialog.tsx';
import { FormTextField } from '../../components/form/FormTextField.tsx';
import { useEntityForm } from '../../components/entity-list/use-entity-form.ts';
import { useT } from '../../i18n/use-t.ts';
import type { TCatalogueRow } from '../../lib/api-types.ts';
import { trpc } from '../../lib/trpc.ts';
import { disabilityDescription, disabilityLabel, isNoneDisability } from '../patients/disabilities.ts';

type TForm = { name: string; description: string };

/** Create or edit an entry of a plain catalogue (a specialty, department, disability, diagnosis…). */
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
  // The seeded "None" disability keeps its stored (English) name, which the patient form knows it by;
  // it is shown and described in the reader's language.
  const none = entity === 'disability' && row !== null && isNoneDisability(row);
  const shownDescription = row ? (none ? disabilityDescription(row.name, row.description) : row.description) : '';
  const { form, dialogProps, editing } = useEntityForm<TForm, z.output<typeof ZCatalogueCreateInput>, TCatalogueRow>({
    row,
    schema: ZCatalogueCreateInput,
    defaultValues: { name: row?.name ?? '', description: shownDescription },
    prepare: (values) => ({
      ...values,
      description: row && none && values.description === shownDescription ? row.description : values.description,
    }),
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
      {none ? (
        <TextField
          label={t('common:fields.name')}
          value={disabilityLabel(row.name)}
          disabled
          fullWidth
          helperText={t('clinical:patient.noneDisabilityHint')}
        />
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
        minRows={3}
        slotProps={{ htmlInput: { maxLength: 2000 } }}
      />
    </FormDialog>
  );
}
