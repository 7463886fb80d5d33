import { catalogueModel, type CatalogueDoc } from '../../crud/catalogue.ts';

export const Disability = catalogueModel<CatalogueDoc>('Disability', 'disabilities');
