import { model, type Model, type SchemaDefinition } from 'mongoose';
import { entitySchema, type Stamped } from '../db/schema.ts';

/**
 * The catalogues' model, apart from their CRUD wiring: models sit at the bottom of the API and
 * import nothing above the database helpers (a domain model importing the CRUD factory closed a cycle).
 */

/** What the five catalogues (specialty, department, room, disability, diagnosis) store. */
export interface CatalogueDoc extends Stamped {
  isActive: boolean;
  name: string;
  nameKey: string;
  description: string;
}

/** A catalogue model: unique case-insensitive name, plus any extra fields. */
export function catalogueModel<Doc extends CatalogueDoc = CatalogueDoc>(
  name: string,
  collection: string,
  extra: SchemaDefinition = {},
): Model<Doc> {
  const schema = entitySchema(
    {
      name: { type: String, required: true },
      nameKey: { type: String, required: true },
      description: { type: String, default: '' },
      isActive: { type: Boolean, default: true },
      ...extra,
    },
    collection,
  );
  schema.index({ nameKey: 1 }, { unique: true });
  schema.index({ isActive: 1, nameKey: 1 });
  return model(name, schema) as unknown as Model<Doc>;
}
