import { createCatalogue } from '../../crud/catalogue.ts';
import { referencesTo } from '../references.ts';
import { followRename } from '../renames.ts';
import { Department } from './model.ts';

export const { service: departmentService, router: departmentRouter } = createCatalogue(
  'department',
  Department,
  referencesTo('department'),
  { afterRename: async (deps, doc) => void followRename(deps, { entity: 'department', id: doc._id }) },
);
