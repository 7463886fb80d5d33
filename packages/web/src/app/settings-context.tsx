import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { switchLanguage } from '../i18n/index.ts';
import type { TLanguage } from '../i18n/resources.ts';
import { DISPLAY_DEFAULTS, loadSettings, saveSettings, type Settings } from '../lib/settings.ts';

interface SettingsContextValue extends Settings {
  setLanguage(language: TLanguage): void;
  setNavCollapsed(collapsed: boolean): void;
  setCompact(compact: boolean): void;
  setHighContrast(highContrast: boolean): void;
  /** Compact and high contrast back to their defaults (the theme mode is MUI's; the menu resets it). */
  resetDisplay(): void;
}

const SettingsContext = createContext<SettingsContextValue | null>(null);

export function SettingsProvider({ children }: { children: ReactNode }) {
  const [settings, setSettings] = useState<Settings>(loadSettings);

  const update = useCallback((patch: Partial<Settings>) => {
    setSettings((current) => {
      const next = { ...current, ...patch };
      saveSettings(next);
      return next;
    });
  }, []);

  const setLanguage = useCallback(
    (language: TLanguage) => {
      // The screen switches once the language's strings have arrived.
      void switchLanguage(language).then(() => update({ language }));
    },
    [update],
  );
  const setNavCollapsed = useCallback((navCollapsed: boolean) => update({ navCollapsed }), [update]);
  const setCompact = useCallback((compact: boolean) => update({ compact }), [update]);
  const setHighContrast = useCallback((highContrast: boolean) => update({ highContrast }), [update]);
  const resetDisplay = useCallback(() => update(DISPLAY_DEFAULTS), [update]);

  const value = useMemo(
    () => ({ ...settings, setLanguage, setNavCollapsed, setCompact, setHighContrast, resetDisplay }),
    [settings, setLanguage, setNavCollapsed, setCompact, setHighContrast, resetDisplay],
  );
  return <SettingsContext.Provider value={value}>{children}</SettingsContext.Provider>;
}

export function useSettings(): SettingsContextValue {
  const value = useContext(SettingsContext);
  if (!value) throw new Error('useSettings outside SettingsProvider');
  return value;
}
