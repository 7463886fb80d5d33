import { createCatalogue } from '../../crud/catalogue.ts';
import { referencesTo } from '../references.ts';
import { Department } from './model.ts';

export const { service: departmentService, router: departmentRouter } = createCatalogue(
  'department',
  Department,
  referencesTo('department'),
);
