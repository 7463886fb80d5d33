import { createCatalogue } from '../../crud/catalogue.ts';
import { referencesTo } from '../references.ts';
import { Disability } from './model.ts';

export const { service: disabilityService, router: disabilityRouter } = createCatalogue(
  'disability',
  Disability,
  referencesTo('disability'),
);
