import { createCatalogue } from '../../crud/catalogue.ts';
import { referencesTo } from '../references.ts';
import { followRename } from '../renames.ts';
import { Disability } from './model.ts';

export const { service: disabilityService, router: disabilityRouter } = createCatalogue(
  'disability',
  Disability,
  referencesTo('disability'),
  { afterRename: async (deps, doc) => void followRename(deps, { entity: 'disability', id: doc._id }) },
);
