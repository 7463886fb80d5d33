import dayjs from 'dayjs';
import 'dayjs/locale/es';
import localizedFormat from 'dayjs/plugin/localizedFormat';
import relativeTime from 'dayjs/plugin/relativeTime';
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { loadSettings } from '../lib/settings.ts';
import { loadResources, NAMESPACES, type TLanguage } from './resources.ts';

dayjs.extend(localizedFormat);
dayjs.extend(relativeTime);

declare global {
  interface Window {
    /** Keys (and interpolations) the UI asked for but no resource holds; end-to-end tests assert it stays empty. */
    __MAS_I18N_MISSING__?: string[];
  }
}
const missing: string[] = (window.__MAS_I18N_MISSING__ = []);

/** Fetches a language's strings once (a few KB) and registers them. */
export async function loadLanguage(language: TLanguage) {
  if (i18n.hasResourceBundle(language, 'common')) return;
  const { default: bundle } = await loadResources[language]();
  for (const [namespace, resources] of Object.entries(bundle))
    i18n.addResourceBundle(language, namespace, resources, true, true);
}

export function applyLanguage(language: TLanguage) {
  document.documentElement.lang = language;
  dayjs.locale(language);
}

/** Ready before the first render, in the remembered language (Spanish by default). */
export async function initI18n() {
  const language = loadSettings().language;
  await i18n.use(initReactI18next).init({
    lng: language,
    fallbackLng: 'es',
    supportedLngs: ['es', 'en'],
    ns: [...NAMESPACES],
    defaultNS: 'common',
    resources: {},
    partialBundledLanguages: true,
    // Report instead of silently showing a key: the tests fail on any entry.
    saveMissing: true,
    missingKeyHandler: (lngs, ns, key) => {
      missing.push(`${lngs.join(',')}:${ns}:${key}`);
    },
    missingInterpolationHandler: (text, value: unknown) => {
      missing.push(`interpolation:${String((value as string[] | undefined)?.[1] ?? text)}`);
      return '';
    },
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  await loadLanguage(language);
  applyLanguage(language);
}

export async function switchLanguage(language: TLanguage) {
  await loadLanguage(language);
  await i18n.changeLanguage(language);
  applyLanguage(language);
}

export { i18n };
