import { catalogueModel, type CatalogueDoc } from '../../crud/catalogue-model.ts';

export const Specialty = catalogueModel<CatalogueDoc>('Specialty', 'specialties');
