import { createCatalogue } from '../../crud/catalogue.ts';
import { referencesTo } from '../references.ts';
import { Specialty } from './model.ts';

export const { service: specialtyService, router: specialtyRouter } = createCatalogue(
  'specialty',
  Specialty,
  referencesTo('specialty'),
);
