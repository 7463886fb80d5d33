import { catalogueModel, type CatalogueDoc } from '../../crud/catalogue-model.ts';

export const Diagnosis = catalogueModel<CatalogueDoc>('Diagnosis', 'diagnoses');
