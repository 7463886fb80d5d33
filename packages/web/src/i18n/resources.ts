import type en from '../locales/en/index.ts';

export const LANGUAGES = ['es', 'en'] as const;
export type TLanguage = (typeof LANGUAGES)[number];
export type TResources = typeof en;
export type TNamespace = keyof TResources;
/** Every namespace of the resources, loaded at start-up. */
export const NAMESPACES = [
  'common',
  'nav',
  'settings',
  'auth',
  'errors',
  'home',
  'palette',
  'entities',
  'audit',
  'clinical',
  'dashboard',
  'notifications',
  'a11y',
] as const satisfies readonly TNamespace[];

/** One chunk per language, loaded when chosen: the first load carries none of the other. */
export const loadResources: Record<TLanguage, () => Promise<{ default: TResources }>> = {
  es: () => import('../locales/es/index.ts'),
  en: () => import('../locales/en/index.ts'),
};
