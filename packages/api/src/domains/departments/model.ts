import { catalogueModel, type CatalogueDoc } from '../../crud/catalogue-model.ts';

export const Department = catalogueModel<CatalogueDoc>('Department', 'departments');
