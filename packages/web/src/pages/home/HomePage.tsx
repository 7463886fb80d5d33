import ArrowForwardIcon from '@mui/icons-material/ArrowForward';
import { Alert, Box, Card, CardActionArea, Stack, Typography } from '@mui/material';
import { useT } from '../../i18n/use-t.ts';
import { Link as RouterLink } from 'react-router';
import { visibleNavItems } from '../../app/entities.ts';
import { useAuth } from '../../auth/auth-context.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { roleLabel } from '../../lib/role-names.ts';

const isMac = /Mac|iPhone|iPad/.test(navigator.platform);

/** The start page: who you are, and every screen your role opens, one click away. */
export default function HomePage() {
  const { t } = useT('home');
  const { user, can } = useAuth();
  if (!user) return null;
  const screens = visibleNavItems(can).filter((item) => item.id !== 'home');

  return (
    <>
      <PageHeader
        title={t('greeting', { name: `${user.firstName} ${user.lastName}` })}
        subtitle={t('subtitle', { role: roleLabel(user.roleName) })}
      />
      <Typography variant="h6" component="h2" sx={{ mb: 1.5 }}>
        {t('shortcuts')}
      </Typography>
      {screens.length === 0 ? (
        <Alert severity="info">{t('noScreens')}</Alert>
      ) : (
        <Box
          sx={{
            display: 'grid',
            gap: 2,
            gridTemplateColumns: { xs: '1fr', sm: 'repeat(2, 1fr)', lg: 'repeat(3, 1fr)', xl: 'repeat(4, 1fr)' },
          }}
        >
          {screens.map((item) => {
            const Icon = item.icon;
            return (
              <Card key={item.id}>
                <CardActionArea
                  component={RouterLink}
                  to={item.path}
                  sx={{ p: 2.5, height: '100%' }}
                  data-testid={`shortcut-${item.id}`}
                >
                  <Stack direction="row" spacing={2} sx={{ alignItems: 'center' }}>
                    <Box
                      sx={{
                        width: 44,
                        height: 44,
                        borderRadius: 2,
                        display: 'grid',
                        placeItems: 'center',
                        bgcolor: 'action.hover',
                        color: 'primary.main',
                        flexShrink: 0,
                      }}
                    >
                      <Icon />
                    </Box>
                    <Box sx={{ flex: 1, minWidth: 0 }}>
                      <Typography sx={{ fontWeight: 600 }}>{item.label()}</Typography>
                      <Typography variant="body2" color="text.secondary">
                        {item.description()}
                      </Typography>
                    </Box>
                    <ArrowForwardIcon color="action" fontSize="small" />
                  </Stack>
                </CardActionArea>
              </Card>
            );
          })}
        </Box>
      )}
      <Typography variant="body2" color="text.secondary" sx={{ mt: 3 }}>
        {t('paletteHint', { keys: isMac ? '⌘K' : 'Ctrl K' })}
      </Typography>
    </>
  );
}
