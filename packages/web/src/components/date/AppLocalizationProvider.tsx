import { AdapterDayjs } from '@mui/x-date-pickers/AdapterDayjs';
import { LocalizationProvider } from '@mui/x-date-pickers/LocalizationProvider';
import { enUS, esES, type PickersLocaleText } from '@mui/x-date-pickers/locales';
import { useMemo, type ReactNode } from 'react';
import { useSettings } from '../../app/settings-context.tsx';
import { useT } from '../../i18n/use-t.ts';

const LOCALE_TEXT = {
  es: esES.components.MuiLocalizationProvider.defaultProps.localeText,
  en: enUS.components.MuiLocalizationProvider.defaultProps.localeText,
};

/**
 * Date pickers in the app's language: dayjs locale and the pickers' own texts, with the
 * accessible names screen readers hear taken from our translations where MUI's read oddly
 * (its Spanish names a day section "Dia").
 */
export function AppLocalizationProvider({ children }: { children: ReactNode }) {
  const { language } = useSettings();
  const { t } = useT('a11y');
  const localeText = useMemo<Partial<PickersLocaleText>>(
    () => ({
      ...LOCALE_TEXT[language],
      day: t('mui.pickers.day'),
      weekDay: t('mui.pickers.weekDay'),
      month: t('mui.pickers.month'),
      year: t('mui.pickers.year'),
      hours: t('mui.pickers.hours'),
      minutes: t('mui.pickers.minutes'),
      openPreviousView: t('mui.pickers.openPreviousView'),
      openNextView: t('mui.pickers.openNextView'),
      calendarViewSwitchingButtonAriaLabel: (view) =>
        view === 'year' ? t('mui.pickers.yearViewOpen') : t('mui.pickers.calendarViewOpen'),
      openDatePickerDialogue: (date) =>
        date ? t('mui.pickers.chooseDateSelected', { date }) : t('mui.pickers.chooseDate'),
      openTimePickerDialogue: (time) =>
        time ? t('mui.pickers.chooseTimeSelected', { time }) : t('mui.pickers.chooseTime'),
      fieldClearLabel: t('mui.pickers.clearValue'),
      okButtonLabel: t('mui.pickers.ok'),
    }),
    // t changes with the language; the memo keys on both.
    [language, t],
  );
  return (
    <LocalizationProvider dateAdapter={AdapterDayjs} adapterLocale={language} localeText={localeText}>
      {children}
    </LocalizationProvider>
  );
}
