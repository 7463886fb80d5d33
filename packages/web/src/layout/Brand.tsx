import LocalHospitalIcon from '@mui/icons-material/LocalHospital';
import { Box, Stack, Typography } from '@mui/material';
import { useT } from '../i18n/use-t.ts';

export function BrandMark({ size = 36 }: { size?: number }) {
  return (
    <Box
      aria-hidden
      sx={{
        width: size,
        height: size,
        flexShrink: 0,
        borderRadius: 2,
        display: 'grid',
        placeItems: 'center',
        color: 'primary.contrastText',
        background: 'linear-gradient(135deg, var(--mui-palette-primary-main), var(--mui-palette-secondary-main))',
      }}
    >
      <LocalHospitalIcon sx={{ fontSize: size * 0.6 }} />
    </Box>
  );
}

/** Logo and name; the long name hides when space is short. */
export function Brand({ compact = false }: { compact?: boolean }) {
  const { t } = useT();
  return (
    <Stack direction="row" spacing={1.25} sx={{ alignItems: 'center', minWidth: 0 }}>
      <BrandMark />
      {!compact && (
        <Box sx={{ minWidth: 0 }}>
          <Typography variant="subtitle1" sx={{ fontWeight: 800, lineHeight: 1.1 }}>
            {t('appName')}
          </Typography>
          <Typography variant="caption" color="text.secondary" noWrap component="div">
            {t('appTagline')}
          </Typography>
        </Box>
      )}
    </Stack>
  );
}
