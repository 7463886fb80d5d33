import { ZLoginInput } from '@mas/shared';
import { Alert, Button, CircularProgress, Stack, Typography } from '@mui/material';
import { useState } from 'react';
import { useT } from '../../i18n/use-t.ts';
import type { z } from 'zod';
import { useAuth } from '../../auth/auth-context.tsx';
import { FormTextField } from '../../components/form/FormTextField.tsx';
import { PasswordField } from '../../components/form/PasswordField.tsx';
import { useZodForm } from '../../components/form/use-zod-form.ts';
import { describeError, errorCode } from '../../lib/errors.ts';
import { trpc } from '../../lib/trpc.ts';
import { useDocumentTitle } from '../../lib/use-document-title.ts';
import { AuthLayout } from './AuthLayout.tsx';

type TForm = { username: string; password: string };

export default function SignInPage() {
  const { t } = useT('auth');
  useDocumentTitle(t('signIn.title'));
  const { notice, signedIn } = useAuth();
  const [error, setError] = useState<string | null>(null);
  const login = trpc.auth.login.useMutation();
  const form = useZodForm<TForm, z.output<typeof ZLoginInput>>({
    schema: ZLoginInput,
    defaultValues: { username: '', password: '' },
  });

  const submit = form.handleSubmit(async ({ username, password }) => {
    setError(null);
    try {
      const { user } = await login.mutateAsync({ username, password, mode: 'cookie' });
      // The guest guard sends the user on to returnTo once the session is known.
      await signedIn(user);
    } catch (cause) {
      // One message for unknown users and wrong passwords: the server does not say which.
      setError(errorCode(cause) === 'UNAUTHORIZED' ? t('signIn.badCredentials') : describeError(cause));
      form.resetField('password');
      form.setFocus('password');
    }
  });

  return (
    <AuthLayout>
      <Typography variant="h4" component="h1" gutterBottom>
        {t('signIn.title')}
      </Typography>
      <Typography color="text.secondary" sx={{ mb: 3 }}>
        {t('signIn.subtitle')}
      </Typography>
      <Stack
        component="form"
        noValidate
        spacing={2.5}
        onSubmit={(event) => void submit(event)}
        aria-label={t('signIn.title')}
      >
        {error ? (
          <Alert severity="error" role="alert" data-testid="sign-in-error">
            {error}
          </Alert>
        ) : notice === 'expired' ? (
          <Alert severity="warning" data-testid="sign-in-notice">
            {t('session.expired')}
          </Alert>
        ) : notice === 'signedOut' ? (
          <Alert severity="success" data-testid="sign-in-notice">
            {t('session.signedOut')}
          </Alert>
        ) : null}
        <FormTextField
          control={form.control}
          name="username"
          label={t('signIn.username')}
          autoComplete="username"
          autoFocus
          required
        />
        <PasswordField
          control={form.control}
          name="password"
          label={t('signIn.password')}
          autoComplete="current-password"
          required
        />
        <Button
          type="submit"
          size="large"
          variant="contained"
          disabled={login.isPending}
          startIcon={login.isPending ? <CircularProgress size={18} color="inherit" /> : undefined}
          data-testid="sign-in-submit"
        >
          {login.isPending ? t('signIn.submitting') : t('signIn.submit')}
        </Button>
      </Stack>
    </AuthLayout>
  );
}
