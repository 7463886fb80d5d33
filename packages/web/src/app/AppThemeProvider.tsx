import { CssBaseline } from '@mui/material';
import { ThemeProvider } from '@mui/material/styles';
import { useEffect, useMemo, type ReactNode } from 'react';
import { THEME_MODE_KEY } from '../lib/settings.ts';
import { createAppTheme } from '../theme/create-theme.ts';
import { useSettings } from './settings-context.tsx';

export function AppThemeProvider({ children }: { children: ReactNode }) {
  const { language, compact, highContrast } = useSettings();
  const theme = useMemo(() => createAppTheme(language, { compact, highContrast }), [language, compact, highContrast]);
  // On <html> for stylesheets outside the theme and for tests: data-density, data-contrast.
  useEffect(() => {
    const { dataset } = document.documentElement;
    dataset.density = compact ? 'compact' : 'standard';
    dataset.contrast = highContrast ? 'high' : 'standard';
  }, [compact, highContrast]);
  return (
    <ThemeProvider theme={theme} modeStorageKey={THEME_MODE_KEY} defaultMode="system" disableTransitionOnChange>
      <CssBaseline enableColorScheme />
      {children}
    </ThemeProvider>
  );
}
