import { ZAppointmentCreateInput, type TAppointment } from '@mas/shared';
import { Typography } from '@mui/material';
import { useSnackbar } from 'notistack';
import { useState } from 'react';
import type { z } from 'zod';
import { FormDialog } from '../../components/form/FormDialog.tsx';
import { FormSelectField } from '../../components/form/FormSelectField.tsx';
import { FormTextField } from '../../components/form/FormTextField.tsx';
import { applyServerErrors, blankToUndefined, useZodForm } from '../../components/form/use-zod-form.ts';
import { conflictNeedsBanner, describeError } from '../../lib/errors.ts';
import { trpc } from '../../lib/trpc.ts';
import { PatientPicker } from '../admissions/pickers.tsx';
import { useApptT } from './i18n.ts';
import { DURATIONS, formatSlot } from './time.ts';

type TForm = { patientId: string; durationMinutes: string; reason: string };
type TOut = z.output<typeof ZAppointmentCreateInput>;
const FIELDS = ['patientId', 'durationMinutes', 'reason'] as const;

export interface TBookTarget {
  medicalStaffId: string;
  staffName: string;
  start: Date;
  /** The schedule's slot length, the default duration. */
  durationMinutes: number;
}

/**
 * Book a chosen time: the patient (typed and picked), how long, and why. Enter books.
 * `forSelf`: a Patient-role user books for themselves (no picker; the server uses their own record).
 */
export function BookDialog({
  target,
  onClose,
  forSelf = false,
}: {
  target: TBookTarget;
  onClose(saved?: TAppointment): void;
  forSelf?: boolean;
}) {
  const { t } = useApptT();
  const { enqueueSnackbar } = useSnackbar();
  const utils = trpc.useUtils();
  const create = trpc.appointment.create.useMutation();
  const [error, setError] = useState<string | null>(null);
  const when = formatSlot(target.start);
  const form = useZodForm<TForm, TOut>({
    schema: ZAppointmentCreateInput,
    defaultValues: { patientId: '', durationMinutes: String(target.durationMinutes), reason: '' },
    prepare: (values) => ({
      ...(forSelf ? {} : { patientId: values.patientId }),
      medicalStaffId: target.medicalStaffId,
      start: target.start,
      durationMinutes: Number(values.durationMinutes),
      reason: blankToUndefined(values.reason),
    }),
  });
  const durations = [...new Set([...DURATIONS, target.durationMinutes])].sort((a, b) => a - b);

  const submit = form.handleSubmit(async (values) => {
    setError(null);
    try {
      const saved = await create.mutateAsync(values);
      enqueueSnackbar(forSelf ? t('mine.booked', { when }) : t('book.done', { patient: saved.patientName, when }), {
        variant: 'success',
      });
      void Promise.all([utils.appointment.invalidate(), utils.schedule.invalidate()]);
      onClose(saved);
    } catch (cause) {
      const placed = applyServerErrors(form, cause, FIELDS);
      if (!placed || conflictNeedsBanner(cause)) setError(describeError(cause));
    }
  });

  return (
    <FormDialog
      open
      title={t('book.title')}
      onClose={() => onClose()}
      onSubmit={(event) => void submit(event)}
      submitLabel={t('book.submit')}
      pending={create.isPending}
      error={error}
      testId="book-dialog"
    >
      <Typography data-testid="book-when">{t('book.with', { staff: target.staffName, when })}</Typography>
      {!forSelf && <PatientPicker control={form.control} name="patientId" label={t('fields.patient')} autoFocus />}
      <FormSelectField
        control={form.control}
        name="durationMinutes"
        label={t('fields.duration')}
        options={durations.map((minutes) => ({ value: String(minutes), label: t('minutes', { count: minutes }) }))}
      />
      {/* For oneself the first field is the reason: Enter there books. */}
      <FormTextField control={form.control} name="reason" label={t('fields.reason')} autoFocus={forSelf} />
    </FormDialog>
  );
}
