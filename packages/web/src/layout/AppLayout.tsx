import { Box, LinearProgress, Toolbar, Typography, useMediaQuery } from '@mui/material';
import { useTheme } from '@mui/material/styles';
import { lazy, Suspense, useCallback, useEffect, useState } from 'react';
import { useT } from '../i18n/use-t.ts';
import { Outlet } from 'react-router';
import { useSettings } from '../app/settings-context.tsx';
import { LiveAnnouncer } from '../components/LiveAnnouncer.tsx';
import { DRAWER_MINI_WIDTH, DRAWER_WIDTH, NavDrawer } from './NavDrawer.tsx';
import { NotificationBell } from './NotificationBell.tsx';
import { TopBar } from './TopBar.tsx';

// Dialogs nobody needs on first paint load when first opened.
const CommandPalette = lazy(() => import('./CommandPalette.tsx'));
const ChangePasswordDialog = lazy(() => import('../components/ChangePasswordDialog.tsx'));

/** The signed-in shell: menu, top bar, the current screen, and the dialogs any screen can open. */
export function AppLayout() {
  const { t } = useT();
  const theme = useTheme();
  const isDesktop = useMediaQuery(theme.breakpoints.up('md'), { noSsr: true });
  const { navCollapsed, setNavCollapsed } = useSettings();
  const [mobileOpen, setMobileOpen] = useState(false);
  const [paletteOpen, setPaletteOpen] = useState(false);
  const [paletteLoaded, setPaletteLoaded] = useState(false);
  const [passwordOpen, setPasswordOpen] = useState(false);
  const drawerWidth = isDesktop ? (navCollapsed ? DRAWER_MINI_WIDTH : DRAWER_WIDTH) : 0;

  const openPalette = useCallback(() => {
    setPaletteLoaded(true);
    setPaletteOpen(true);
  }, []);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'k') {
        event.preventDefault();
        openPalette();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [openPalette]);

  return (
    <LiveAnnouncer>
      <Box sx={{ display: 'flex', minHeight: '100vh' }}>
        <Box
          component="a"
          href="#main"
          sx={{
            position: 'absolute',
            left: 8,
            top: -48,
            zIndex: 'tooltip',
            bgcolor: 'background.paper',
            color: 'primary.main',
            fontWeight: 600,
            p: 1,
            borderRadius: 1,
            outline: '2px solid currentColor',
            '&:focus': { top: 8 },
          }}
        >
          {t('skipToContent')}
        </Box>
        <TopBar
          isDesktop={isDesktop}
          drawerWidth={drawerWidth}
          onOpenNav={() => setMobileOpen(true)}
          onOpenPalette={openPalette}
          onChangePassword={() => setPasswordOpen(true)}
          extra={<NotificationBell />}
        />
        <NavDrawer
          variant={isDesktop ? 'permanent' : 'temporary'}
          collapsed={navCollapsed}
          open={mobileOpen}
          onClose={() => setMobileOpen(false)}
          onToggleCollapsed={() => setNavCollapsed(!navCollapsed)}
        />
        <Box
          component="main"
          id="main"
          tabIndex={-1}
          sx={{ flex: 1, minWidth: 0, display: 'flex', flexDirection: 'column', outline: 'none' }}
        >
          <Toolbar />
          <Box sx={{ flex: 1, p: { xs: 2, sm: 3 }, width: '100%', maxWidth: 1600, mx: 'auto' }}>
            <Suspense fallback={<LinearProgress aria-label={t('loading')} />}>
              <Outlet />
            </Suspense>
          </Box>
          <Typography component="footer" variant="caption" color="text.secondary" sx={{ textAlign: 'center', py: 2 }}>
            {t('footer', { year: new Date().getFullYear() })}
          </Typography>
        </Box>
        <Suspense fallback={null}>
          {paletteLoaded && (
            <CommandPalette
              open={paletteOpen}
              onClose={() => setPaletteOpen(false)}
              onChangePassword={() => setPasswordOpen(true)}
            />
          )}
          {passwordOpen && <ChangePasswordDialog open onClose={() => setPasswordOpen(false)} />}
        </Suspense>
      </Box>
    </LiveAnnouncer>
  );
}
