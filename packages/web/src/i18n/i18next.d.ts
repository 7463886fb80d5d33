import 'i18next';
import type appointments from '../locales/en/appointments.json';
import type { TResources } from './resources.ts';

// Keys are checked at compile time: a typo in t('…') fails `tsc -b`.
declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'common';
    // The appointments strings load with their screens (lazily), not at start-up.
    resources: TResources & { appointments: typeof appointments };
  }
}
