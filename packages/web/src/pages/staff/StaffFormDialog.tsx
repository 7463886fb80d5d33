import { latestGraduationDate, MIN_YEARS_SINCE_GRADUATION, ZMedicalStaffCreateInput } from '@mas/shared';
import { Stack, TextField } from '@mui/material';
import dayjs, { type Dayjs } from 'dayjs';
import type { z } from 'zod';
import { AppLocalizationProvider } from '../../components/date/AppLocalizationProvider.tsx';
import { useEntityForm } from '../../components/entity-list/use-entity-form.ts';
import { EligibleUserPicker } from '../../components/form/EligibleUserPicker.tsx';
import { FormDateField } from '../../components/form/FormDateField.tsx';
import { FormDialog } from '../../components/form/FormDialog.tsx';
import { FormSelectField } from '../../components/form/FormSelectField.tsx';
import { useT } from '../../i18n/use-t.ts';
import type { TStaffRow } from '../../lib/api-types.ts';
import { fromCalendarDate, toCalendarDate } from '../../lib/calendar-date.ts';
import { trpc } from '../../lib/trpc.ts';
import { useCatalogueOptions } from '../../lib/use-catalogue-options.ts';

type TForm = { userId: string; specialtyId: string; departmentId: string; graduatedAt: Dayjs | null };
const ZEditForm = ZMedicalStaffCreateInput.omit({ userId: true });
type TOut = z.output<typeof ZEditForm> & { userId?: string };

/** Active entries, plus the current one if it has been retired since (so the form still shows it). */
const choices = (options: { id: string; name: string; isActive: boolean }[], current?: string) =>
  options
    .filter((option) => option.isActive || option.id === current)
    .map((option) => ({ value: option.id, label: option.name }));

export function StaffFormDialog({ row, onClose }: { row: TStaffRow | null; onClose(): void }) {
  const { t } = useT('clinical');
  const utils = trpc.useUtils();
  const editing = row !== null;
  const specialties = useCatalogueOptions('specialty', '', true);
  const departments = useCatalogueOptions('department', '', true);
  const latest = fromCalendarDate(latestGraduationDate());
  const { form, dialogProps } = useEntityForm<TForm, TOut, TStaffRow>({
    row,
    schema: (editing ? ZEditForm : ZMedicalStaffCreateInput) as z.ZodType<TOut>,
    defaultValues: {
      userId: row?.userId ?? '',
      specialtyId: row?.specialtyId ?? '',
      departmentId: row?.departmentId ?? '',
      graduatedAt: row ? fromCalendarDate(row.graduatedAt) : null,
    },
    prepare: ({ userId, graduatedAt, ...rest }) => ({
      ...rest,
      ...(editing ? {} : { userId }),
      graduatedAt: graduatedAt?.isValid() ? toCalendarDate(graduatedAt) : undefined,
    }),
    create: trpc.medicalStaff.create.useMutation(),
    update: trpc.medicalStaff.update.useMutation(),
    nameOf: (_values, saved) => {
      const staff = (saved as TStaffRow | undefined) ?? row;
      return staff ? `${staff.firstName} ${staff.lastName}` : '';
    },
    fields: ['userId', 'specialtyId', 'departmentId', 'graduatedAt'],
    onSaved: () => {
      void utils.medicalStaff.invalidate();
      onClose();
    },
  });

  return (
    <AppLocalizationProvider>
      <FormDialog {...dialogProps} title={t(editing ? 'medicalStaff.edit' : 'medicalStaff.new')} onClose={onClose}>
        {editing ? (
          <TextField
            label={t('medicalStaff.fields.user')}
            value={`${row.firstName} ${row.lastName} (@${row.username})`}
            disabled
            helperText={t('medicalStaff.userFixed')}
          />
        ) : (
          <EligibleUserPicker
            control={form.control}
            name="userId"
            kind="medicalStaff"
            label={t('medicalStaff.fields.user')}
            helperText={t('medicalStaff.userHint')}
            noOptionsText={t('medicalStaff.noEligible')}
          />
        )}
        <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2}>
          <FormSelectField
            control={form.control}
            name="specialtyId"
            label={t('medicalStaff.fields.specialty')}
            options={choices(specialties.options, row?.specialtyId)}
            required
            autoFocus={editing}
          />
          <FormSelectField
            control={form.control}
            name="departmentId"
            label={t('medicalStaff.fields.department')}
            options={choices(departments.options, row?.departmentId)}
            required
          />
        </Stack>
        <FormDateField
          control={form.control}
          name="graduatedAt"
          label={t('medicalStaff.fields.graduatedAt')}
          maxDate={latest}
          minDate={dayjs('1900-01-01')}
          required
          helperText={t('medicalStaff.graduatedHint', { years: MIN_YEARS_SINCE_GRADUATION, date: latest.format('L') })}
        />
      </FormDialog>
    </AppLocalizationProvider>
  );
}
