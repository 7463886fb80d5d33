import { ZChangePasswordInput } from '@mas/shared';
import { useState } from 'react';
import { z } from 'zod';
import { i18n } from '../i18n/index.ts';
import { describeError } from '../lib/errors.ts';
import { trpc } from '../lib/trpc.ts';
import { applyServerErrors, useZodForm } from './form/use-zod-form.ts';

/** The shared input plus a confirmation the server never sees. */
const ZChangePasswordForm = ZChangePasswordInput.safeExtend({ confirmPassword: z.string() }).refine(
  (value) => value.newPassword === value.confirmPassword,
  { path: ['confirmPassword'], error: () => i18n.t('auth:changePassword.mismatch') },
);
type TForm = { currentPassword: string; newPassword: string; confirmPassword: string };
const FIELDS = ['currentPassword', 'newPassword', 'confirmPassword'] as const;

/** Form state and submit for changing one's own password (dialog and forced screen). */
export function useChangePassword(onDone: () => void) {
  const [error, setError] = useState<string | null>(null);
  const form = useZodForm<TForm, z.output<typeof ZChangePasswordForm>>({
    schema: ZChangePasswordForm,
    defaultValues: { currentPassword: '', newPassword: '', confirmPassword: '' },
  });
  const mutation = trpc.auth.changePassword.useMutation();

  const submit = form.handleSubmit(async ({ currentPassword, newPassword }) => {
    setError(null);
    try {
      await mutation.mutateAsync({ currentPassword, newPassword });
      onDone();
    } catch (cause) {
      if (!applyServerErrors(form, cause, FIELDS)) setError(describeError(cause));
    }
  });

  return { form, submit, pending: mutation.isPending, error };
}
