import type { TLanguage } from '../i18n/resources.ts';

/**
 * Display preferences kept in localStorage. Only settings live here: never tokens
 * (the session is an httpOnly cookie) and never anything about patients.
 */
export interface Settings {
  language: TLanguage;
  navCollapsed: boolean;
}

const KEY = 'mas.settings';
const DEFAULTS: Settings = { language: 'es', navCollapsed: false };

export function loadSettings(): Settings {
  try {
    const stored = JSON.parse(localStorage.getItem(KEY) ?? '{}') as Partial<Settings>;
    return {
      language: stored.language === 'en' || stored.language === 'es' ? stored.language : DEFAULTS.language,
      navCollapsed: typeof stored.navCollapsed === 'boolean' ? stored.navCollapsed : DEFAULTS.navCollapsed,
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
