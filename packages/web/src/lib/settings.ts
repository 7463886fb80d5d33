import type { TLanguage } from '../i18n/resources.ts';

/**
 * Display preferences kept in localStorage. Only settings live here: never tokens
 * (the session is an httpOnly cookie) and never anything about patients.
 */
export interface Settings {
  language: TLanguage;
  navCollapsed: boolean;
  /** Compact grids and small inputs and buttons. */
  compact: boolean;
  /** Stronger text, divider and border colours and thicker focus outlines. */
  highContrast: boolean;
}

const KEY = 'mas.settings';
const DEFAULTS: Settings = { language: 'es', navCollapsed: false, compact: false, highContrast: false };

/** What "Reset" in the settings menu restores (the theme mode, kept by MUI, goes back to "system"). */
export const DISPLAY_DEFAULTS = { compact: DEFAULTS.compact, highContrast: DEFAULTS.highContrast } as const;

const flag = (value: unknown, fallback: boolean) => (typeof value === 'boolean' ? value : fallback);

export function loadSettings(): Settings {
  try {
    const stored = JSON.parse(localStorage.getItem(KEY) ?? '{}') as Partial<Settings>;
    return {
      language: stored.language === 'en' || stored.language === 'es' ? stored.language : DEFAULTS.language,
      navCollapsed: flag(stored.navCollapsed, DEFAULTS.navCollapsed),
      compact: flag(stored.compact, DEFAULTS.compact),
      highContrast: flag(stored.highContrast, DEFAULTS.highContrast),
    };
  } catch {
    return DEFAULTS;
  }
}

export function saveSettings(settings: Settings) {
  try {
    localStorage.setItem(KEY, JSON.stringify(settings));
  } catch {
    // Private modes may refuse storage; the app works without remembering.
  }
}

/** MUI keeps the colour scheme (light / dark / system) under this key. */
export const THEME_MODE_KEY = 'mas.theme';
