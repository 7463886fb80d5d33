import { Alert, Button, CircularProgress, Stack, Typography } from '@mui/material';
import { useT } from '../../i18n/use-t.ts';
import { useAuth } from '../../auth/auth-context.tsx';
import { ChangePasswordFields } from '../../components/ChangePasswordFields.tsx';
import { useChangePassword } from '../../components/use-change-password.ts';
import { useDocumentTitle } from '../../lib/use-document-title.ts';
import { AuthLayout } from './AuthLayout.tsx';

/**
 * A first sign-in (or a reset by an administrator) must end with a password only the user
 * knows; the API refuses everything but auth.* until then, so nothing else is shown.
 */
export default function ForcePasswordChangePage() {
  const { t } = useT('auth');
  useDocumentTitle(t('changePassword.forcedTitle'));
  const { user, refresh, signOut, signingOut } = useAuth();
  const { form, submit, pending, error } = useChangePassword(() => void refresh());

  return (
    <AuthLayout>
      <Typography variant="h4" component="h1" gutterBottom>
        {t('changePassword.forcedTitle')}
      </Typography>
      <Typography color="text.secondary" sx={{ mb: 3 }}>
        {t('changePassword.forcedText', { name: user?.firstName ?? '' })}
      </Typography>
      <Stack
        component="form"
        noValidate
        spacing={2.5}
        onSubmit={(event) => void submit(event)}
        data-testid="force-password-form"
      >
        {error && (
          <Alert severity="error" role="alert">
            {error}
          </Alert>
        )}
        <ChangePasswordFields form={form} />
        <Button
          type="submit"
          size="large"
          variant="contained"
          disabled={pending}
          startIcon={pending ? <CircularProgress size={18} color="inherit" /> : undefined}
        >
          {pending ? t('changePassword.submitting') : t('changePassword.submit')}
        </Button>
        <Button color="inherit" onClick={() => void signOut()} disabled={signingOut}>
          {signingOut ? t('account.signingOut') : t('common:actions.signOut')}
        </Button>
      </Stack>
    </AuthLayout>
  );
}
