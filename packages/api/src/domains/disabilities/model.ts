import { catalogueModel, type CatalogueDoc } from '../../crud/catalogue-model.ts';

export const Disability = catalogueModel<CatalogueDoc>('Disability', 'disabilities');
