import { createTheme } from '@mui/material/styles';
import { enUS, esES } from '@mui/material/locale';
import type { TLanguage } from '../i18n/resources.ts';

const fontFamily = [
  'Inter',
  'system-ui',
  '-apple-system',
  '"Segoe UI"',
  'Roboto',
  '"Helvetica Neue"',
  'Arial',
  'sans-serif',
].join(',');

/**
 * One theme with light and dark schemes as CSS variables, so switching needs no re-render
 * of the whole tree; the MUI core locale follows the language.
 */
export function createAppTheme(language: TLanguage) {
  return createTheme(
    {
      cssVariables: { colorSchemeSelector: 'class' },
      colorSchemes: {
        light: {
          palette: {
            primary: { main: '#0b6e99' },
            secondary: { main: '#7b4fc9' },
            background: { default: '#f5f7fa', paper: '#ffffff' },
          },
        },
        dark: {
          palette: {
            primary: { main: '#5cb8e4' },
            secondary: { main: '#b69cf0' },
            background: { default: '#0f1419', paper: '#161c23' },
          },
        },
      },
      shape: { borderRadius: 10 },
      typography: {
        fontFamily,
        h4: { fontWeight: 700, letterSpacing: '-0.01em' },
        h5: { fontWeight: 700 },
        h6: { fontWeight: 600 },
        button: { textTransform: 'none', fontWeight: 600 },
      },
      components: {
        MuiButton: { defaultProps: { disableElevation: true } },
        MuiCard: { defaultProps: { variant: 'outlined' } },
        MuiPaper: { styleOverrides: { outlined: { borderColor: 'var(--mui-palette-divider)' } } },
        MuiTextField: { defaultProps: { fullWidth: true } },
        MuiTooltip: { defaultProps: { arrow: true } },
        MuiDialog: { defaultProps: { fullWidth: true } },
        MuiChip: { styleOverrides: { root: { fontWeight: 500 } } },
      },
    },
    language === 'es' ? esES : enUS,
  );
}
