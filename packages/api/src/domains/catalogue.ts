import {
  ZCatalogueCreateInput,
  ZCatalogueItem,
  ZCatalogueListInput,
  ZCatalogueUpdateInput,
  type TEntity,
  type TPermission,
} from '@mas/shared';
import type { z } from 'zod';
import { normalizeKey, stamps } from '../db/schema.ts';
import type { Model } from 'mongoose';
import type { CatalogueDoc } from '../crud/catalogue-model.ts';
import { changeNotifier } from './notifications/service.ts';
import { router, type AppDeps } from '../trpc.ts';
import { crudProcedures } from '../crud/router.ts';
import { createCrudService, type CrudConfig } from '../crud/service.ts';
import type { Reference } from '../core/references.ts';

export { catalogueModel, type CatalogueDoc } from '../crud/catalogue-model.ts';

export const catalogueDto = (doc: CatalogueDoc) => ({
  ...stamps(doc),
  name: doc.name,
  description: doc.description,
  isActive: doc.isActive,
});

export const catalogueFields = (input: { name?: string | undefined; description?: string | undefined }) => ({
  ...(input.name !== undefined ? { name: input.name, nameKey: normalizeKey(input.name) } : {}),
  ...(input.description !== undefined ? { description: input.description } : {}),
});

export const UNIQUE_NAME = { field: 'name', error: { code: 'record.duplicate', params: { field: 'name' } } } as const;

/** The CRUD configuration shared by plain catalogues; rooms extend it. */
export function catalogueConfig(
  entity: TEntity,
  catalogue: Model<CatalogueDoc>,
  references: Reference[] = [],
  hooks: CatalogueHooks = {},
): CrudConfig<
  CatalogueDoc,
  z.infer<typeof ZCatalogueItem>,
  z.infer<typeof ZCatalogueCreateInput>,
  z.infer<typeof ZCatalogueListInput>
> {
  const notifyMaintainers = changeNotifier<CatalogueDoc>(entity, `${entity}.write` as TPermission, (doc) => doc.name);
  return {
    entity,
    model: catalogue,
    toDtos: async (docs) => docs.map(catalogueDto),
    toFields: (input) => catalogueFields(input),
    searchFields: ['nameKey', 'description'],
    sortPaths: { name: 'nameKey' },
    defaultSort: { nameKey: 1 },
    label: (doc) => doc.name,
    references,
    unique: UNIQUE_NAME,
    afterChange: async (deps, actor, type, doc, before) => {
      // Those who maintain a catalogue hear of each other's changes.
      await notifyMaintainers(deps, actor, type, doc);
      if (before && before.name !== doc.name) await hooks.afterRename?.(deps, doc);
    },
  };
}

export const catalogueSchemas = {
  item: ZCatalogueItem,
  create: ZCatalogueCreateInput,
  update: ZCatalogueUpdateInput,
  list: ZCatalogueListInput,
};

export interface CatalogueHooks {
  /** After the name changed, e.g. to bring copies of it up to date. */
  afterRename?(deps: AppDeps, doc: CatalogueDoc): Promise<void>;
}

/** Service and router of one plain catalogue. */
export function createCatalogue(
  entity: TEntity,
  catalogue: Model<CatalogueDoc>,
  references: Reference[] = [],
  hooks: CatalogueHooks = {},
) {
  const service = createCrudService(catalogueConfig(entity, catalogue, references, hooks));
  return { service, router: router(crudProcedures(entity, service, catalogueSchemas)) };
}
