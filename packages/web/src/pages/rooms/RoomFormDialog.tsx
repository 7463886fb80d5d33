import { MAX_BEDS_PER_ROOM, ZRoomCreateInput } from '@mas/shared';
import { Stack } from '@mui/material';
import type { z } from 'zod';
import { useEntityForm } from '../../components/entity-list/use-entity-form.ts';
import { FormDialog } from '../../components/form/FormDialog.tsx';
import { FormSelectField } from '../../components/form/FormSelectField.tsx';
import { FormTextField } from '../../components/form/FormTextField.tsx';
import { blankToNull, toNumber } from '../../components/form/use-zod-form.ts';
import { useT } from '../../i18n/use-t.ts';
import type { TRoomRow } from '../../lib/api-types.ts';
import { trpc } from '../../lib/trpc.ts';
import { useCatalogueOptions } from '../../lib/use-catalogue-options.ts';

type TForm = { name: string; bedCount: string; departmentId: string; description: string };

export function RoomFormDialog({ row, onClose }: { row: TRoomRow | null; onClose(): void }) {
  const { t } = useT('entities');
  const utils = trpc.useUtils();
  const departments = useCatalogueOptions('department', '', true).options;
  const { form, dialogProps, editing } = useEntityForm<TForm, z.output<typeof ZRoomCreateInput>, TRoomRow>({
    row,
    schema: ZRoomCreateInput,
    defaultValues: {
      name: row?.name ?? '',
      bedCount: row ? String(row.bedCount) : '1',
      departmentId: row?.departmentId ?? '',
      description: row?.description ?? '',
    },
    prepare: (values) => ({
      ...values,
      bedCount: toNumber(values.bedCount),
      departmentId: blankToNull(values.departmentId),
    }),
    create: trpc.room.create.useMutation(),
    update: trpc.room.update.useMutation(),
    nameOf: (values) => values.name,
    fields: ['name', 'bedCount', 'departmentId', 'description'],
    onSaved: () => {
      void utils.room.invalidate();
      onClose();
    },
  });
  const options = [
    { value: '', label: t('room.fields.noDepartment') },
    ...departments
      .filter((department) => department.isActive || department.id === row?.departmentId)
      .map((department) => ({ value: department.id, label: department.name })),
  ];
  return (
    <FormDialog {...dialogProps} title={t(editing ? 'room.edit' : 'room.new')} onClose={onClose}>
      <FormTextField
        control={form.control}
        name="name"
        label={t('common:fields.name')}
        required
        autoFocus
        slotProps={{ htmlInput: { maxLength: 120 } }}
      />
      <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2}>
        <FormTextField
          control={form.control}
          name="bedCount"
          label={t('room.fields.bedCount')}
          type="number"
          required
          helperText={t('room.bedCountHint', { max: MAX_BEDS_PER_ROOM })}
          slotProps={{ htmlInput: { min: 1, max: MAX_BEDS_PER_ROOM, step: 1, inputMode: 'numeric' } }}
          sx={{ maxWidth: { sm: 160 } }}
        />
        <FormSelectField
          control={form.control}
          name="departmentId"
          label={t('room.fields.department')}
          options={options}
        />
      </Stack>
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
