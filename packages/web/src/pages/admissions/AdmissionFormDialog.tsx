import { BACKDATE_OVERRIDE_ROLES, MAX_BACKDATE_DAYS, ZAdmissionCreateInput } from '@mas/shared';
import { Alert, Stack } from '@mui/material';
import dayjs, { type Dayjs } from 'dayjs';
import { useWatch } from 'react-hook-form';
import { useAuth } from '../../auth/auth-context.tsx';
import type { z } from 'zod';
import { AppLocalizationProvider } from '../../components/date/AppLocalizationProvider.tsx';
import { useEntityForm } from '../../components/entity-list/use-entity-form.ts';
import { FormDateField } from '../../components/form/FormDateField.tsx';
import { FormDialog } from '../../components/form/FormDialog.tsx';
import { FormSwitch } from '../../components/form/FormSwitch.tsx';
import { FormTextField } from '../../components/form/FormTextField.tsx';
import { blankToUndefined, toNumber } from '../../components/form/use-zod-form.ts';
import { useT } from '../../i18n/use-t.ts';
import type { TAdmissionRow } from '../../lib/api-types.ts';
import { trpc } from '../../lib/trpc.ts';
import { BedPicker } from './BedPicker.tsx';
import { DiagnosesPicker, PatientPicker, StaffPicker } from './pickers.tsx';
import { parsePlace, placeLabel } from './places.ts';

type TForm = {
  patientId: string;
  medicalStaffId: string;
  admittedAt: Dayjs | null;
  place: string;
  diagnosisIds: string[];
  expectedDays: string;
  notes: string;
  isUrgent: boolean;
  isSurgical: boolean;
  backdateReason: string;
};
/** Corrections touch the clinical fields only; patient, staff and bed move through their own flows. */
const ZEditForm = ZAdmissionCreateInput.pick({
  admittedAt: true,
  diagnosisIds: true,
  expectedDays: true,
  notes: true,
  isSurgical: true,
  isUrgent: true,
  backdateReason: true,
});
type TOut = z.output<typeof ZEditForm> &
  Partial<Pick<z.output<typeof ZAdmissionCreateInput>, 'patientId' | 'medicalStaffId' | 'roomId' | 'bed'>>;

const FIELDS = [
  'patientId',
  'medicalStaffId',
  'admittedAt',
  'place',
  'diagnosisIds',
  'expectedDays',
  'notes',
  'isUrgent',
  'isSurgical',
  'backdateReason',
] as const;
const PLACE_ALIASES = { roomId: 'place', bed: 'place' };

interface Props {
  row: TAdmissionRow | null;
  /** A bed chosen beforehand (from the bed board), as "roomId:bed". */
  place?: string;
  onClose(): void;
}

/** Admit (assigns the bed) or correct an admission's clinical details. */
export function AdmissionFormDialog({ row, place = '', onClose }: Props) {
  const { t } = useT('clinical');
  const utils = trpc.useUtils();
  const editing = row !== null;
  const { user } = useAuth();
  // Further back than the limit only Administrators (and up) may go, with a reason the audit keeps.
  const mayBackdate = BACKDATE_OVERRIDE_ROLES.some((role) => role === user?.roleName);
  const limit = dayjs().subtract(MAX_BACKDATE_DAYS, 'day');
  const isBeyondLimit = (date: Dayjs | null | undefined) =>
    Boolean(date?.isValid() && date.isBefore(limit) && (!row || date.isBefore(dayjs(row.admittedAt))));
  const { form, dialogProps } = useEntityForm<TForm, TOut, TAdmissionRow>({
    row,
    schema: (editing ? ZEditForm : ZAdmissionCreateInput) as z.ZodType<TOut>,
    defaultValues: {
      patientId: row?.patientId ?? '',
      medicalStaffId: row?.medicalStaffId ?? '',
      admittedAt: row ? dayjs(row.admittedAt) : dayjs().second(0).millisecond(0),
      place,
      diagnosisIds: row?.diagnosisIds ?? [],
      expectedDays: row?.expectedDays ? String(row.expectedDays) : '',
      notes: row?.notes ?? '',
      isUrgent: row?.isUrgent ?? false,
      isSurgical: row?.isSurgical ?? false,
      backdateReason: '',
    },
    prepare: ({
      patientId,
      medicalStaffId,
      admittedAt,
      place: chosen,
      expectedDays,
      notes,
      backdateReason,
      ...rest
    }) => ({
      ...rest,
      ...(isBeyondLimit(admittedAt) ? { backdateReason: blankToUndefined(backdateReason) } : {}),
      ...(editing ? {} : { patientId, medicalStaffId, ...parsePlace(chosen) }),
      admittedAt: admittedAt?.isValid() ? admittedAt.toDate() : undefined,
      expectedDays: toNumber(expectedDays) ?? null,
      notes: editing ? notes : blankToUndefined(notes),
    }),
    aliases: PLACE_ALIASES,
    create: trpc.admission.create.useMutation(),
    update: trpc.admission.update.useMutation(),
    nameOf: (_values, saved) => (saved as TAdmissionRow | undefined)?.patientName ?? row?.patientName ?? '',
    fields: FIELDS,
    onSaved: () => {
      void Promise.all([utils.admission.invalidate(), utils.room.board.invalidate(), utils.dashboard.invalidate()]);
      onClose();
    },
  });

  const admittedAt = useWatch({ control: form.control, name: 'admittedAt' });
  const beyondLimit = isBeyondLimit(admittedAt);

  return (
    <AppLocalizationProvider>
      <FormDialog
        {...dialogProps}
        title={editing ? t('admission.edit') : t('admission.new')}
        onClose={onClose}
        submitLabel={editing ? t('common:actions.save') : t('admission.new')}
        maxWidth="md"
      >
        {editing ? (
          <Alert severity="info" icon={false}>
            <strong>{row.patientName}</strong> · {row.medicalStaffName} · {placeLabel(row.roomName, row.bed)}
            <br />
            {t('admission.editHint')}
          </Alert>
        ) : (
          <>
            <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2}>
              <PatientPicker control={form.control} name="patientId" label={t('admission.fields.patient')} autoFocus />
              <StaffPicker control={form.control} name="medicalStaffId" label={t('admission.fields.staff')} />
            </Stack>
            <BedPicker control={form.control} name="place" label={t('admission.fields.place')} />
          </>
        )}
        <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2}>
          <FormDateField
            control={form.control}
            name="admittedAt"
            label={t('admission.fields.admittedAt')}
            withTime
            maxDate={dayjs()}
            {...(mayBackdate || editing ? {} : { minDate: limit.startOf('day') })}
            required
            autoFocus={editing}
          />
          <FormTextField
            control={form.control}
            name="expectedDays"
            label={t('admission.fields.expectedDays')}
            type="number"
            slotProps={{ htmlInput: { min: 1, max: 365, step: 1, inputMode: 'numeric' } }}
          />
        </Stack>
        {beyondLimit &&
          (mayBackdate ? (
            <FormTextField
              control={form.control}
              name="backdateReason"
              label={t('admission.backdate.reason')}
              helperText={t('admission.backdate.reasonHint', { days: MAX_BACKDATE_DAYS })}
              required
              multiline
              slotProps={{ htmlInput: { maxLength: 500, 'data-testid': 'backdate-reason' } }}
            />
          ) : (
            <Alert severity="warning" data-testid="backdate-refused">
              {t('admission.backdate.refused', { days: MAX_BACKDATE_DAYS })}
            </Alert>
          ))}
        <DiagnosesPicker
          control={form.control}
          name="diagnosisIds"
          label={t('admission.fields.diagnoses')}
          known={row?.diagnoses ?? []}
        />
        <Stack direction="row" spacing={3}>
          <FormSwitch control={form.control} name="isUrgent" label={t('admission.fields.isUrgent')} />
          <FormSwitch control={form.control} name="isSurgical" label={t('admission.fields.isSurgical')} />
        </Stack>
        <FormTextField
          control={form.control}
          name="notes"
          label={t('admission.fields.notes')}
          multiline
          minRows={3}
          slotProps={{ htmlInput: { maxLength: 4000 } }}
        />
      </FormDialog>
    </AppLocalizationProvider>
  );
}
