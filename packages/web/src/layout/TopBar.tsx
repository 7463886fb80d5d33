import MenuIcon from '@mui/icons-material/Menu';
import SearchIcon from '@mui/icons-material/Search';
import { AppBar, Box, Button, IconButton, Stack, Toolbar } from '@mui/material';
import { Hint } from '../components/Hint.tsx';
import type { ReactNode } from 'react';
import { useT } from '../i18n/use-t.ts';
import { AccountMenu } from './AccountMenu.tsx';
import { Brand } from './Brand.tsx';
import { HealthChip } from './HealthChip.tsx';
import { SettingsMenu } from './SettingsMenu.tsx';

interface Props {
  isDesktop: boolean;
  drawerWidth: number;
  onOpenNav(): void;
  onOpenPalette(): void;
  onChangePassword(): void;
  /** Extra buttons (the notifications bell when the API offers it). */
  extra?: ReactNode;
}

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

export function TopBar({ isDesktop, drawerWidth, onOpenNav, onOpenPalette, onChangePassword, extra }: Props) {
  const { t } = useT();
  const shortcut = isMac ? '⌘K' : 'Ctrl K';
  return (
    <AppBar
      position="fixed"
      color="inherit"
      elevation={0}
      sx={{
        width: isDesktop ? `calc(100% - ${drawerWidth}px)` : '100%',
        ml: isDesktop ? `${drawerWidth}px` : 0,
        borderBottom: 1,
        borderColor: 'divider',
        bgcolor: 'background.paper',
        transition: (theme) => theme.transitions.create(['width', 'margin']),
      }}
    >
      <Toolbar sx={{ gap: 1 }}>
        {!isDesktop && (
          <>
            <IconButton edge="start" onClick={onOpenNav} aria-label={t('nav:openMenu')}>
              <MenuIcon />
            </IconButton>
            <Brand compact />
          </>
        )}
        {isDesktop ? (
          <Button
            variant="outlined"
            color="inherit"
            onClick={onOpenPalette}
            startIcon={<SearchIcon />}
            aria-keyshortcuts={isMac ? 'Meta+K' : 'Control+K'}
            data-testid="palette-button"
            sx={{
              color: 'text.secondary',
              borderColor: 'divider',
              minWidth: 280,
              justifyContent: 'flex-start',
              fontWeight: 400,
            }}
          >
            <Box component="span" sx={{ flex: 1, textAlign: 'left' }}>
              {t('palette:open')}
            </Box>
            <Box
              component="kbd"
              sx={{
                ml: 2,
                px: 0.75,
                borderRadius: 1,
                border: 1,
                borderColor: 'divider',
                fontSize: 12,
                fontFamily: 'inherit',
              }}
            >
              {shortcut}
            </Box>
          </Button>
        ) : (
          <Hint title={t('palette:open')}>
            <IconButton onClick={onOpenPalette} aria-label={t('palette:open')} data-testid="palette-button">
              <SearchIcon />
            </IconButton>
          </Hint>
        )}
        <Box sx={{ flex: 1 }} />
        <Stack direction="row" spacing={0.5} sx={{ alignItems: 'center' }}>
          {isDesktop && <HealthChip />}
          {extra}
          <SettingsMenu />
          <AccountMenu onChangePassword={onChangePassword} />
        </Stack>
      </Toolbar>
    </AppBar>
  );
}
