import { ZResetPasswordInput } from '@mas/shared';
import { Typography } from '@mui/material';
import { useSnackbar } from 'notistack';
import { useState } from 'react';
import { z } from 'zod';
import { FormDialog } from '../../components/form/FormDialog.tsx';
import { PasswordField } from '../../components/form/PasswordField.tsx';
import { applyServerErrors, useZodForm } from '../../components/form/use-zod-form.ts';
import { i18n } from '../../i18n/index.ts';
import { useT } from '../../i18n/use-t.ts';
import type { TUserRow } from '../../lib/api-types.ts';
import { describeError } from '../../lib/errors.ts';
import { trpc } from '../../lib/trpc.ts';

const ZResetForm = ZResetPasswordInput.omit({ id: true })
  .extend({ confirmPassword: z.string() })
  .refine((value) => value.newPassword === value.confirmPassword, {
    path: ['confirmPassword'],
    error: () => i18n.t('auth:changePassword.mismatch'),
  });
type TForm = { newPassword: string; confirmPassword: string };

/** An administrator sets a temporary password; the user must replace it at next sign-in. */
export function ResetPasswordDialog({ user, onClose }: { user: TUserRow; onClose(): void }) {
  const { t } = useT('entities');
  const { enqueueSnackbar } = useSnackbar();
  const [error, setError] = useState<string | null>(null);
  const reset = trpc.user.resetPassword.useMutation();
  const form = useZodForm<TForm, z.output<typeof ZResetForm>>({
    schema: ZResetForm,
    defaultValues: { newPassword: '', confirmPassword: '' },
  });
  const name = `${user.firstName} ${user.lastName}`;

  const submit = form.handleSubmit(async ({ newPassword }) => {
    setError(null);
    try {
      await reset.mutateAsync({ id: user.id, newPassword });
      enqueueSnackbar(t('user.resetPassword.success', { name }), { variant: 'success' });
      onClose();
    } catch (cause) {
      if (!applyServerErrors(form, cause, ['newPassword'])) setError(describeError(cause));
    }
  });

  return (
    <FormDialog
      open
      title={t('user.resetPassword.title', { name })}
      onClose={onClose}
      onSubmit={(event) => void submit(event)}
      submitLabel={t('user.resetPassword.submit')}
      pending={reset.isPending}
      error={error}
      maxWidth="xs"
      testId="reset-password-dialog"
    >
      <Typography color="text.secondary">{t('user.resetPassword.text')}</Typography>
      <PasswordField
        control={form.control}
        name="newPassword"
        label={t('user.fields.newPassword')}
        autoComplete="new-password"
        autoFocus
        required
      />
      <PasswordField
        control={form.control}
        name="confirmPassword"
        label={t('user.fields.confirmPassword')}
        autoComplete="new-password"
        required
      />
    </FormDialog>
  );
}
