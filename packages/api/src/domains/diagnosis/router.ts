import { createCatalogue } from '../../crud/catalogue.ts';
import { referencesTo } from '../references.ts';
import { Diagnosis } from './model.ts';

export const { service: diagnosisService, router: diagnosisRouter } = createCatalogue(
  'diagnosis',
  Diagnosis,
  referencesTo('diagnosis'),
);
