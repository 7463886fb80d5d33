import { useSnackbar } from 'notistack';
import { useT } from '../i18n/use-t.ts';
import { FormDialog } from './form/FormDialog.tsx';
import { ChangePasswordFields } from './ChangePasswordFields.tsx';
import { useChangePassword } from './use-change-password.ts';

/** Self-service password change from the account menu or the command palette. */
export default function ChangePasswordDialog({ open, onClose }: { open: boolean; onClose(): void }) {
  const { t } = useT('auth');
  const { enqueueSnackbar } = useSnackbar();
  const { form, submit, pending, error } = useChangePassword(() => {
    enqueueSnackbar(t('changePassword.success'), { variant: 'success' });
    onClose();
  });
  return (
    <FormDialog
      open={open}
      title={t('changePassword.title')}
      onClose={onClose}
      onSubmit={(event) => void submit(event)}
      submitLabel={t('changePassword.submit')}
      pending={pending}
      error={error}
      maxWidth="xs"
      testId="change-password-dialog"
    >
      <ChangePasswordFields form={form} />
    </FormDialog>
  );
}
