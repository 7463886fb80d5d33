import { useTranslation } from 'react-i18next';
import { i18n } from '../../i18n/index.ts';
import en from '../../locales/en/appointments.json';
import es from '../../locales/es/appointments.json';

// The appointments strings travel with the screens that use them (both languages, ~3 KB gzipped),
// so the first load stays within its budget; registered before any of these screens renders.
i18n.addResourceBundle('en', 'appointments', en, true, true);
i18n.addResourceBundle('es', 'appointments', es satisfies typeof en, true, true);

/** `t` for the appointments namespace (and "ns:key" for the others). */
export function useApptT() {
  return useTranslation(['appointments', 'common', 'clinical', 'errors']);
}
