import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { switchLanguage } from '../i18n/index.ts';
import type { TLanguage } from '../i18n/resources.ts';
import { loadSettings, saveSettings, type Settings } from '../lib/settings.ts';

interface SettingsContextValue extends Settings {
  setLanguage(language: TLanguage): void;
  setNavCollapsed(collapsed: boolean): void;
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

  const value = useMemo(
    () => ({ ...settings, setLanguage, setNavCollapsed }),
    [settings, setLanguage, setNavCollapsed],
  );
  return <SettingsContext.Provider value={value}>{children}</SettingsContext.Provider>;
}

export function useSettings(): SettingsContextValue {
  const value = useContext(SettingsContext);
  if (!value) throw new Error('useSettings outside SettingsProvider');
  return value;
}
