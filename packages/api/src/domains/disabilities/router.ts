import { NONE_DISABILITY_KEY } from '@mas/shared';
import { catalogueConfig, catalogueSchemas } from '../catalogue.ts';
import { crudProcedures } from '../../crud/router.ts';
import { createCrudService } from '../../crud/service.ts';
import type { Call } from '../../core/call.ts';
import { normalizeKey, oid, op } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { router } from '../../trpc.ts';
import { referencesTo } from '../../core/references.ts';
import { followRename } from '../renames.ts';
import { Disability } from './model.ts';

const crud = createCrudService(
  catalogueConfig('disability', Disability, referencesTo('disability'), {
    afterRename: async (deps, doc) => void followRename(deps, { entity: 'disability', id: doc._id }),
  }),
);

/** Refuses a change that would take the built-in "None" entry (src/bootstrap.ts) away from patient forms. */
async function assertNotNone(ids: string[]) {
  if (await Disability.exists({ _id: op({ $in: ids.map(oid) }), nameKey: NONE_DISABILITY_KEY })) {
    throw new AppError('disability.noneBuiltIn', {}, { name: 'disability.noneBuiltIn' });
  }
}

export const disabilityService = {
  ...crud,
  async update(...args: Parameters<typeof crud.update>) {
    const [, input] = args;
    // Its description may change, and its name only in spelling ("none" → "None").
    if (input.data.name !== undefined && normalizeKey(input.data.name) !== NONE_DISABILITY_KEY)
      await assertNotNone([input.id]);
    return crud.update(...args);
  },
  async setActive(call: Call, input: { id: string; isActive: boolean }) {
    if (!input.isActive) await assertNotNone([input.id]);
    return crud.setActive(call, input);
  },
  async remove(call: Call, id: string) {
    await assertNotNone([id]);
    return crud.remove(call, id);
  },
  async removeMany(call: Call, ids: string[]) {
    await assertNotNone(ids);
    return crud.removeMany(call, ids);
  },
};

export const disabilityRouter = router(crudProcedures('disability', disabilityService, catalogueSchemas));
