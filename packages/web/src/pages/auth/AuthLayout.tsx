import { Box, Paper, Stack, Typography } from '@mui/material';
import type { ReactNode } from 'react';
import { useT } from '../../i18n/use-t.ts';
import { BrandMark } from '../../layout/Brand.tsx';
import { HealthChip } from '../../layout/HealthChip.tsx';
import { SettingsMenu } from '../../layout/SettingsMenu.tsx';

/** Split screen for signed-out pages: the product on the left (wide screens), the form on the right. */
export function AuthLayout({ children }: { children: ReactNode }) {
  const { t } = useT();
  return (
    <Box sx={{ minHeight: '100vh', display: 'grid', gridTemplateColumns: { xs: '1fr', md: '5fr 6fr' } }}>
      <Box
        sx={{
          display: { xs: 'none', md: 'flex' },
          flexDirection: 'column',
          justifyContent: 'space-between',
          p: 6,
          color: '#fff',
          background: 'linear-gradient(150deg, #08587a 0%, #0b6e99 45%, #5b3fa8 100%)',
        }}
      >
        <Stack direction="row" spacing={1.5} sx={{ alignItems: 'center' }}>
          <Box sx={{ bgcolor: 'rgba(255,255,255,0.15)', borderRadius: 2.5, p: 0.5 }}>
            <BrandMark size={40} />
          </Box>
          <Box>
            <Typography variant="h6" sx={{ fontWeight: 800, lineHeight: 1.1 }}>
              {t('appName')}
            </Typography>
            <Typography variant="body2" sx={{ opacity: 0.85 }}>
              {t('appFullName')}
            </Typography>
          </Box>
        </Stack>
        <Box sx={{ maxWidth: 460 }}>
          <Typography variant="h3" component="p" sx={{ fontWeight: 800, mb: 2, lineHeight: 1.15 }}>
            {t('auth:signIn.heroTitle')}
          </Typography>
          <Typography sx={{ opacity: 0.9, fontSize: 17 }}>{t('auth:signIn.heroText')}</Typography>
        </Box>
        <Typography variant="caption" sx={{ opacity: 0.75 }}>
          {t('footer', { year: new Date().getFullYear() })}
        </Typography>
      </Box>
      <Box sx={{ display: 'flex', flexDirection: 'column', bgcolor: 'background.default' }}>
        <Stack direction="row" sx={{ justifyContent: 'space-between', alignItems: 'center', p: 2 }}>
          <Box sx={{ display: { md: 'none' } }}>
            <BrandMark />
          </Box>
          <Box sx={{ flex: 1 }} />
          <SettingsMenu />
        </Stack>
        <Box component="main" sx={{ flex: 1, display: 'grid', placeItems: 'center', px: 2, pb: 4 }}>
          <Paper variant="outlined" sx={{ width: '100%', maxWidth: 440, p: { xs: 3, sm: 4 }, borderRadius: 3 }}>
            {children}
          </Paper>
        </Box>
        <Stack direction="row" sx={{ justifyContent: 'center', pb: 3 }}>
          <HealthChip />
        </Stack>
      </Box>
    </Box>
  );
}
