import { Box, CircularProgress, Typography } from '@mui/material';
import { useT } from '../i18n/use-t.ts';

export function FullPageLoader() {
  const { t } = useT();
  return (
    <Box sx={{ minHeight: '100vh', display: 'grid', placeItems: 'center' }} role="status" aria-live="polite">
      <Box sx={{ textAlign: 'center' }}>
        <CircularProgress />
        <Typography sx={{ mt: 2 }} color="text.secondary">
          {t('loading')}
        </Typography>
      </Box>
    </Box>
  );
}
