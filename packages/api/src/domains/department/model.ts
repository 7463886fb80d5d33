import { catalogueModel, type CatalogueDoc } from '../../crud/catalogue.ts';

export const Department = catalogueModel<CatalogueDoc>('Department', 'departments');
