import a11y from './a11y.json';
import audit from './audit.json';
import clinical from './clinical.json';
import dashboard from './dashboard.json';
import notifications from './notifications.json';
import auth from './auth.json';
import common from './common.json';
import entities from './entities.json';
import errors from './errors.json';
import home from './home.json';
import nav from './nav.json';
import palette from './palette.json';
import settings from './settings.json';
import type { TResources } from '../../i18n/resources.ts';

/** Typed as the English bundle: a key missing here fails the build (extra keys fail e2e/locales.spec.ts). */
const es: TResources = {
  common,
  nav,
  settings,
  auth,
  errors,
  home,
  palette,
  entities,
  audit,
  clinical,
  dashboard,
  notifications,
  a11y,
};
export default es;
