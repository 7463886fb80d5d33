import { AdapterDayjs } from '@mui/x-date-pickers/AdapterDayjs';
import { LocalizationProvider } from '@mui/x-date-pickers/LocalizationProvider';
import { enUS, esES } from '@mui/x-date-pickers/locales';
import type { ReactNode } from 'react';
import { useSettings } from '../../app/settings-context.tsx';

const LOCALE_TEXT = {
  es: esES.components.MuiLocalizationProvider.defaultProps.localeText,
  en: enUS.components.MuiLocalizationProvider.defaultProps.localeText,
};

/** Date pickers in the app's language (dayjs locale and the pickers' own texts). */
export function AppLocalizationProvider({ children }: { children: ReactNode }) {
  const { language } = useSettings();
  return (
    <LocalizationProvider dateAdapter={AdapterDayjs} adapterLocale={language} localeText={LOCALE_TEXT[language]}>
      {children}
    </LocalizationProvider>
  );
}
