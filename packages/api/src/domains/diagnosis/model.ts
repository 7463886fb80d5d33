import { catalogueModel, type CatalogueDoc } from '../../crud/catalogue.ts';

export const Diagnosis = catalogueModel<CatalogueDoc>('Diagnosis', 'diagnoses');
