import 'i18next';
import type { TResources } from './resources.ts';

// Keys are checked at compile time: a typo in t('…') fails `tsc -b`.
declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'common';
    resources: TResources;
  }
}
