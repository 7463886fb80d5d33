import { catalogueModel, type CatalogueDoc } from '../../crud/catalogue.ts';

export const Specialty = catalogueModel<CatalogueDoc>('Specialty', 'specialties');
