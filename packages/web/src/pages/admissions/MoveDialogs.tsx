import { ZAdmissionDischargeInput, ZAdmissionTransferInput } from '@mas/shared';
import { Typography } from '@mui/material';
import dayjs, { type Dayjs } from 'dayjs';
import { useSnackbar } from 'notistack';
import { useState } from 'react';
import type { z } from 'zod';
import { AppLocalizationProvider } from '../../components/date/AppLocalizationProvider.tsx';
import { FormDateField } from '../../components/form/FormDateField.tsx';
import { FormDialog } from '../../components/form/FormDialog.tsx';
import { applyServerErrors, useZodForm } from '../../components/form/use-zod-form.ts';
import { useT } from '../../i18n/use-t.ts';
import type { TAdmissionRow } from '../../lib/api-types.ts';
import { conflictNeedsBanner, describeError } from '../../lib/errors.ts';
import { trpc } from '../../lib/trpc.ts';
import { BedPicker } from './BedPicker.tsx';
import { parsePlace, placeLabel } from './places.ts';

/** What the transfer and discharge dialogs need to know of an admission (a grid row or a bed on the board). */
export interface AdmissionRef {
  id: string;
  patientName: string;
  roomName: string;
  bed: number;
  admittedAt?: Date;
}

const ZTransferForm = ZAdmissionTransferInput.omit({ id: true });
const ZDischargeForm = ZAdmissionDischargeInput.omit({ id: true });
const PLACE_ALIASES = { roomId: 'place', bed: 'place' };

/** Shows the moved admission at once in every cached list (its new bed or status), then refetches. */
function useAfterMove() {
  const utils = trpc.useUtils();
  return (moved: TAdmissionRow) => {
    utils.admission.list.setQueriesData(undefined as never, {}, (data) =>
      data
        ? {
            ...data,
            items: data.items.map((row) => (row.id === moved.id && row.version < moved.version ? moved : row)),
          }
        : data,
    );
    void Promise.all([utils.admission.invalidate(), utils.room.board.invalidate(), utils.dashboard.invalidate()]);
  };
}

/** Moves an admitted patient to another free bed; the old bed goes to cleaning. */
export function TransferDialog({ admission, onClose }: { admission: AdmissionRef; onClose(): void }) {
  const { t } = useT('clinical');
  const { enqueueSnackbar } = useSnackbar();
  const refresh = useAfterMove();
  const [error, setError] = useState<string | null>(null);
  const transfer = trpc.admission.transfer.useMutation();
  const form = useZodForm<{ place: string }, z.output<typeof ZTransferForm>>({
    schema: ZTransferForm,
    defaultValues: { place: '' },
    prepare: ({ place }) => parsePlace(place),
    aliases: PLACE_ALIASES,
  });
  const submit = form.handleSubmit(async (target) => {
    setError(null);
    try {
      const moved = await transfer.mutateAsync({ id: admission.id, ...target });
      enqueueSnackbar(
        t('admission.transfer.success', { name: admission.patientName, place: placeLabel(moved.roomName, moved.bed) }),
        { variant: 'success' },
      );
      refresh(moved);
      onClose();
    } catch (cause) {
      const placed = applyServerErrors(form, cause, ['place'], PLACE_ALIASES);
      if (!placed || conflictNeedsBanner(cause)) setError(describeError(cause));
    }
  });
  return (
    <FormDialog
      open
      title={t('admission.transfer.title', { name: admission.patientName })}
      onClose={onClose}
      onSubmit={(event) => void submit(event)}
      submitLabel={t('admission.transfer.action')}
      pending={transfer.isPending}
      error={error}
      testId="transfer-dialog"
    >
      <Typography color="text.secondary">
        {t('admission.transfer.text', { place: placeLabel(admission.roomName, admission.bed) })}
      </Typography>
      <BedPicker control={form.control} name="place" label={t('admission.transfer.target')} autoFocus />
    </FormDialog>
  );
}

/** Ends an admission now (or at a stated time); the bed is freed for cleaning. */
export function DischargeDialog({ admission, onClose }: { admission: AdmissionRef; onClose(): void }) {
  const { t } = useT('clinical');
  const { enqueueSnackbar } = useSnackbar();
  const refresh = useAfterMove();
  const [error, setError] = useState<string | null>(null);
  const discharge = trpc.admission.discharge.useMutation();
  const form = useZodForm<{ dischargedAt: Dayjs | null }, z.output<typeof ZDischargeForm>>({
    schema: ZDischargeForm,
    defaultValues: { dischargedAt: dayjs().second(0).millisecond(0) },
    prepare: ({ dischargedAt }) => ({ dischargedAt: dischargedAt?.isValid() ? dischargedAt.toDate() : undefined }),
  });
  const submit = form.handleSubmit(async (values) => {
    setError(null);
    try {
      const discharged = await discharge.mutateAsync({ id: admission.id, ...values });
      enqueueSnackbar(t('admission.discharge.success', { name: admission.patientName }), { variant: 'success' });
      refresh(discharged);
      onClose();
    } catch (cause) {
      const placed = applyServerErrors(form, cause, ['dischargedAt']);
      if (!placed || conflictNeedsBanner(cause)) setError(describeError(cause));
    }
  });
  return (
    <AppLocalizationProvider>
      <FormDialog
        open
        title={t('admission.discharge.title', { name: admission.patientName })}
        onClose={onClose}
        onSubmit={(event) => void submit(event)}
        submitLabel={t('admission.discharge.action')}
        pending={discharge.isPending}
        error={error}
        maxWidth="xs"
        testId="discharge-dialog"
      >
        <Typography color="text.secondary">
          {t('admission.discharge.text', { place: placeLabel(admission.roomName, admission.bed) })}
        </Typography>
        <FormDateField
          control={form.control}
          name="dischargedAt"
          label={t('admission.discharge.when')}
          withTime
          maxDate={dayjs()}
          {...(admission.admittedAt ? { minDate: dayjs(admission.admittedAt) } : {})}
          autoFocus
        />
      </FormDialog>
    </AppLocalizationProvider>
  );
}
