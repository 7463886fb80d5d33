import { Box, Button, Stack, Typography } from '@mui/material';
import { useT } from '../../i18n/use-t.ts';
import { Link as RouterLink } from 'react-router';
import { useDocumentTitle } from '../../lib/use-document-title.ts';

export type TErrorKind = 'forbidden' | 'notFound' | 'server';

interface Props {
  kind: TErrorKind;
  /** Full-screen when no app shell surrounds it (the router's own error boundary). */
  standalone?: boolean;
  onRetry?: () => void;
}

/** 403, 404 and 500: what happened, and a way out. */
export default function ErrorPage({ kind, standalone = false, onRetry }: Props) {
  const { t } = useT('errors');
  const title = t(`pages.${kind}.title`);
  useDocumentTitle(title);
  return (
    <Box
      component="section"
      sx={{
        minHeight: standalone ? '100vh' : '60vh',
        display: 'grid',
        placeItems: 'center',
        p: 3,
        textAlign: 'center',
      }}
    >
      <Stack spacing={2} sx={{ alignItems: 'center', maxWidth: 520 }}>
        <Typography
          aria-hidden
          sx={{ fontSize: { xs: 72, sm: 112 }, fontWeight: 800, lineHeight: 1, color: 'primary.main', opacity: 0.85 }}
        >
          {t(`pages.${kind}.code`)}
        </Typography>
        <Typography variant="h4" component="h1">
          {title}
        </Typography>
        <Typography color="text.secondary">{t(`pages.${kind}.text`)}</Typography>
        <Stack direction={{ xs: 'column', sm: 'row' }} spacing={1.5} sx={{ pt: 1 }}>
          {kind === 'server' ? (
            <Button variant="contained" onClick={onRetry ?? (() => location.reload())}>
              {t('common:actions.reload')}
            </Button>
          ) : (
            <Button variant="outlined" onClick={() => history.back()}>
              {t('common:actions.goBack')}
            </Button>
          )}
          {/* A plain link when standalone: the router may be the thing that failed. */}
          {standalone ? (
            <Button variant="outlined" href="/">
              {t('common:actions.goHome')}
            </Button>
          ) : (
            <Button variant="contained" component={RouterLink} to="/">
              {t('common:actions.goHome')}
            </Button>
          )}
        </Stack>
      </Stack>
    </Box>
  );
}
