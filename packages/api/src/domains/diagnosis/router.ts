import { createCatalogue } from '../../crud/catalogue.ts';
import { referencesTo } from '../references.ts';
import { followRename } from '../renames.ts';
import { Diagnosis } from './model.ts';

export const { service: diagnosisService, router: diagnosisRouter } = createCatalogue(
  'diagnosis',
  Diagnosis,
  referencesTo('diagnosis'),
  { afterRename: async (deps, doc) => void followRename(deps, { entity: 'diagnosis', id: doc._id }) },
);
