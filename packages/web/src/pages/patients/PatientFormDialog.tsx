import { ZPatientCreateInput } from '@mas/shared';
import { TextField } from '@mui/material';
import dayjs, { type Dayjs } from 'dayjs';
import type { z } from 'zod';
import { AppLocalizationProvider } from '../../components/date/AppLocalizationProvider.tsx';
import { useEntityForm } from '../../components/entity-list/use-entity-form.ts';
import { EligibleUserPicker } from '../../components/form/EligibleUserPicker.tsx';
import { FormAutocomplete } from '../../components/form/FormAutocomplete.tsx';
import { FormDateField } from '../../components/form/FormDateField.tsx';
import { FormDialog } from '../../components/form/FormDialog.tsx';
import { useT } from '../../i18n/use-t.ts';
import type { TPatientRow } from '../../lib/api-types.ts';
import { fromCalendarDate, toCalendarDate } from '../../lib/calendar-date.ts';
import { trpc } from '../../lib/trpc.ts';
import { useCatalogueOptions } from '../../lib/use-catalogue-options.ts';
import { disabilityLabel, isNoneDisability } from './disabilities.ts';

type TForm = { userId: string; birthDate: Dayjs | null; disabilityIds: string[] };
const ZEditForm = ZPatientCreateInput.omit({ userId: true });
type TOut = z.output<typeof ZEditForm> & { userId?: string };

export function PatientFormDialog({ row, onClose }: { row: TPatientRow | null; onClose(): void }) {
  const { t } = useT('clinical');
  const utils = trpc.useUtils();
  const editing = row !== null;
  // A short catalogue, filtered in the browser so "Ninguna" finds the stored "None".
  const disabilities = useCatalogueOptions('disability');
  const { form, dialogProps } = useEntityForm<TForm, TOut, TPatientRow>({
    row,
    schema: (editing ? ZEditForm : ZPatientCreateInput) as z.ZodType<TOut>,
    defaultValues: {
      userId: row?.userId ?? '',
      birthDate: row ? fromCalendarDate(row.birthDate) : null,
      disabilityIds: row?.disabilityIds ?? [],
    },
    prepare: ({ userId, birthDate, disabilityIds }) => ({
      ...(editing ? {} : { userId }),
      birthDate: birthDate?.isValid() ? toCalendarDate(birthDate) : undefined,
      disabilityIds,
    }),
    create: trpc.patient.create.useMutation(),
    update: trpc.patient.update.useMutation(),
    nameOf: (_values, saved) => {
      const patient = (saved as TPatientRow | undefined) ?? row;
      return patient ? `${patient.firstName} ${patient.lastName}` : '';
    },
    fields: ['userId', 'birthDate', 'disabilityIds'],
    onSaved: () => {
      void utils.patient.invalidate();
      onClose();
    },
  });

  // "None" stands alone: picking it clears the rest, picking another clears "None".
  const normalize = (ids: string[], previous: string[]) => {
    const none = disabilities.options.find(isNoneDisability)?.id ?? row?.disabilities.find(isNoneDisability)?.id;
    if (!none || !ids.includes(none) || ids.length === 1) return ids;
    return previous.includes(none) ? ids.filter((id) => id !== none) : [none];
  };

  return (
    <AppLocalizationProvider>
      <FormDialog {...dialogProps} title={t(editing ? 'patient.edit' : 'patient.new')} onClose={onClose}>
        {editing ? (
          <TextField
            label={t('patient.fields.user')}
            value={`${row.firstName} ${row.lastName} (@${row.username})`}
            disabled
            helperText={t('patient.userFixed')}
          />
        ) : (
          <EligibleUserPicker
            control={form.control}
            name="userId"
            kind="patient"
            label={t('patient.fields.user')}
            helperText={t('patient.userHint')}
            noOptionsText={t('patient.noEligible')}
          />
        )}
        <FormDateField
          control={form.control}
          name="birthDate"
          label={t('patient.fields.birthDate')}
          maxDate={dayjs()}
          minDate={dayjs('1900-01-01')}
          required
          autoFocus={editing}
        />
        <FormAutocomplete
          control={form.control}
          name="disabilityIds"
          label={t('patient.fields.disabilities')}
          multiple
          options={disabilities.options}
          known={row?.disabilities.map((disability) => ({ ...disability, description: '', isActive: true })) ?? []}
          idOf={(option) => option.id}
          labelOf={(option) => disabilityLabel(option.name)}
          loading={disabilities.loading}
          normalize={normalize}
          helperText={t('patient.disabilitiesHint')}
          testId="disability-picker"
        />
      </FormDialog>
    </AppLocalizationProvider>
  );
}
