import { createCatalogue } from '../catalogue.ts';
import { referencesTo } from '../../core/references.ts';
import { followRename } from '../renames.ts';
import { Specialty } from './model.ts';

export const { service: specialtyService, router: specialtyRouter } = createCatalogue(
  'specialty',
  Specialty,
  referencesTo('specialty'),
  { afterRename: async (deps, doc) => void followRename(deps, { entity: 'specialty', id: doc._id }) },
);
