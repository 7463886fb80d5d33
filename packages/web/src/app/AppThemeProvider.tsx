import { CssBaseline } from '@mui/material';
import { ThemeProvider } from '@mui/material/styles';
import { useMemo, type ReactNode } from 'react';
import { THEME_MODE_KEY } from '../lib/settings.ts';
import { createAppTheme } from '../theme/create-theme.ts';
import { useSettings } from './settings-context.tsx';

export function AppThemeProvider({ children }: { children: ReactNode }) {
  const { language } = useSettings();
  const theme = useMemo(() => createAppTheme(language), [language]);
  return (
    <ThemeProvider theme={theme} modeStorageKey={THEME_MODE_KEY} defaultMode="system" disableTransitionOnChange>
      <CssBaseline enableColorScheme />
      {children}
    </ThemeProvider>
  );
}
