import { createCatalogue } from '../catalogue.ts';
import { referencesTo } from '../../core/references.ts';
import { followRename } from '../renames.ts';
import { Department } from './model.ts';

export const { service: departmentService, router: departmentRouter } = createCatalogue(
  'department',
  Department,
  referencesTo('department'),
  { afterRename: async (deps, doc) => void followRename(deps, { entity: 'department', id: doc._id }) },
);
