import type en from '../locales/en/index.ts';

export const LANGUAGES = ['es', 'en'] as const;
export type TLanguage = (typeof LANGUAGES)[number];
export type TResources = typeof en;

/** One chunk per language, loaded when chosen: the first load carries none of the other. */
export const loadResources: Record<TLanguage, () => Promise<{ default: TResources }>> = {
  es: () => import('../locales/es/index.ts'),
  en: () => import('../locales/en/index.ts'),
};
