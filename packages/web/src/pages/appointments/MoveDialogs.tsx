import { ZAppointmentCancelInput, type TAppointment } from '@mas/shared';
import {
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  Stack,
  Typography,
  useMediaQuery,
} from '@mui/material';
import { useTheme } from '@mui/material/styles';
import { useSnackbar } from 'notistack';
import { useState } from 'react';
import type { z } from 'zod';
import { FormDialog } from '../../components/form/FormDialog.tsx';
import { FormTextField } from '../../components/form/FormTextField.tsx';
import { applyServerErrors, useZodForm } from '../../components/form/use-zod-form.ts';
import { describeError } from '../../lib/errors.ts';
import { trpc } from '../../lib/trpc.ts';
import { useAppointmentActions } from './data.ts';
import { FreeSlotList } from './FreeSlotList.tsx';
import { useApptT } from './i18n.ts';
import { formatSlot } from './time.ts';

/** Move by keyboard: the staff member's next free times for this length; Enter moves there. */
export function RescheduleDialog({ appointment, onClose }: { appointment: TAppointment; onClose(): void }) {
  const { t } = useApptT();
  const theme = useTheme();
  const fullScreen = useMediaQuery(theme.breakpoints.down('sm'));
  const actions = useAppointmentActions();
  const titleId = 'reschedule-title';
  return (
    <Dialog open onClose={onClose} fullScreen={fullScreen} aria-labelledby={titleId} data-testid="reschedule-dialog">
      <DialogTitle id={titleId}>{t('reschedule.title')}</DialogTitle>
      <DialogContent dividers>
        <Stack spacing={2}>
          <Typography>
            {t('reschedule.intro', {
              patient: appointment.patientName,
              staff: appointment.medicalStaffName,
              when: formatSlot(appointment.start),
            })}
          </Typography>
          <FreeSlotList
            medicalStaffId={appointment.medicalStaffId}
            durationMinutes={appointment.durationMinutes}
            label={t('slots.label')}
            autoFocus
            onChoose={(slot) => {
              if (actions.pending) return;
              void actions.move(appointment, slot.start).then((moved) => moved && onClose());
            }}
          />
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} color="inherit">
          {t('common:actions.cancel')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}

type TCancelForm = { reason: string };
const ZCancelForm = ZAppointmentCancelInput.pick({ reason: true });

/** Cancel with a reason (kept in the appointment's history); the time becomes free at once. */
export function CancelDialog({ appointment, onClose }: { appointment: TAppointment; onClose(): void }) {
  const { t } = useApptT();
  const { enqueueSnackbar } = useSnackbar();
  const utils = trpc.useUtils();
  const cancel = trpc.appointment.cancel.useMutation();
  const [error, setError] = useState<string | null>(null);
  const form = useZodForm<TCancelForm, z.output<typeof ZCancelForm>>({
    schema: ZCancelForm,
    defaultValues: { reason: '' },
  });
  const submit = form.handleSubmit(async ({ reason }) => {
    setError(null);
    try {
      await cancel.mutateAsync({ id: appointment.id, reason });
      enqueueSnackbar(t('cancel.done'), { variant: 'success' });
      void utils.appointment.invalidate();
      onClose();
    } catch (cause) {
      if (!applyServerErrors(form, cause, ['reason'])) setError(describeError(cause));
    }
  });
  return (
    <FormDialog
      open
      title={t('cancel.title')}
      onClose={onClose}
      onSubmit={(event) => void submit(event)}
      submitLabel={t('cancel.submit')}
      pending={cancel.isPending}
      error={error}
      testId="cancel-dialog"
    >
      <Typography>
        {t('cancel.intro', {
          patient: appointment.patientName,
          staff: appointment.medicalStaffName,
          when: formatSlot(appointment.start),
        })}
      </Typography>
      <FormTextField
        control={form.control}
        name="reason"
        label={t('fields.cancelReason')}
        required
        multiline
        minRows={2}
      />
    </FormDialog>
  );
}
