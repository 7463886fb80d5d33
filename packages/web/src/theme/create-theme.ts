import { createTheme, type ThemeOptions } from '@mui/material/styles';
import { enUS, esES } from '@mui/material/locale';
import type {} from '@mui/x-data-grid/themeAugmentation';
import type {} from '@mui/x-date-pickers/themeAugmentation';
import { i18n } from '../i18n/index.ts';
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

export interface DisplayOptions {
  /** Small inputs and buttons by default (grids read the setting themselves). */
  compact: boolean;
  /** Text at 7:1 or more, solid dividers and borders, thick focus outlines. */
  highContrast: boolean;
}

type TColorSchemes = NonNullable<ThemeOptions['colorSchemes']>;

const STANDARD: TColorSchemes = {
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
};

/** Same backgrounds; every colour used for text reaches at least 7:1 against them (WCAG AAA). */
const HIGH_CONTRAST: TColorSchemes = {
  light: {
    palette: {
      primary: { main: '#004f73' },
      secondary: { main: '#5a2ea6' },
      error: { main: '#9b1c1c' },
      warning: { main: '#7a4100' },
      success: { main: '#1b5e20' },
      info: { main: '#01579b' },
      text: { primary: '#000000', secondary: '#333333', disabled: '#5c5c5c' },
      divider: '#6b6b6b',
      TableCell: { border: '#6b6b6b' },
      background: { default: '#f5f7fa', paper: '#ffffff' },
    },
  },
  dark: {
    palette: {
      primary: { main: '#8fd3f5' },
      secondary: { main: '#d2c2ff' },
      error: { main: '#ff8a80' },
      warning: { main: '#ffb74d' },
      success: { main: '#81c784' },
      info: { main: '#81d4fa' },
      text: { primary: '#ffffff', secondary: '#e0e0e0', disabled: '#a8a8a8' },
      divider: '#9aa0a6',
      TableCell: { border: '#9aa0a6' },
      background: { default: '#0f1419', paper: '#161c23' },
    },
  },
};

const FOCUS_OUTLINE = '3px solid var(--mui-palette-text-primary)';
const INPUT_BORDER = { borderColor: 'var(--mui-palette-text-secondary)' };
const GRID_FOCUS =
  '& .MuiDataGrid-cell:focus, & .MuiDataGrid-cell:focus-within, & .MuiDataGrid-columnHeader:focus, & .MuiDataGrid-columnHeader:focus-within';

/**
 * Thick black-or-white focus rings (inset where a scrolling parent would clip them) and solid input
 * borders. The page-wide rule has no specificity, so components that draw their own focus keep it.
 */
const HIGH_CONTRAST_COMPONENTS: ThemeOptions['components'] = {
  MuiCssBaseline: { styleOverrides: { ':where(:focus-visible)': { outline: FOCUS_OUTLINE, outlineOffset: 2 } } },
  MuiButtonBase: { styleOverrides: { root: { '&.Mui-focusVisible': { outline: FOCUS_OUTLINE, outlineOffset: 2 } } } },
  MuiMenuItem: { styleOverrides: { root: { '&.Mui-focusVisible': { outlineOffset: -3 } } } },
  MuiListItemButton: { styleOverrides: { root: { '&.Mui-focusVisible': { outlineOffset: -3 } } } },
  MuiTab: { styleOverrides: { root: { '&.Mui-focusVisible': { outlineOffset: -3 } } } },
  MuiOutlinedInput: { styleOverrides: { notchedOutline: INPUT_BORDER } },
  MuiPickersOutlinedInput: { styleOverrides: { notchedOutline: INPUT_BORDER } },
  MuiDataGrid: { styleOverrides: { root: { [GRID_FOCUS]: { outline: '2px solid var(--mui-palette-text-primary)' } } } },
};

/**
 * A focus ring a keyboard user can see on every control in the standard look (MUI's own is a
 * faint tint on buttons and list items); high contrast replaces it with a thicker one.
 */
const FOCUS_RING = '2px solid var(--mui-palette-primary-main)';
const STANDARD_FOCUS: ThemeOptions['components'] = {
  MuiCssBaseline: { styleOverrides: { ':where(:focus-visible)': { outline: FOCUS_RING, outlineOffset: 2 } } },
  MuiButtonBase: { styleOverrides: { root: { '&.Mui-focusVisible': { outline: FOCUS_RING, outlineOffset: 2 } } } },
  MuiMenuItem: { styleOverrides: { root: { '&.Mui-focusVisible': { outlineOffset: -2 } } } },
  MuiListItemButton: { styleOverrides: { root: { '&.Mui-focusVisible': { outlineOffset: -2 } } } },
  MuiTab: { styleOverrides: { root: { '&.Mui-focusVisible': { outlineOffset: -2 } } } },
};

/** Where MUI lets the theme choose a default size, compact chooses small (Button and TextField below). */
const SMALL = { size: 'small' } as const;
const COMPACT_COMPONENTS: ThemeOptions['components'] = {
  MuiIconButton: { defaultProps: SMALL },
  MuiFormControl: { defaultProps: SMALL },
  MuiAutocomplete: { defaultProps: SMALL },
  MuiPickersTextField: { defaultProps: SMALL },
  MuiCheckbox: { defaultProps: SMALL },
  MuiSwitch: { defaultProps: SMALL },
};

/**
 * Accessible names from our translations where MUI's own read oddly (its Spanish calls an
 * autocomplete's open button "Abierto"); applied after MUI's locale so they win.
 */
function ownLocale(language: TLanguage): ThemeOptions {
  const t = i18n.getFixedT(language, 'a11y');
  return {
    components: {
      MuiAutocomplete: {
        defaultProps: {
          openText: t('mui.autocomplete.open'),
          closeText: t('mui.autocomplete.close'),
          clearText: t('mui.autocomplete.clear'),
          loadingText: t('mui.autocomplete.loading'),
          noOptionsText: t('mui.autocomplete.noOptions'),
        },
      },
      MuiPagination: { defaultProps: { 'aria-label': t('mui.pagination') } },
    },
  };
}

/**
 * One theme with light and dark schemes as CSS variables, so switching needs no re-render
 * of the whole tree; the MUI core locale follows the language, and the display settings
 * (compact, high contrast) pick the variant.
 */
export function createAppTheme(language: TLanguage, { compact, highContrast }: DisplayOptions) {
  return createTheme(
    {
      cssVariables: { colorSchemeSelector: 'class' },
      colorSchemes: highContrast ? HIGH_CONTRAST : STANDARD,
      shape: { borderRadius: 10 },
      typography: {
        fontFamily,
        h4: { fontWeight: 700, letterSpacing: '-0.01em' },
        h5: { fontWeight: 700 },
        h6: { fontWeight: 600 },
        button: { textTransform: 'none', fontWeight: 600 },
      },
      components: {
        ...(compact ? COMPACT_COMPONENTS : {}),
        ...(highContrast ? HIGH_CONTRAST_COMPONENTS : STANDARD_FOCUS),
        MuiButton: {
          defaultProps: { disableElevation: true, ...(compact ? SMALL : {}) },
          ...(highContrast ? { styleOverrides: { outlined: { borderColor: 'currentColor' } } } : {}),
        },
        MuiCard: { defaultProps: { variant: 'outlined' } },
        MuiPaper: { styleOverrides: { outlined: { borderColor: 'var(--mui-palette-divider)' } } },
        MuiTextField: { defaultProps: { fullWidth: true, ...(compact ? SMALL : {}) } },
        MuiTooltip: { defaultProps: { arrow: true } },
        MuiDialog: { defaultProps: { fullWidth: true } },
        MuiChip: { styleOverrides: { root: { fontWeight: 500 } } },
      },
    },
    language === 'es' ? esES : enUS,
    ownLocale(language),
  );
}
