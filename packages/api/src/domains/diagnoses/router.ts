import { createCatalogue } from '../catalogue.ts';
import { referencesTo } from '../../core/references.ts';
import { followRename } from '../renames.ts';
import { Diagnosis } from './model.ts';

export const { service: diagnosisService, router: diagnosisRouter } = createCatalogue(
  'diagnosis',
  Diagnosis,
  referencesTo('diagnosis'),
  { afterRename: async (deps, doc) => void followRename(deps, { entity: 'diagnosis', id: doc._id }) },
);
