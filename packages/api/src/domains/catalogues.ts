import type { TPlainCatalogue } from '@mas/shared';
import { catalogueModel, createCatalogue } from './catalogue.ts';
import { referencesTo } from '../core/references.ts';

/**
 * Catalogues with nothing of their own (no rule, and no other record copies their names): each
 * is made here from its collection's name, as a model (named like the entity: `ward` → `Ward`)
 * and the CRUD service and router; the root router takes them all. A new plain catalogue is one
 * line here once `@mas/shared` lists it (CATALOGUE_ACCESS). Catalogues with rules or copied names
 * keep a folder of their own (specialty, department, disability, diagnosis, room).
 */
const COLLECTIONS = {} as const satisfies Partial<Record<TPlainCatalogue, string>>;

type TGenericCatalogue = keyof typeof COLLECTIONS;

export const modelNameOf = (entity: string) => entity[0]!.toUpperCase() + entity.slice(1);

function make(entity: TGenericCatalogue, collection: string) {
  const model = catalogueModel(modelNameOf(entity), collection);
  return { model, ...createCatalogue(entity, model, referencesTo(entity)) };
}

/** Model, service and router of each catalogue above, by entity. */
export const genericCatalogues = Object.fromEntries(
  Object.entries<string>(COLLECTIONS).map(([entity, collection]) => [
    entity,
    make(entity as TGenericCatalogue, collection),
  ]),
) as { [K in TGenericCatalogue]: ReturnType<typeof make> };

export const genericCatalogueRouters = Object.fromEntries(
  Object.entries<ReturnType<typeof make>>(genericCatalogues).map(([entity, catalogue]) => [entity, catalogue.router]),
) as { [K in TGenericCatalogue]: ReturnType<typeof make>['router'] };
