import { useT } from '../i18n/use-t.ts';
import { PasswordField } from './form/PasswordField.tsx';
import type { useChangePassword } from './use-change-password.ts';

/** Current, new and confirmation: the fields of the dialog and of the forced screen alike. */
export function ChangePasswordFields({ form }: { form: ReturnType<typeof useChangePassword>['form'] }) {
  const { t } = useT('auth');
  return (
    <>
      <PasswordField
        control={form.control}
        name="currentPassword"
        label={t('changePassword.current')}
        autoComplete="current-password"
        autoFocus
        required
      />
      <PasswordField
        control={form.control}
        name="newPassword"
        label={t('changePassword.new')}
        autoComplete="new-password"
        required
        helperText={t('changePassword.hint')}
      />
      <PasswordField
        control={form.control}
        name="confirmPassword"
        label={t('changePassword.confirm')}
        autoComplete="new-password"
        required
      />
    </>
  );
}
