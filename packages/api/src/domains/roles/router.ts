import { ZRole, ZRoleCreateInput, ZRoleListInput, ZRoleUpdateInput } from '@mas/shared';
import { crudProcedures } from '../../crud/router.ts';
import { router } from '../../trpc.ts';
import { roleService } from './service.ts';

export const roleRouter = router(
  crudProcedures('role', roleService, {
    item: ZRole,
    create: ZRoleCreateInput,
    update: ZRoleUpdateInput,
    list: ZRoleListInput,
  }),
);
